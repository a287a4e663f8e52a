/**
 * New credentials for the connection (after `needs_reauth`, or to move it to another account): typed in, or
 * granted on the CRM's consent page (OAuth by redirect, back to this connection); its webhook URL; and for
 * Bitrix24 the application token on its own.
 */
import { type FormEvent, useState } from 'react';
import { admin } from '../../api/endpoints.ts';
import type { Connection, Info } from '../../api/types.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useT } from '../../i18n/i18n.tsx';
import { AuthForm } from '../connect/auth-form.tsx';
import { type AuthMethod, connectionBody, type MethodId, methodsOf } from '../connect/auth-methods.ts';
import { MethodPicker } from '../connect/method-picker.tsx';
import { CopyField } from '../copy-field.tsx';
import { ErrorBox } from '../error-box.tsx';
import { Panel } from '../panel.tsx';
import { ApplicationTokenForm } from './application-token-form.tsx';
import { AuthSummary } from './auth-summary.tsx';

type Props = { readonly connection: Connection; readonly info: Info; readonly onSaved: () => Promise<void> };

export function ReauthForm({ connection, info, onSaved }: Props) {
  const t = useT();
  const methods = methodsOf(connection.kind);
  const [methodId, setMethodId] = useState<MethodId | undefined>(() => currentMethod(connection, methods));
  const [values, setValues] = useState<Record<string, string>>(() => initialValues(connection));
  const [done, setDone] = useState(false);
  const method = methods.find((m) => m.id === methodId) ?? methods[0];
  const save = useAction(async () => {
    if (!method) return;
    const { auth, baseUrl } = connectionBody(method, values, info.oauthRedirectUri);
    const body = { auth, ...(baseUrl ? { baseUrl } : {}) };
    if (method.redirect) {
      const { authorizeUrl } = await admin.reauthStart(connection.id, body);
      window.location.assign(authorizeUrl);
      return;
    }
    await admin.changeConnection(connection.id, body);
    await onSaved();
    setDone(true);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    void save.run();
  };
  const crm = t(`crm.${connection.kind}`);
  return (
    <div className="two-columns">
      <div>
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
              {method.redirect ? <p className="muted small">{t('reauth.redirectHint', { crm })}</p> : null}
              <ErrorBox error={save.error} onClose={save.clearError} />
              <button
                type="submit"
                className="button primary"
                disabled={save.busy}
                data-testid="reauth-submit"
              >
                {save.busy
                  ? t('common.working')
                  : method.redirect
                    ? t('connect.goConsent', { crm })
                    : t('reauth.submit')}
              </button>
              {done ? <p className="ok-text">{t('reauth.done')}</p> : null}
            </form>
          ) : null}
        </Panel>
      </div>
      <div>
        {connection.kind === 'bitrix24' ? (
          <ApplicationTokenForm connection={connection} onSaved={onSaved} />
        ) : null}
        <Panel title={t('access.title')}>
          <CopyField label={t('conn.webhookUrl')} value={connection.webhookUrl} testId="webhook-url" />
          <p className="muted small">{t('access.webhookHint')}</p>
          <h3>{t('access.current')}</h3>
          <AuthSummary auth={connection.auth} />
        </Panel>
      </div>
    </div>
  );
}

/** The way in the connection uses now (for OAuth, the consent page), so the form starts there. */
function currentMethod(connection: Connection, methods: readonly AuthMethod[]): MethodId | undefined {
  const type = connection.auth?.type;
  return (methods.find((m) => m.type === type) ?? methods[0])?.id;
}

/** Non-secret values the hub shows (masked secrets are not copied into the form). */
function initialValues(connection: Connection): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(connection.auth ?? {})) {
    if (typeof value === 'string' && !/[•*…]/.test(value)) values[key] = value;
  }
  return values;
}
