/** The tenant's API key and webhook secret, shown this once, with what to give Lime. */
import type { Info, TenantCreated } from '../api/types.ts';
import { useT } from '../i18n/i18n.tsx';
import { CopyField } from './copy-field.tsx';

type Props = { readonly created: Partial<TenantCreated> & { id: string }; readonly info: Info };

export function SecretsOnce({ created, info }: Props) {
  const t = useT();
  return (
    <div className="secrets" data-testid="secrets-once">
      <div className="alert alert-warn" role="alert">
        <strong>{t('secrets.warningTitle')}</strong>
        <p>{t('secrets.warning')}</p>
      </div>
      {created.apiKey ? (
        <CopyField label={t('secrets.apiKey')} value={created.apiKey} secret testId="secret-api-key" />
      ) : null}
      {created.webhookSecret ? (
        <CopyField
          label={t('secrets.webhookSecret')}
          value={created.webhookSecret}
          secret
          testId="secret-webhook"
        />
      ) : null}
      <h3>{t('secrets.forLime')}</h3>
      <CopyField label={t('secrets.eventsUrl')} value={`${info.publicUrl}/v1/events`} />
      <CopyField label={t('secrets.outboundUrl')} value={`${info.publicUrl}/v1/outbound`} />
      <p className="muted small">{t('secrets.forLimeHint')}</p>
    </div>
  );
}
