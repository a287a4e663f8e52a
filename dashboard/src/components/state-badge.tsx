/** A connection's state as a coloured badge. */
import type { ConnectionState } from '../api/types.ts';
import { useT } from '../i18n/i18n.tsx';

export function StateBadge({ state }: { readonly state: ConnectionState }) {
  const t = useT();
  return (
    <span className={`badge state-${state}`} data-testid="state-badge">
      {t(`state.${state}`)}
    </span>
  );
}
