/** Every tenant with its connections as cards; the first-run explanation until it is dismissed. */
import { admin } from '../api/endpoints.ts';
import { ErrorBox } from '../components/error-box.tsx';
import { IntroPanel } from '../components/intro-panel.tsx';
import { Loading } from '../components/loading.tsx';
import { TenantSummary } from '../components/tenant-summary.tsx';
import { useApi } from '../hooks/use-api.ts';
import { to } from '../hooks/use-route.ts';
import { useStoredFlag } from '../hooks/use-stored-flag.ts';
import { useT } from '../i18n/i18n.tsx';

export function OverviewPage() {
  const t = useT();
  const tenants = useApi(() => admin.tenants(), [], 10_000);
  const [dismissed, setDismissed] = useStoredFlag('limebridge.introDismissed');
  const list = tenants.data?.tenants ?? [];
  const showIntro = !dismissed || (tenants.data !== undefined && list.length === 0);
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('overview.title')}</h1>
        <a className="button primary" href={to('tenants', 'new')} data-testid="new-tenant">
          {t('overview.newTenant')}
        </a>
      </div>
      {showIntro ? <IntroPanel onDismiss={list.length > 0 ? () => setDismissed(true) : undefined} /> : null}
      <ErrorBox error={tenants.error} />
      {tenants.loading && !tenants.data ? <Loading /> : null}
      {tenants.data && list.length === 0 ? <p className="empty muted">{t('overview.noTenants')}</p> : null}
      {list.map((tenant) => (
        <TenantSummary key={tenant.id} tenant={tenant} />
      ))}
    </div>
  );
}
