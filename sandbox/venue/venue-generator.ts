/**
 * A whole venue from a seed, without any server: its catalog, its clients and families, and a
 * history of transactions, as the Lime events that would have described them (oldest first).
 */
import { CATALOGS, type VenueCatalog } from './catalog.ts';
import { type EventDraft, stampEvent } from './events.ts';
import type { Client, LimeEvent, VenueType } from './model.ts';
import { createPrng, type Prng } from './prng.ts';
import { buildIndex, createDb, type VenueDb, type VenueIndex } from './state-store.ts';
import {
  type ActionContext,
  depositTopup,
  openCatalog,
  pass,
  purchase,
  refund,
  registerAdult,
  registerChild,
} from './venue-actions.ts';

export interface GenerateVenueOptions {
  seed?: number | string;
  venueType?: VenueType;
  /** Adult clients. */
  clients?: number;
  /** Mean number of children linked to an adult (0..5 each). */
  childrenPerFamily?: number;
  /** Transactions in the history, per adult client (the total is exact). */
  transactionsPerClient?: number;
  /** The end of the history (ms or RFC 3339); events happen before it. */
  endAt?: number | string;
  historyDays?: number;
  /** Prefix of event ids; default `evt-<seed>`. */
  idPrefix?: string;
  /** The venue's UTC offset in minutes; default 180 (Moscow). */
  offsetMinutes?: number;
}

export interface BuiltVenue {
  events: LimeEvent[];
  db: VenueDb;
  index: VenueIndex;
  catalog: VenueCatalog;
  prng: Prng;
}

export const DEFAULT_END_AT = '2026-11-29T10:00:00+03:00';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The venue and the events describing it, with the db the simulator goes on from. */
export function buildVenue(options: GenerateVenueOptions = {}): BuiltVenue {
  const seed = String(options.seed ?? 1);
  const catalog = CATALOGS[options.venueType ?? 'water_park'];
  const endAt =
    typeof options.endAt === 'number' ? options.endAt : Date.parse(options.endAt ?? DEFAULT_END_AT);
  const start = endAt - (options.historyDays ?? 30) * DAY;
  const prng = createPrng(seed);
  const db = createDb(
    {
      type: catalog.type,
      name: catalog.name,
      code: catalog.code,
      seed,
      offsetMinutes: options.offsetMinutes ?? 180,
    },
    options.idPrefix ?? `evt-${seed}`,
    endAt,
  );
  const ctx: ActionContext = { db, index: buildIndex(db), prng, catalog };

  const drafts: EventDraft[] = openCatalog(ctx, start - HOUR);
  const registeredAt = registerPeople(ctx, drafts, options, start, endAt);
  for (const draft of playHistory(ctx, registeredAt, options, endAt)) drafts.push(draft);

  drafts.sort((a, b) => a.at - b.at);
  const events = drafts.map((draft) => stampEvent(db, draft));
  return { events, db, index: ctx.index, catalog, prng };
}

/** The full event list of a generated venue (products, clients, family links, transactions). */
export function generateVenue(options: GenerateVenueOptions = {}): LimeEvent[] {
  return buildVenue(options).events;
}

/** Splits events into request-sized batches (the protocol allows 1–500 per request). */
export function batches<T>(events: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`batch size must be a positive integer, got ${size}`);
  const result: T[][] = [];
  for (let i = 0; i < events.length; i += size) result.push(events.slice(i, i + size));
  return result;
}

function registerPeople(
  ctx: ActionContext,
  drafts: EventDraft[],
  options: GenerateVenueOptions,
  start: number,
  endAt: number,
): Map<string, number> {
  const adults = options.clients ?? 100;
  const meanChildren = options.childrenPerFamily ?? 1;
  // Keep the last hour free so every registration has room for its children and purchases.
  const times = Array.from({ length: adults }, () => start + ctx.prng.next() * (endAt - start - HOUR));
  times.sort((a, b) => a - b);
  const registeredAt = new Map<string, number>();
  for (const time of times) {
    const at = Math.floor(time);
    const [adultDraft] = registerAdult(ctx, at);
    if (!adultDraft) continue;
    drafts.push(adultDraft);
    const adultId = String(adultDraft.data.clientId);
    registeredAt.set(adultId, at);
    const parent = ctx.db.clients.get(adultId);
    let children = 0;
    while (children < 5 && ctx.prng.chance(meanChildren / (meanChildren + 1))) children++;
    for (let i = 1; i <= children; i++) {
      const childDrafts = registerChild(ctx, at + i * 60_000, parent);
      drafts.push(...childDrafts);
      const childId = childDrafts[0]?.data.clientId;
      if (typeof childId === 'string') registeredAt.set(childId, at + i * 60_000);
    }
  }
  return registeredAt;
}

type HistoryAction = (ctx: ActionContext, at: number, client: Client) => EventDraft[];
const ADULT_HISTORY: readonly (readonly [HistoryAction, number])[] = [
  [purchase, 40],
  [pass, 38],
  [depositTopup, 15],
  [refund, 7],
];
const CHILD_HISTORY: readonly (readonly [HistoryAction, number])[] = [
  [purchase, 30],
  [pass, 70],
];

function playHistory(
  ctx: ActionContext,
  registeredAt: Map<string, number>,
  options: GenerateVenueOptions,
  endAt: number,
): EventDraft[] {
  const total = Math.round((options.clients ?? 100) * (options.transactionsPerClient ?? 3));
  const adults = [...registeredAt.keys()].filter((id) => ctx.db.clients.get(id)?.category === 'adult');
  const children = [...registeredAt.keys()].filter((id) => ctx.db.clients.get(id)?.category === 'child');
  if (adults.length === 0) return [];
  const plans = Array.from({ length: total }, () => {
    const clientId =
      children.length > 0 && ctx.prng.chance(0.15) ? ctx.prng.pick(children) : ctx.prng.pick(adults);
    const from = (registeredAt.get(clientId) ?? endAt) + 5 * 60_000;
    return { clientId, at: Math.floor(from + ctx.prng.next() * Math.max(0, endAt - from - 1000)) };
  });
  plans.sort((a, b) => a.at - b.at);
  const drafts: EventDraft[] = [];
  for (const plan of plans) {
    const client = ctx.db.clients.get(plan.clientId);
    if (!client) continue;
    const action = ctx.prng.weighted(client.category === 'adult' ? ADULT_HISTORY : CHILD_HISTORY);
    const made = action(ctx, plan.at, client);
    drafts.push(...(made.length > 0 ? made : purchase(ctx, plan.at, client)));
  }
  return drafts;
}
