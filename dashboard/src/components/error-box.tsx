/** Shows an admin API failure: the server's message, then each detail (`path: message`). */
import type { ApiFailure } from '../api/client.ts';
import { hasMessage, useT } from '../i18n/i18n.tsx';

type Props = { readonly error: ApiFailure | null; readonly onClose?: (() => void) | undefined };

export function ErrorBox({ error, onClose }: Props) {
  const t = useT();
  if (!error) return null;
  const hintKey = `errorHint.${error.code}`;
  return (
    <div className="alert alert-error" role="alert" data-testid="error-box">
      <div className="alert-head">
        <strong>{error.message || t('error.generic')}</strong>
        {onClose ? (
          <button type="button" className="link-button" onClick={onClose} aria-label={t('common.close')}>
            ×
          </button>
        ) : null}
      </div>
      {error.details.length > 0 ? (
        <ul className="error-details">
          {error.details.map((detail) => (
            <li key={`${detail.path}:${detail.message}`}>
              {detail.path ? <code>{detail.path}</code> : null} {detail.message}
            </li>
          ))}
        </ul>
      ) : null}
      {hasMessage(hintKey) ? <p className="alert-hint">{t(hintKey)}</p> : null}
      <p className="muted small">{t('error.code', { code: error.code, status: error.status || '—' })}</p>
    </div>
  );
}
