/** The fields of one way to connect, with the OAuth redirect URI to register in the CRM beside them. */
import { useT } from '../../i18n/i18n.tsx';
import { CopyField } from '../copy-field.tsx';
import type { AuthMethod } from './auth-methods.ts';

type Props = {
  readonly method: AuthMethod;
  readonly values: Readonly<Record<string, string>>;
  readonly onChange: (key: string, value: string) => void;
  readonly redirectUri: string;
};

export function AuthForm({ method, values, onChange, redirectUri }: Props) {
  const t = useT();
  return (
    <div className="form" data-testid="auth-form">
      <p className="muted">{t(`method.${method.id}.help`)}</p>
      {method.type === 'oauth' ? (
        <div className="callout">
          <CopyField label={t('connect.redirectUri')} value={redirectUri} testId="redirect-uri" />
          <small className="muted">{t('connect.redirectUriHint')}</small>
        </div>
      ) : null}
      {method.fields.map((field) => (
        <label key={field.key} className="field">
          <span>
            {t(`authField.${field.key}`)}
            {field.required ? null : <em className="muted"> {t('common.optional')}</em>}
          </span>
          <input
            name={field.key}
            type={field.secret ? 'password' : 'text'}
            autoComplete="off"
            value={values[field.key] ?? ''}
            required={field.required}
            placeholder={field.placeholder}
            onChange={(event) => onChange(field.key, event.target.value)}
            data-testid={`auth-${field.key}`}
          />
        </label>
      ))}
    </div>
  );
}
