/**
 * The live feed: the newest page first, then a poll every few seconds that prepends what is newer than the
 * newest id held (walking back with `before` if more arrived than one page), and "older" on demand.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiFailure } from '../api/client.ts';
import { admin, type FeedQuery } from '../api/endpoints.ts';
import type { ActivityEntry } from '../api/types.ts';
import { asFailure } from './use-api.ts';

const PAGE = 50;
const MAX_KEPT = 1000;

export type FeedFilter = Omit<FeedQuery, 'before' | 'limit'>;

export type Feed = {
  readonly entries: readonly ActivityEntry[];
  readonly error: ApiFailure | null;
  readonly loading: boolean;
  readonly hasOlder: boolean;
  readonly loadOlder: () => Promise<void>;
  readonly paused: boolean;
  readonly setPaused: (paused: boolean) => void;
  /** Ids that arrived by polling since the page opened, for a brief highlight. */
  readonly fresh: ReadonlySet<number>;
};

/** `filter` must keep its identity while unchanged (memoise it): a new object starts the feed over. */
export function useFeed(tenantId: string, filter: FeedFilter, pollMs = 3000): Feed {
  const [entries, setEntries] = useState<readonly ActivityEntry[]>([]);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [loading, setLoading] = useState(true);
  const [older, setOlder] = useState<number | null>(null);
  const [paused, setPaused] = useState(false);
  const [fresh, setFresh] = useState<ReadonlySet<number>>(new Set());
  const newest = useRef(0);
  useEffect(() => {
    let cancelled = false;
    newest.current = 0;
    setEntries([]);
    setLoading(true);
    setFresh(new Set());
    admin
      .activity(tenantId, { ...filter, limit: PAGE })
      .then((page) => {
        if (cancelled) return;
        setEntries(page.entries);
        setOlder(page.next);
        newest.current = page.entries[0]?.id ?? 0;
        setError(null);
      })
      .catch((cause: unknown) => !cancelled && setError(asFailure(cause)))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [tenantId, filter]);

  useEffect(() => {
    if (paused) return;
    let cancelled = false;
    const tick = async () => {
      if (document.visibilityState === 'hidden' || loading) return;
      try {
        const added = await newerThan(tenantId, filter, newest.current);
        if (cancelled || added.length === 0) return;
        newest.current = added[0]?.id ?? newest.current;
        setEntries((held) => [...added, ...held].slice(0, MAX_KEPT));
        setFresh(new Set(added.map((entry) => entry.id)));
        setError(null);
      } catch (cause) {
        if (!cancelled) setError(asFailure(cause));
      }
    };
    const timer = window.setInterval(tick, pollMs);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
    };
  }, [tenantId, filter, paused, loading, pollMs]);

  const loadOlder = useCallback(async () => {
    if (older === null) return;
    try {
      const page = await admin.activity(tenantId, { ...filter, before: older, limit: PAGE });
      setEntries((held) => [...held, ...page.entries]);
      setOlder(page.next);
    } catch (cause) {
      setError(asFailure(cause));
    }
  }, [tenantId, filter, older]);

  return { entries, error, loading, hasOlder: older !== null, loadOlder, paused, setPaused, fresh };
}

/** Everything newer than `after`, newest first (the API pages backwards only). */
async function newerThan(tenantId: string, filter: FeedFilter, after: number): Promise<ActivityEntry[]> {
  const found: ActivityEntry[] = [];
  let before: number | undefined;
  for (let pages = 0; pages < 10; pages++) {
    const page = await admin.activity(tenantId, { ...filter, before, limit: PAGE });
    const newer = page.entries.filter((entry) => entry.id > after);
    found.push(...newer);
    if (newer.length < page.entries.length || page.next === null || after === 0) break;
    before = page.next;
  }
  return found;
}
