/** Step 1 of the wizard: which CRM. */
import type { CrmKind } from '../../api/types.ts';
import { useT } from '../../i18n/i18n.tsx';

const KINDS: readonly CrmKind[] = ['amocrm', 'bitrix24'];

export function KindPicker({ onPick }: { readonly onPick: (kind: CrmKind) => void }) {
  const t = useT();
  return (
    <div className="choice-grid">
      {KINDS.map((kind) => (
        <button
          key={kind}
          type="button"
          className="choice"
          onClick={() => onPick(kind)}
          data-testid={`kind-${kind}`}
        >
          <span className={`kind-dot big kind-${kind}`} />
          <strong>{t(`crm.${kind}`)}</strong>
          <span className="muted small">{t(`connect.kindHint.${kind}`)}</span>
        </button>
      ))}
    </div>
  );
}
