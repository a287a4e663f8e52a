/** Rows of activity: when, from where, what, on which entity and CRM record, how it ended, and why. */
import type { ActivityEntry, Connection } from '../../api/types.ts';
import { to } from '../../hooks/use-route.ts';
import { useT } from '../../i18n/i18n.tsx';
import { describeDetail } from '../../lib/describe-detail.ts';
import { entityLabel, operationLabel, outcomeLabel, sourceLabel } from '../../lib/labels.ts';
import { When } from '../when.tsx';
import { useZone } from '../zone.tsx';

type Props = {
  readonly entries: readonly ActivityEntry[];
  readonly connections: readonly Connection[];
  readonly tenantId: string;
  readonly fresh?: ReadonlySet<number>;
};

export function FeedTable({ entries, connections, tenantId, fresh }: Props) {
  const t = useT();
  const zone = useZone();
  const labels = new Map(connections.map((c) => [c.id, c.label]));
  return (
    <div className="table-wrap tall">
      <table className="feed-table" data-testid="feed-table">
        <thead>
          <tr>
            <th>
              {t('feed.col.at')} <span className="zone-hint">{zone}</span>
            </th>
            <th>{t('feed.col.source')}</th>
            <th>{t('feed.col.operation')}</th>
            <th>{t('feed.col.entity')}</th>
            <th>{t('feed.col.crm')}</th>
            <th>{t('feed.col.outcome')}</th>
            <th>{t('feed.col.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} className={fresh?.has(entry.id) ? 'fresh' : undefined} data-testid="feed-row">
              <td className="nowrap">
                <When at={entry.at} />
              </td>
              <td>
                <span className={`source source-${entry.source}`}>{sourceLabel(t, entry.source)}</span>
              </td>
              <td data-testid="feed-operation">{operationLabel(t, entry.operation)}</td>
              <td>
                <EntityCell entry={entry} tenantId={tenantId} />
              </td>
              <td className="small">
                {entry.connectionId ? (
                  <a href={to('connections', entry.connectionId)}>
                    {labels.get(entry.connectionId) ?? entry.connectionId}
                  </a>
                ) : null}
                {entry.remoteId ? <div className="mono muted">#{entry.remoteId}</div> : null}
              </td>
              <td>
                <span className={`outcome outcome-${entry.outcome}`}>{outcomeLabel(t, entry.outcome)}</span>
              </td>
              <td className="detail small">{describeDetail(t, entry.detail)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EntityCell({ entry, tenantId }: { readonly entry: ActivityEntry; readonly tenantId: string }) {
  const t = useT();
  if (!entry.entity) return null;
  const label = entityLabel(t, entry.entity);
  if (entry.entity === 'client' && entry.entityId) {
    return (
      <a
        href={`${to('tenants', tenantId, 'trail')}?client=${encodeURIComponent(entry.entityId)}`}
        title={t('feed.openTrail')}
      >
        {label} <span className="mono">{entry.entityId}</span>
      </a>
    );
  }
  return (
    <span>
      {label} {entry.entityId ? <span className="mono">{entry.entityId}</span> : null}
    </span>
  );
}
