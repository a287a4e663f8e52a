/** Step 2: how limebridge gets access; creates the connection, or sends the browser to the CRM's consent page. */
import { type FormEvent, useState } from 'react';
import { admin } from '../../api/endpoints.ts';
import type { CrmKind, Info } from '../../api/types.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ErrorBox } from '../error-box.tsx';
import { Panel } from '../panel.tsx';
import { AuthForm } from './auth-form.tsx';
import { connectionBody, type MethodId, methodsOf } from './auth-methods.ts';
import { MethodPicker } from './method-picker.tsx';

type Props = {
  readonly tenantId: string;
  readonly kind: CrmKind;
  readonly info: Info;
  readonly onBack: () => void;
  readonly onCreated: (created: { id: string; webhookUrl: string }) => void;
};

export function AuthStep({ tenantId, kind, info, onBack, onCreated }: Props) {
  const t = useT();
  const methods = methodsOf(kind);
  const [methodId, setMethodId] = useState<MethodId | undefined>(methods[0]?.id);
  const [label, setLabel] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const method = methods.find((m) => m.id === methodId) ?? methods[0];
  const connect = useAction(async () => {
    if (!method) return;
    const body = {
      ...connectionBody(method, values, info.oauthRedirectUri),
      ...(label.trim() ? { label: label.trim() } : {}),
    };
    if (method.redirect) {
      const { authorizeUrl } = await admin.oauthStart(tenantId, body);
      window.location.assign(authorizeUrl);
      return;
    }
    onCreated(await admin.connect(tenantId, body));
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void connect.run();
  };
  if (!method) return null;
  return (
    <Panel title={t('connect.step2')}>
      <form onSubmit={submit} className="form">
        <p>
          <strong>{t(`crm.${kind}`)}</strong>{' '}
          <button type="button" className="link-button" onClick={onBack}>
            {t('connect.changeKind')}
          </button>
        </p>
        <MethodPicker methods={methods} current={method.id} onPick={setMethodId} />
        <AuthForm
          method={method}
          values={values}
          redirectUri={info.oauthRedirectUri}
          onChange={(key, value) => setValues((v) => ({ ...v, [key]: value }))}
        />
        <label className="field">
          <span>
            {t('connect.label')} <em className="muted">{t('common.optional')}</em>
          </span>
          <input
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            placeholder={t('connect.labelPlaceholder')}
            data-testid="connection-label"
          />
        </label>
        <ErrorBox error={connect.error} onClose={connect.clearError} />
        <button type="submit" className="button primary" disabled={connect.busy} data-testid="connect-submit">
          {connect.busy
            ? t('common.working')
            : method.redirect
              ? t('connect.goConsent', { crm: t(`crm.${kind}`) })
              : t('connect.submit')}
        </button>
      </form>
    </Panel>
  );
}
