/** Edit the tenant (name, timezone, Lime webhook URL) and issue a new API key. */
import { useState } from 'react';
import { admin } from '../api/endpoints.ts';
import type { Info, Tenant } from '../api/types.ts';
import { useAction } from '../hooks/use-action.ts';
import { useT } from '../i18n/i18n.tsx';
import { CopyField } from './copy-field.tsx';
import { ErrorBox } from './error-box.tsx';
import { Panel } from './panel.tsx';
import { SecretsOnce } from './secrets-once.tsx';
import { TenantForm } from './tenant-form.tsx';

type Props = { readonly tenant: Tenant; readonly info: Info; readonly onSaved: () => Promise<void> };

export function TenantSettings({ tenant, info, onSaved }: Props) {
  const t = useT();
  const [saved, setSaved] = useState(false);
  const [newKey, setNewKey] = useState<string | null>(null);
  const save = useAction(async (input: Parameters<typeof admin.updateTenant>[1]) => {
    await admin.updateTenant(tenant.id, input);
    await onSaved();
    setSaved(true);
  });
  const rotate = useAction(async () => {
    const { apiKey } = await admin.rotateApiKey(tenant.id);
    setNewKey(apiKey);
  });
  return (
    <div className="two-columns">
      <Panel title={t('settings.title')}>
        <TenantForm
          key={tenant.id}
          initial={tenant}
          busy={save.busy}
          submitLabel={t('common.save')}
          onSubmit={(input) => {
            setSaved(false);
            void save.run(input);
          }}
        />
        {saved ? <p className="ok-text">{t('common.saved')}</p> : null}
        <ErrorBox error={save.error} />
      </Panel>
      <Panel title={t('settings.limeTitle')}>
        <p className="muted">{t('settings.limeLead')}</p>
        <CopyField label={t('secrets.eventsUrl')} value={`${info.publicUrl}/v1/events`} />
        <CopyField label={t('secrets.outboundUrl')} value={`${info.publicUrl}/v1/outbound`} />
        <h3>{t('settings.rotateTitle')}</h3>
        <p className="muted">{t('settings.rotateLead')}</p>
        {newKey ? (
          <SecretsOnce created={{ id: tenant.id, apiKey: newKey }} info={info} />
        ) : (
          <button
            type="button"
            className="button danger"
            disabled={rotate.busy}
            data-testid="rotate-key"
            onClick={() => {
              if (window.confirm(t('settings.rotateConfirm'))) void rotate.run();
            }}
          >
            {t('settings.rotate')}
          </button>
        )}
        <ErrorBox error={rotate.error} />
      </Panel>
    </div>
  );
}
