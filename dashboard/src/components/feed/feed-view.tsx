/** The live feed of sync operations, newest first, refreshed every few seconds, with filters the hub applies. */
import { useMemo, useState } from 'react';
import type { Connection } from '../../api/types.ts';
import { type FeedFilter, useFeed } from '../../hooks/use-feed.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ErrorBox } from '../error-box.tsx';
import { Loading } from '../loading.tsx';
import { FeedFilters, isFiltered } from './feed-filters.tsx';
import { FeedTable } from './feed-table.tsx';

type Props = {
  readonly tenantId: string;
  readonly connections: readonly Connection[];
  /** Fixed to one connection (the connection page): its filter is not offered. */
  readonly connectionId?: string;
};

export function FeedView({ tenantId, connections, connectionId }: Props) {
  const t = useT();
  const [chosen, setChosen] = useState<FeedFilter>({});
  const filter = useMemo(
    () => ({ ...chosen, ...(connectionId ? { connectionId } : {}) }),
    [chosen, connectionId],
  );
  const feed = useFeed(tenantId, filter);
  const filtered = isFiltered(chosen);
  return (
    <div className="feed" data-testid="feed">
      <div className="feed-bar">
        <FeedFilters filter={chosen} onChange={setChosen} connections={connectionId ? null : connections} />
        <label className="live-toggle">
          <input type="checkbox" checked={!feed.paused} onChange={(e) => feed.setPaused(!e.target.checked)} />
          <span className={feed.paused ? 'live-dot paused' : 'live-dot'} />
          {feed.paused ? t('feed.paused') : t('feed.live')}
        </label>
      </div>
      <ErrorBox error={feed.error} />
      {feed.loading ? <Loading /> : null}
      {!feed.loading && feed.entries.length === 0 ? (
        <div className="empty muted" data-testid="feed-empty">
          {filtered ? t('feed.emptyFiltered') : t('feed.empty')}{' '}
          {filtered ? (
            <button type="button" className="link-button" onClick={() => setChosen({})}>
              {t('feed.filter.reset')}
            </button>
          ) : null}
        </div>
      ) : null}
      {feed.entries.length > 0 ? (
        <>
          <p className="muted small feed-count" data-testid="feed-count">
            {t(feed.hasOlder ? 'feed.countMore' : 'feed.count', { n: feed.entries.length })}
            {filtered ? (
              <>
                {' · '}
                <button type="button" className="link-button" onClick={() => setChosen({})}>
                  {t('feed.filter.reset')}
                </button>
              </>
            ) : null}
          </p>
          <FeedTable
            entries={feed.entries}
            connections={connections}
            tenantId={tenantId}
            fresh={feed.fresh}
          />
        </>
      ) : null}
      {feed.hasOlder ? (
        <button
          type="button"
          className="button"
          onClick={() => void feed.loadOlder()}
          data-testid="feed-older"
        >
          {t('feed.older')}
        </button>
      ) : null}
    </div>
  );
}
