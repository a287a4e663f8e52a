/** Everything the hub sends to Lime, pushed or pulled: validate, drop repeats by id, hand to a desk. */
import type { Logger } from 'pino';
import type { ClientDesk } from './client-desk.ts';
import { type Issue, type ParsedInbound, parseInbound } from './inbound-schema.ts';
import type { PreorderDesk } from './preorder-desk.ts';
import { rememberInbound, type VenueDb } from './state-store.ts';
import type { VenueStats } from './stats.ts';

export interface InboundResult {
  applied: number;
  duplicates: number;
  ignored: number;
  /** Events that could not be read (all of them are refused when `allOrNothing`). */
  issues: Issue[];
}

export interface Inbound {
  /** `allOrNothing`: one invalid event refuses the whole batch (push); otherwise it is skipped (pull). */
  receive(events: readonly unknown[], allOrNothing: boolean): InboundResult;
}

export interface InboundOptions {
  db: VenueDb;
  stats: VenueStats;
  logger: Logger;
  clients: ClientDesk;
  preorders: PreorderDesk;
}

export function createInbound(options: InboundOptions): Inbound {
  const { db, stats, logger, clients, preorders } = options;

  const dispatch = (event: ParsedInbound): boolean => {
    switch (event.type) {
      case 'client.changed':
        clients.applyChanges(event.data);
        return true;
      case 'preorder.created':
      case 'preorder.updated':
        preorders.receive(event.data);
        return true;
      case 'preorder.cancelled':
        preorders.cancel(event.data);
        return true;
      case 'unknown':
        logger.info({ id: event.id, type: event.originalType }, 'ignoring an event type Lime does not know');
        return false;
    }
  };

  return {
    receive: (events, allOrNothing) => {
      const result: InboundResult = { applied: 0, duplicates: 0, ignored: 0, issues: [] };
      const parsed: ParsedInbound[] = [];
      events.forEach((raw, i) => {
        const outcome = parseInbound(raw, `events[${i}]`);
        if ('issues' in outcome) result.issues.push(...outcome.issues);
        else parsed.push(outcome.event);
      });
      if (result.issues.length > 0) {
        logger.warn({ issues: result.issues }, 'invalid events from the hub');
        if (allOrNothing) return result;
      }
      for (const event of parsed) {
        if (db.seenInbound.has(event.id)) {
          result.duplicates += 1;
          stats.inboundDuplicates += 1;
          continue;
        }
        rememberInbound(db, event.id);
        if (dispatch(event)) result.applied += 1;
        else result.ignored += 1;
      }
      return result;
    },
  };
}
