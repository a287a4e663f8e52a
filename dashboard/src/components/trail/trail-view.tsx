/** One client's trail: every event received and every CRM/Lime write with its outcome, and the CRM ids. */
import { type FormEvent, useState } from 'react';
import { admin } from '../../api/endpoints.ts';
import type { Connection } from '../../api/types.ts';
import { useApi } from '../../hooks/use-api.ts';
import { navigate, to } from '../../hooks/use-route.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ErrorBox } from '../error-box.tsx';
import { FeedTable } from '../feed/feed-table.tsx';
import { Loading } from '../loading.tsx';
import { Panel } from '../panel.tsx';
import { TrailLinks } from './trail-links.tsx';

type Props = {
  readonly tenantId: string;
  readonly clientId: string;
  readonly connections: readonly Connection[];
};

export function TrailView({ tenantId, clientId, connections }: Props) {
  const t = useT();
  const [typed, setTyped] = useState(clientId);
  const trail = useApi(clientId ? () => admin.trail(tenantId, clientId) : null, [tenantId, clientId], 5000);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = typed.trim();
    if (id) navigate(`${to('tenants', tenantId, 'trail')}?client=${encodeURIComponent(id)}`);
  };
  return (
    <div className="trail" data-testid="trail">
      <form className="search" onSubmit={submit}>
        <input
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          placeholder={t('trail.placeholder')}
          aria-label={t('trail.placeholder')}
          data-testid="trail-input"
        />
        <button type="submit" className="button primary" data-testid="trail-search">
          {t('trail.search')}
        </button>
      </form>
      {!clientId ? <p className="muted">{t('trail.lead')}</p> : null}
      <ErrorBox error={trail.error} />
      {clientId && trail.loading && !trail.data ? <Loading /> : null}
      {trail.data ? (
        <>
          <Panel title={t('trail.client', { id: trail.data.clientId })} testId="trail-summary">
            <p>
              {trail.data.known
                ? t('trail.known', {
                    category: t(trail.data.category === 'child' ? 'category.child' : 'category.adult'),
                  })
                : t('trail.unknown')}
            </p>
            <TrailLinks links={trail.data.links} connections={connections} />
          </Panel>
          <Panel title={t('trail.history', { n: trail.data.entries.length })}>
            {trail.data.entries.length === 0 ? (
              <p className="muted">{t('trail.noEntries')}</p>
            ) : (
              <FeedTable entries={trail.data.entries} connections={connections} tenantId={tenantId} />
            )}
          </Panel>
        </>
      ) : null}
    </div>
  );
}
