/** Shows an admin API failure: the server's message, then each detail (`path: message`). */
import type { ApiFailure, ErrorDetail } from '../api/client.ts';
import { hasMessage, type MessageKey, useT } from '../i18n/i18n.tsx';

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
            <DetailLine key={`${detail.path}:${detail.message}`} detail={detail} />
          ))}
        </ul>
      ) : null}
      {hasMessage(hintKey) ? <p className="alert-hint">{t(hintKey)}</p> : null}
      <p className="muted small">{t('error.code', { code: error.code, status: error.status || '—' })}</p>
    </div>
  );
}

/** `path: message`, led by the form field's label when the path names one (`auth.url` → its label). */
function DetailLine({ detail }: { readonly detail: ErrorDetail }) {
  const t = useT();
  const field = fieldOf(detail.path);
  return (
    <li>
      {field ? <strong>{t(field)} </strong> : null}
      {detail.path ? <code>{detail.path}</code> : null} {detail.message}
    </li>
  );
}

/** The form field a detail's path names (`auth.url`, `authPatch.applicationToken`), when the dashboard has one. */
function fieldOf(path: string): MessageKey | null {
  const key = `authField.${path.split('.').at(-1) ?? ''}`;
  return hasMessage(key) ? key : null;
}
