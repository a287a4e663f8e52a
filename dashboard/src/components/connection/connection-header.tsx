/** The connection's name, CRM, state, and the pause/resume switch. */
import { admin } from '../../api/endpoints.ts';
import type { Connection } from '../../api/types.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useT } from '../../i18n/i18n.tsx';
import { kindLabel } from '../../lib/labels.ts';
import { ErrorBox } from '../error-box.tsx';
import { StateBadge } from '../state-badge.tsx';

type Props = { readonly connection: Connection; readonly onChanged: () => Promise<void> };

export function ConnectionHeader({ connection, onChanged }: Props) {
  const t = useT();
  const paused = connection.state === 'paused';
  const toggle = useAction(async () => {
    await admin.changeConnection(connection.id, { paused: !paused });
    await onChanged();
  });
  return (
    <>
      <div className="page-head">
        <div>
          <h1 data-testid="connection-title">
            <span className={`kind-dot kind-${connection.kind}`} /> {connection.label}
          </h1>
          <p className="muted small">
            {kindLabel(t, connection.kind)} · <code>{connection.id}</code>
          </p>
        </div>
        <div className="row-actions">
          <StateBadge state={connection.state} />
          <button
            type="button"
            className={paused ? 'button primary' : 'button'}
            onClick={() => void toggle.run()}
            disabled={toggle.busy}
            data-testid="pause-toggle"
          >
            {paused ? t('conn.resume') : t('conn.pause')}
          </button>
        </div>
      </div>
      <ErrorBox error={toggle.error} onClose={toggle.clearError} />
    </>
  );
}
