/** One tenant on the overview: its Lime delivery and a card per connected CRM. */
import { admin } from '../api/endpoints.ts';
import type { Tenant } from '../api/types.ts';
import { useApi } from '../hooks/use-api.ts';
import { to } from '../hooks/use-route.ts';
import { useT } from '../i18n/i18n.tsx';
import { ConnectionCard } from './connection-card.tsx';
import { ErrorBox } from './error-box.tsx';
import { LimeDeliveryView } from './lime-delivery.tsx';
import { ZoneProvider } from './zone.tsx';

export function TenantSummary({ tenant }: { readonly tenant: Tenant }) {
  const t = useT();
  const connections = useApi(() => admin.connections(tenant.id), [tenant.id], 10_000);
  const list = connections.data?.connections ?? [];
  return (
    <ZoneProvider zone={tenant.timezone}>
      <section className="tenant-block" data-testid="tenant-block">
        <header className="tenant-head">
          <div>
            <h2>
              <a href={to('tenants', tenant.id)}>{tenant.name}</a>
            </h2>
            <p className="muted small">
              {tenant.timezone} · <code>{tenant.id}</code>
            </p>
          </div>
          <div className="tenant-links">
            <a href={to('tenants', tenant.id, 'feed')}>{t('tenant.tab.feed')}</a>
            <a href={to('tenants', tenant.id, 'trail')}>{t('tenant.tab.trail')}</a>
            <a className="button" href={to('tenants', tenant.id, 'connect')}>
              {t('tenant.connectCrm')}
            </a>
          </div>
        </header>
        <div className="card-grid">
          <LimeDeliveryView delivery={tenant.limeDelivery} compact />
          {list.map((connection) => (
            <ConnectionCard key={connection.id} connection={connection} />
          ))}
          {connections.data && list.length === 0 ? (
            <a className="card card-empty" href={to('tenants', tenant.id, 'connect')}>
              <strong>{t('overview.noConnections')}</strong>
              <span className="muted">{t('overview.noConnectionsHint')}</span>
            </a>
          ) : null}
        </div>
        <ErrorBox error={connections.error} />
      </section>
    </ZoneProvider>
  );
}
