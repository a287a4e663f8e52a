/** The wizard: pick the CRM, give access (token, webhook, or OAuth), then run setup and read its report. */
import { useState } from 'react';
import { admin } from '../api/endpoints.ts';
import type { CrmKind, Info, SetupReport } from '../api/types.ts';
import { AuthStep } from '../components/connect/auth-step.tsx';
import { KindPicker } from '../components/connect/kind-picker.tsx';
import { WizardSteps } from '../components/connect/wizard-steps.tsx';
import { CopyField } from '../components/copy-field.tsx';
import { ErrorBox } from '../components/error-box.tsx';
import { Panel } from '../components/panel.tsx';
import { SetupRunner } from '../components/setup/setup-runner.tsx';
import { ZoneProvider } from '../components/zone.tsx';
import { useApi } from '../hooks/use-api.ts';
import { to } from '../hooks/use-route.ts';
import { useT } from '../i18n/i18n.tsx';

type Created = { readonly id: string; readonly webhookUrl: string };

export function ConnectPage({ tenantId, info }: { readonly tenantId: string; readonly info: Info }) {
  const t = useT();
  const tenant = useApi(() => admin.tenant(tenantId), [tenantId]);
  const [kind, setKind] = useState<CrmKind | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [report, setReport] = useState<SetupReport | null>(null);
  const step = created ? 3 : kind ? 2 : 1;
  return (
    <ZoneProvider zone={tenant.data?.timezone}>
      <div className="page narrow">
        <a href={to('tenants', tenantId)} className="back">
          ← {tenant.data?.name ?? t('nav.overview')}
        </a>
        <h1>{t('connect.title')}</h1>
        <ErrorBox error={tenant.error} />
        <WizardSteps current={step} />
        {step === 1 ? (
          <Panel title={t('connect.step1')}>
            <KindPicker onPick={setKind} />
          </Panel>
        ) : null}
        {step === 2 && kind ? (
          <AuthStep
            tenantId={tenantId}
            kind={kind}
            info={info}
            onBack={() => setKind(null)}
            onCreated={setCreated}
          />
        ) : null}
        {created ? (
          <Panel title={t('connect.step3')} testId="connect-done">
            <p className="ok-text">{t('connect.created')}</p>
            <CopyField label={t('conn.webhookUrl')} value={created.webhookUrl} />
            <SetupRunner connectionId={created.id} report={report} at={null} onDone={setReport} />
            <div className="row-actions">
              <a
                className="button primary"
                href={to('connections', created.id)}
                data-testid="open-connection"
              >
                {t('connect.openConnection')}
              </a>
            </div>
          </Panel>
        ) : null}
      </div>
    </ZoneProvider>
  );
}
