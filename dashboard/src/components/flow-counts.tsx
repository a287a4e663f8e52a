/** Per-flow figures: contacts created/updated, notes, products, pre-orders, changes from the CRM, conflicts. */
import type { Connection } from '../api/types.ts';
import { useT } from '../i18n/i18n.tsx';
import { flowFigures } from '../lib/flow-counts.ts';

type Props = { readonly counts: Connection['counts']; readonly compact?: boolean };

export function FlowCounts({ counts, compact = false }: Props) {
  const t = useT();
  const figures = flowFigures(counts);
  return (
    <table className={compact ? 'counts compact' : 'counts'} data-testid="flow-counts">
      <tbody>
        {figures.map((figure) => (
          <tr key={figure.key}>
            <th scope="row">{t(figure.key)}</th>
            <td className="num">{figure.ok}</td>
            <td className="num">
              {figure.failed > 0 ? (
                <span className="error-text" title={t('counts.failed')}>
                  {t('counts.failedShort', { n: figure.failed })}
                </span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
