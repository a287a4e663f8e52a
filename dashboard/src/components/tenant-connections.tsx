/** The tenant's CRM connections as cards, and how its events reach Lime. */
import type { Connection, Tenant } from '../api/types.ts';
import type { ApiState } from '../hooks/use-api.ts';
import { to } from '../hooks/use-route.ts';
import { useT } from '../i18n/i18n.tsx';
import { ConnectionCard } from './connection-card.tsx';
import { ErrorBox } from './error-box.tsx';
import { LimeDeliveryView } from './lime-delivery.tsx';
import { Loading } from './loading.tsx';

type Props = {
  readonly tenant: Tenant;
  readonly connections: ApiState<{ connections: Connection[] }>;
};

export function TenantConnections({ tenant, connections }: Props) {
  const t = useT();
  const list = connections.data?.connections ?? [];
  return (
    <>
      <ErrorBox error={connections.error} />
      {connections.loading && !connections.data ? <Loading /> : null}
      <div className="card-grid">
        <LimeDeliveryView delivery={tenant.limeDelivery} />
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
    </>
  );
}
