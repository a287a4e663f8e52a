/** One tenant: its connections, the live feed, a client's trail, and its settings, as tabs. */
import { admin } from '../api/endpoints.ts';
import type { Info } from '../api/types.ts';
import { ErrorBox } from '../components/error-box.tsx';
import { FeedView } from '../components/feed/feed-view.tsx';
import { Loading } from '../components/loading.tsx';
import { Tabs } from '../components/tabs.tsx';
import { TenantConnections } from '../components/tenant-connections.tsx';
import { TenantSettings } from '../components/tenant-settings.tsx';
import { TrailView } from '../components/trail/trail-view.tsx';
import { ZoneProvider } from '../components/zone.tsx';
import { useApi } from '../hooks/use-api.ts';
import { dropQueryParam, type Route, to } from '../hooks/use-route.ts';
import { useT } from '../i18n/i18n.tsx';

type Props = { readonly tenantId: string; readonly tab: string; readonly route: Route; readonly info: Info };

const TABS = ['connections', 'feed', 'trail', 'settings'] as const;

export function TenantPage({ tenantId, tab, route, info }: Props) {
  const t = useT();
  const tenant = useApi(() => admin.tenant(tenantId), [tenantId], 10_000);
  const connections = useApi(() => admin.connections(tenantId), [tenantId], 10_000);
  const oauthError = route.query.get('oauthError');
  if (tenant.error && !tenant.data) return <ErrorBox error={tenant.error} />;
  if (!tenant.data) return <Loading />;
  const list = connections.data?.connections ?? [];
  return (
    <ZoneProvider zone={tenant.data.timezone}>
      <div className="page">
        <a href={to()} className="back">
          ← {t('nav.overview')}
        </a>
        <div className="page-head">
          <div>
            <h1 data-testid="tenant-title">{tenant.data.name}</h1>
            <p className="muted small">
              {tenant.data.timezone} · <code>{tenantId}</code>
            </p>
          </div>
          <a className="button primary" href={to('tenants', tenantId, 'connect')} data-testid="connect-crm">
            {t('tenant.connectCrm')}
          </a>
        </div>
        {oauthError ? (
          <div className="alert alert-error" role="alert">
            <strong>{t('oauth.failed')}</strong> {oauthError}{' '}
            <button type="button" className="link-button" onClick={() => dropQueryParam('oauthError')}>
              {t('common.close')}
            </button>
          </div>
        ) : null}
        <Tabs
          current={tab}
          tabs={TABS.map((id) => ({
            id,
            href: id === 'connections' ? to('tenants', tenantId) : to('tenants', tenantId, id),
            label: t(`tenant.tab.${id}`),
          }))}
        />
        {tab === 'connections' ? <TenantConnections tenant={tenant.data} connections={connections} /> : null}
        {tab === 'feed' ? <FeedView tenantId={tenantId} connections={list} /> : null}
        {tab === 'trail' ? (
          <TrailView tenantId={tenantId} clientId={route.query.get('client') ?? ''} connections={list} />
        ) : null}
        {tab === 'settings' ? (
          <TenantSettings tenant={tenant.data} info={info} onSaved={tenant.reload} />
        ) : null}
      </div>
    </ZoneProvider>
  );
}
