/** What setup checked in the CRM, one row each; folded under a one-line count unless `open`. */
import type { SetupItem } from '../../api/types.ts';
import { useT } from '../../i18n/i18n.tsx';
import { setupStatusLabel, setupWhatLabel } from '../../lib/labels.ts';

const STATUSES = ['created', 'updated', 'found', 'manual'] as const;

type Props = { readonly items: readonly SetupItem[]; readonly open: boolean };

export function SetupItems({ items, open }: Props) {
  const t = useT();
  const counts = STATUSES.map((status) => [status, items.filter((i) => i.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${setupStatusLabel(t, status)}: ${n}`)
    .join(' · ');
  return (
    <details className="setup-items-box" open={open}>
      <summary data-testid="setup-items-summary">
        {t('setup.itemsSummary', { n: items.length })}
        {counts ? <span className="muted"> · {counts}</span> : null}
      </summary>
      <div className="table-wrap">
        <table className="setup-items">
          <thead>
            <tr>
              <th>{t('setup.col.what')}</th>
              <th>{t('setup.col.name')}</th>
              <th>{t('setup.col.status')}</th>
              <th>{t('setup.col.remoteId')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={`${item.what}:${item.name}`}>
                <td>{setupWhatLabel(t, item.what)}</td>
                <td className="wrap-anywhere">
                  {item.name}
                  {item.note ? <div className="muted small">{item.note}</div> : null}
                </td>
                <td>
                  <span className={`badge setup-${item.status}`}>{setupStatusLabel(t, item.status)}</span>
                </td>
                <td className="mono nowrap">{item.remoteId ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
