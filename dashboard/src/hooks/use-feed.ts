/**
 * The live feed: the newest page first, then a poll every few seconds for what is newer than the entries held
 * (`after`, walking back with `before` when more than a page arrived), and "older" on demand. Every filter is
 * applied by the hub, so a filtered feed is complete, not a filtered page.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiFailure } from '../api/client.ts';
import { admin, type FeedQuery } from '../api/endpoints.ts';
import type { ActivityEntry } from '../api/types.ts';
import { asFailure } from './use-api.ts';

const PAGE = 50;
const MAX_KEPT = 1000;
const MAX_CATCH_UP_PAGES = 10;
/**
 * A poll asks again for the newest few entries already held: ids are given at insert, but a transaction
 * that began earlier can commit after a later one, so an entry may appear just below the newest id seen.
 */
const OVERLAP = 10;

export type FeedFilter = Omit<FeedQuery, 'before' | 'after' | 'limit'>;

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
  const held = useRef<readonly ActivityEntry[]>([]);
  const keep = useCallback((next: readonly ActivityEntry[], olderFrom?: number | null) => {
    const kept = next.length > MAX_KEPT ? next.slice(0, MAX_KEPT) : next;
    held.current = kept;
    setEntries(kept);
    // Entries dropped off the end are found again by "older", from the last one kept.
    if (olderFrom !== undefined) setOlder(olderFrom);
    else if (kept.length < next.length) setOlder(kept.at(-1)?.id ?? null);
  }, []);

  useEffect(() => {
    let cancelled = false;
    keep([]);
    setLoading(true);
    setFresh(new Set());
    admin
      .activity(tenantId, { ...filter, limit: PAGE })
      .then((page) => {
        if (cancelled) return;
        keep(page.entries, page.next);
        setError(null);
      })
      .catch((cause: unknown) => !cancelled && setError(asFailure(cause)))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [tenantId, filter, keep]);

  useEffect(() => {
    if (paused) return;
    let cancelled = false;
    const tick = async () => {
      if (document.visibilityState === 'hidden' || loading) return;
      try {
        const current = held.current;
        const since = current[Math.min(OVERLAP, current.length) - 1]?.id ?? 0;
        const arrived = await newerThan(tenantId, filter, since);
        if (cancelled) return;
        const known = new Set(current.map((entry) => entry.id));
        const added = arrived.entries.filter((entry) => !known.has(entry.id));
        if (arrived.olderFrom !== null) keep(arrived.entries, arrived.olderFrom);
        else if (added.length > 0) keep([...added, ...current].sort((a, b) => b.id - a.id));
        if (added.length > 0) setFresh(new Set(added.map((entry) => entry.id)));
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
  }, [tenantId, filter, paused, loading, pollMs, keep]);

  const loadOlder = useCallback(async () => {
    if (older === null) return;
    try {
      const page = await admin.activity(tenantId, { ...filter, before: older, limit: PAGE });
      const known = new Set(held.current.map((entry) => entry.id));
      keep([...held.current, ...page.entries.filter((entry) => !known.has(entry.id))], page.next);
    } catch (cause) {
      setError(asFailure(cause));
    }
  }, [tenantId, filter, older, keep]);

  return { entries, error, loading, hasOlder: older !== null, loadOlder, paused, setPaused, fresh };
}

/**
 * Everything newer than `after`, newest first. `olderFrom` is set when more arrived than the catch-up
 * reads: the entries then replace what is held, and "older" continues from there.
 */
async function newerThan(
  tenantId: string,
  filter: FeedFilter,
  after: number,
): Promise<{ entries: ActivityEntry[]; olderFrom: number | null }> {
  const entries: ActivityEntry[] = [];
  let before: number | undefined;
  // Nothing held (an empty feed, or a first load that failed): the newest page is enough.
  const pages = after === 0 ? 1 : MAX_CATCH_UP_PAGES;
  for (let read = 0; read < pages; read++) {
    const page = await admin.activity(tenantId, { ...filter, after, before, limit: PAGE });
    entries.push(...page.entries);
    if (page.next === null) return { entries, olderFrom: null };
    before = page.next;
  }
  return { entries, olderFrom: before ?? null };
}
