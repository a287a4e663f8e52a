/** One connection: state and figures, setup, field mapping, options, resync, dead letters, feed, access. */
import { admin } from '../api/endpoints.ts';
import type { Info } from '../api/types.ts';
import { ConnectionHeader } from '../components/connection/connection-header.tsx';
import { ConnectionStatus } from '../components/connection/connection-status.tsx';
import { DeadLetters } from '../components/connection/dead-letters.tsx';
import { FieldMapping } from '../components/connection/field-mapping.tsx';
import { OptionsForm } from '../components/connection/options-form.tsx';
import { ReauthForm } from '../components/connection/reauth-form.tsx';
import { ErrorBox } from '../components/error-box.tsx';
import { FeedView } from '../components/feed/feed-view.tsx';
import { Loading } from '../components/loading.tsx';
import { Tabs } from '../components/tabs.tsx';
import { ZoneProvider } from '../components/zone.tsx';
import { useApi } from '../hooks/use-api.ts';
import { dropQueryParam, type Route, to } from '../hooks/use-route.ts';
import { useT } from '../i18n/i18n.tsx';

type Props = {
  readonly connectionId: string;
  readonly tab: string;
  readonly route: Route;
  readonly info: Info;
};

const TABS = ['status', 'mapping', 'options', 'problems', 'feed', 'access'] as const;

export function ConnectionPage({ connectionId, tab, route, info }: Props) {
  const t = useT();
  const connection = useApi(() => admin.connection(connectionId), [connectionId], 5000);
  const tenantId = connection.data?.tenantId;
  const tenant = useApi(tenantId ? () => admin.tenant(tenantId) : null, [tenantId]);
  const letters = useApi(() => admin.deadLetters({ connectionId }), [connectionId], 10_000);
  if (connection.error && !connection.data) return <ErrorBox error={connection.error} />;
  if (!connection.data) return <Loading />;
  const c = connection.data;
  const problems = letters.data?.deadLetters.length ?? 0;
  const href = (id: string) => (id === 'status' ? to('connections', c.id) : to('connections', c.id, id));
  return (
    <ZoneProvider zone={tenant.data?.timezone}>
      <div className="page">
        <a href={to('tenants', c.tenantId)} className="back">
          ← {tenant.data?.name ?? c.tenantId}
        </a>
        <ConnectionHeader connection={c} onChanged={connection.reload} />
        {route.query.get('connected') ? (
          <div className="alert alert-ok" role="status" data-testid="connected-banner">
            <strong>{t('oauth.connected')}</strong> {c.setup.at ? null : t('oauth.connectedNext')}{' '}
            <button type="button" className="link-button" onClick={() => dropQueryParam('connected')}>
              {t('common.close')}
            </button>
          </div>
        ) : null}
        <ErrorBox error={connection.error} />
        <Tabs
          current={tab}
          tabs={TABS.map((id) => ({
            id,
            href: href(id),
            label:
              id === 'problems' && problems > 0 ? `${t(`connTab.${id}`)} (${problems})` : t(`connTab.${id}`),
          }))}
        />
        {tab === 'status' ? <ConnectionStatus connection={c} onChanged={connection.reload} /> : null}
        {tab === 'mapping' ? <FieldMapping connection={c} onSaved={connection.reload} /> : null}
        {tab === 'options' ? <OptionsForm connection={c} onSaved={connection.reload} /> : null}
        {tab === 'problems' ? <DeadLetters state={letters} connection={c} /> : null}
        {tab === 'feed' ? <FeedView tenantId={c.tenantId} connections={[c]} connectionId={c.id} /> : null}
        {tab === 'access' ? <ReauthForm connection={c} info={info} onSaved={connection.reload} /> : null}
      </div>
    </ZoneProvider>
  );
}
