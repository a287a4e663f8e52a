/** New credentials for the connection (after `needs_reauth`, or to move it to another account), and its webhook URL. */
import { type FormEvent, useState } from 'react';
import { admin } from '../../api/endpoints.ts';
import type { Connection, Info } from '../../api/types.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useT } from '../../i18n/i18n.tsx';
import { AuthForm } from '../connect/auth-form.tsx';
import { connectionBody, type MethodId, methodsOf } from '../connect/auth-methods.ts';
import { MethodPicker } from '../connect/method-picker.tsx';
import { CopyField } from '../copy-field.tsx';
import { ErrorBox } from '../error-box.tsx';
import { Panel } from '../panel.tsx';

type Props = { readonly connection: Connection; readonly info: Info; readonly onSaved: () => Promise<void> };

export function ReauthForm({ connection, info, onSaved }: Props) {
  const t = useT();
  // Re-authorising changes an existing connection, so only the ways that need no browser redirect apply.
  const methods = methodsOf(connection.kind).filter((m) => !m.redirect);
  const [methodId, setMethodId] = useState<MethodId | undefined>(methods[0]?.id);
  const [values, setValues] = useState<Record<string, string>>(() => initialValues(connection));
  const [done, setDone] = useState(false);
  const method = methods.find((m) => m.id === methodId) ?? methods[0];
  const save = useAction(async () => {
    if (!method) return;
    const { auth, baseUrl } = connectionBody(method, values, info.oauthRedirectUri);
    await admin.changeConnection(connection.id, { auth, ...(baseUrl ? { baseUrl } : {}) });
    await onSaved();
    setDone(true);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    void save.run();
  };
  return (
    <div className="two-columns">
      <Panel title={t('reauth.title')} testId="reauth">
        <p className="muted">{t('reauth.lead')}</p>
        {method ? (
          <form onSubmit={submit} className="form">
            <MethodPicker methods={methods} current={method.id} onPick={setMethodId} />
            <AuthForm
              method={method}
              values={values}
              redirectUri={info.oauthRedirectUri}
              onChange={(key, value) => setValues((v) => ({ ...v, [key]: value }))}
            />
            <ErrorBox error={save.error} onClose={save.clearError} />
            <button type="submit" className="button primary" disabled={save.busy}>
              {save.busy ? t('common.working') : t('reauth.submit')}
            </button>
            {done ? <p className="ok-text">{t('reauth.done')}</p> : null}
          </form>
        ) : null}
      </Panel>
      <Panel title={t('access.title')}>
        <CopyField label={t('conn.webhookUrl')} value={connection.webhookUrl} testId="webhook-url" />
        <p className="muted small">{t('access.webhookHint')}</p>
        <h3>{t('access.current')}</h3>
        <AuthSummary auth={connection.auth} />
      </Panel>
    </div>
  );
}

/** Non-secret values the hub shows (masked secrets are not copied into the form). */
function initialValues(connection: Connection): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(connection.auth ?? {})) {
    if (typeof value === 'string' && !/[•*…]/.test(value)) values[key] = value;
  }
  return values;
}

function AuthSummary({ auth }: { readonly auth: Connection['auth'] }) {
  const t = useT();
  if (!auth) return <p className="muted">{t('access.unknown')}</p>;
  return (
    <dl className="facts wide">
      {Object.entries(auth).map(([key, value]) => (
        <div key={key} className="fact-row">
          <dt>{key}</dt>
          <dd className="mono">{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
