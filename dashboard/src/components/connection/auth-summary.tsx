/** The connection's current access as the hub describes it (secrets already masked), in plain words. */
import type { Connection } from '../../api/types.ts';
import { hasMessage, type Translate, useT } from '../../i18n/i18n.tsx';
import { When } from '../when.tsx';

export function AuthSummary({ auth }: { readonly auth: Connection['auth'] }) {
  const t = useT();
  if (!auth) return <p className="muted">{t('access.unknown')}</p>;
  return (
    <dl className="facts wide" data-testid="auth-summary">
      {Object.entries(auth).map(([key, value]) => (
        <div key={key} className="fact-row">
          <dt>{fieldName(t, key)}</dt>
          <dd className={key === 'type' || key === 'expiresAt' ? undefined : 'mono'}>
            <Value t={t} name={key} value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function fieldName(t: Translate, key: string): string {
  const own = `access.field.${key}`;
  if (hasMessage(own)) return t(own);
  const shared = `authField.${key}`;
  return hasMessage(shared) ? t(shared) : key;
}

function Value({
  t,
  name,
  value,
}: {
  readonly t: Translate;
  readonly name: string;
  readonly value: unknown;
}) {
  if (value === null || value === undefined || value === '') {
    return <span className="muted">{t('access.notSet')}</span>;
  }
  if (name === 'expiresAt' && (typeof value === 'number' || typeof value === 'string')) {
    const at = new Date(value);
    if (!Number.isNaN(at.getTime())) return <When at={at.toISOString()} />;
  }
  if (name === 'type' && typeof value === 'string') {
    const key = `access.type.${value}`;
    return <>{hasMessage(key) ? t(key) : value}</>;
  }
  return <>{typeof value === 'string' ? value : JSON.stringify(value)}</>;
}
