/** Where the client lives in each connected CRM: the remote contact id, or "not yet". */
import type { ClientTrail, Connection } from '../../api/types.ts';
import { to } from '../../hooks/use-route.ts';
import { useT } from '../../i18n/i18n.tsx';
import { kindLabel } from '../../lib/labels.ts';

type Props = { readonly links: ClientTrail['links']; readonly connections: readonly Connection[] };

export function TrailLinks({ links, connections }: Props) {
  const t = useT();
  if (links.length === 0) return <p className="muted">{t('trail.noConnections')}</p>;
  const labels = new Map(connections.map((c) => [c.id, c.label]));
  return (
    <table className="links-table" data-testid="trail-links">
      <thead>
        <tr>
          <th>{t('trail.col.connection')}</th>
          <th>{t('trail.col.kind')}</th>
          <th>{t('trail.col.remoteId')}</th>
        </tr>
      </thead>
      <tbody>
        {links.map((link) => (
          <tr key={link.connectionId}>
            <td>
              <a href={to('connections', link.connectionId)}>
                {labels.get(link.connectionId) ?? link.connectionId}
              </a>
            </td>
            <td>{kindLabel(t, link.kind)}</td>
            <td className="mono">{link.remoteId ?? <span className="muted">{t('trail.notLinked')}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
