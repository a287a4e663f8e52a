/** The live feed of sync operations, newest first, refreshed every few seconds, with filters. */
import { useMemo, useState } from 'react';
import type { ActivityEntry, Connection } from '../../api/types.ts';
import { type FeedFilter, useFeed } from '../../hooks/use-feed.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ErrorBox } from '../error-box.tsx';
import { Loading } from '../loading.tsx';
import { FeedFilters, type LocalFilter } from './feed-filters.tsx';
import { FeedTable } from './feed-table.tsx';

type Props = {
  readonly tenantId: string;
  readonly connections: readonly Connection[];
  /** Fixed to one connection (the connection page): its filter is not offered. */
  readonly connectionId?: string;
};

export function FeedView({ tenantId, connections, connectionId }: Props) {
  const t = useT();
  const [server, setServer] = useState<FeedFilter>({});
  const [local, setLocal] = useState<LocalFilter>({ source: '', outcome: '' });
  const filter = useMemo(
    () => ({ ...server, ...(connectionId ? { connectionId } : {}) }),
    [server, connectionId],
  );
  const feed = useFeed(tenantId, filter);
  const shown = feed.entries.filter((entry) => matches(entry, local));
  return (
    <div className="feed" data-testid="feed">
      <div className="feed-bar">
        <FeedFilters
          server={server}
          local={local}
          onServer={setServer}
          onLocal={setLocal}
          connections={connectionId ? null : connections}
        />
        <label className="live-toggle">
          <input type="checkbox" checked={!feed.paused} onChange={(e) => feed.setPaused(!e.target.checked)} />
          <span className={feed.paused ? 'live-dot paused' : 'live-dot'} />
          {feed.paused ? t('feed.paused') : t('feed.live')}
        </label>
      </div>
      <ErrorBox error={feed.error} />
      {feed.loading ? <Loading /> : null}
      {!feed.loading && shown.length === 0 ? <p className="empty muted">{t('feed.empty')}</p> : null}
      {shown.length > 0 ? (
        <FeedTable entries={shown} connections={connections} tenantId={tenantId} fresh={feed.fresh} />
      ) : null}
      {feed.hasOlder ? (
        <button type="button" className="button" onClick={() => void feed.loadOlder()}>
          {t('feed.older')}
        </button>
      ) : null}
    </div>
  );
}

function matches(entry: ActivityEntry, local: LocalFilter): boolean {
  if (local.source && entry.source !== local.source) return false;
  if (local.outcome === 'problems') return entry.outcome !== 'ok' && entry.outcome !== 'duplicate';
  if (local.outcome && entry.outcome !== local.outcome) return false;
  return true;
}
