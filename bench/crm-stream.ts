/**
 * The steady state: what a venue's day sends once the backlog is in — mostly passes and purchases,
 * deposit top-ups, a few refunds and client edits — made by the venue simulator's own actions on the
 * generated venue, so every change is about a client the CRM already shows.
 */
import { type EventDraft, stampEvent } from '../sandbox/venue/events.ts';
import type { BuiltVenue, LimeEvent } from '../sandbox/venue/index.ts';
import { type ActionContext, depositTopup, pass, purchase, refund } from '../sandbox/venue/venue-actions.ts';
import { editClient } from '../sandbox/venue/venue-changes.ts';

type Change = (ctx: ActionContext, at: number) => EventDraft[];

export const STEADY_MIX: readonly (readonly [string, Change, number])[] = [
  ['pass', (ctx, at) => pass(ctx, at), 45],
  ['purchase', (ctx, at) => purchase(ctx, at), 28],
  ['deposit top-up', (ctx, at) => depositTopup(ctx, at), 15],
  ['refund', (ctx, at) => refund(ctx, at), 4],
  ['client edit', (ctx, at) => editClient(ctx, at), 8],
];

const CHANGES = STEADY_MIX.map(([, change, weight]) => [change, weight] as const);

export type ChangeSource = { next(count: number, at: number): LimeEvent[] };

/** Changes on `venue`, `count` events at a time, stamped at venue time `at`. */
export function changeSource(venue: BuiltVenue): ChangeSource {
  const ctx: ActionContext = { db: venue.db, index: venue.index, prng: venue.prng, catalog: venue.catalog };
  return {
    next(count, at) {
      const drafts: EventDraft[] = [];
      for (let idle = 0; drafts.length < count && idle < 50; ) {
        const made = ctx.prng.weighted(CHANGES)(ctx, at);
        if (made.length === 0) idle += 1;
        drafts.push(...made);
      }
      return drafts.map((draft) => stampEvent(venue.db, draft));
    },
  };
}

export function mixLine(): string {
  const total = STEADY_MIX.reduce((sum, [, , weight]) => sum + weight, 0);
  return STEADY_MIX.map(([name, , weight]) => `${Math.round((weight / total) * 100)}% ${name}`).join(', ');
}
