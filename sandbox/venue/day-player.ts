/**
 * Plays a day at the venue at a set pace: every tick of the scheduler clock it runs as many
 * happenings as the events-per-second budget allows (a happening may emit several events).
 */
import { type Clock, createTimerGroup, type VenueClock } from './clock.ts';
import type { EventDraft } from './events.ts';
import {
  type ActionContext,
  depositTopup,
  pass,
  purchase,
  refund,
  registerAdult,
  registerChild,
} from './venue-actions.ts';
import {
  changePrice,
  editClient,
  forgetClient,
  introduceProduct,
  linkExistingChild,
  unlinkFamily,
  withdrawProduct,
} from './venue-changes.ts';

export interface Pace {
  /** Events per second of the scheduler clock. */
  eventsPerSecond: number;
  /** Largest batch sent to the hub. */
  batchSize: number;
  /** How much faster than the scheduler clock the venue clock (`occurredAt`) runs. */
  speed: number;
}

type Happening = (ctx: ActionContext, at: number) => EventDraft[];

/** How often each happening occurs during a day; the numbers are relative weights. */
export const DAY_MIX: readonly (readonly [string, Happening, number])[] = [
  ['registration at the cash desk', (ctx, at) => registerAdult(ctx, at, 'cashdesk'), 4],
  ['registration in the app', (ctx, at) => registerAdult(ctx, at, 'mobile_app'), 2],
  ['registration on the site', (ctx, at) => registerAdult(ctx, at, 'website'), 1.5],
  ['child registered and linked', (ctx, at) => registerChild(ctx, at), 4],
  ['child linked to a second grown-up', linkExistingChild, 0.8],
  ['purchase', (ctx, at) => purchase(ctx, at), 24],
  ['deposit top-up', (ctx, at) => depositTopup(ctx, at), 8],
  ['pass', (ctx, at) => pass(ctx, at), 38],
  ['refund', (ctx, at) => refund(ctx, at), 2],
  ['client edit', (ctx, at) => editClient(ctx, at), 5],
  ['price change', changePrice, 0.6],
  ['new product', introduceProduct, 0.15],
  ['product withdrawn', withdrawProduct, 0.12],
  ['client forgotten', (ctx, at) => forgetClient(ctx, at), 0.15],
  ['family unlinked', unlinkFamily, 0.1],
];

const HAPPENINGS = DAY_MIX.map(([, happening, weight]) => [happening, weight] as const);

export interface DayPlayerOptions {
  ctx: ActionContext;
  clock: Clock;
  venueClock: VenueClock;
  pace: () => Pace;
  emit: (drafts: EventDraft[]) => void;
  tickMs?: number;
}

export interface DayPlayer {
  start(): void;
  stop(): void;
  running(): boolean;
}

export function createDayPlayer(options: DayPlayerOptions): DayPlayer {
  const { ctx, clock, venueClock, emit } = options;
  const tickMs = options.tickMs ?? 100;
  const timers = createTimerGroup(clock);
  let running = false;
  let lastTick = 0;
  let budget = 0;

  const tick = (): void => {
    if (!running) return;
    const now = clock.now();
    const { eventsPerSecond } = options.pace();
    // After a stall, catch up at most two seconds' worth instead of flooding the hub.
    const elapsed = Math.min(now - lastTick, 2000);
    lastTick = now;
    budget = Math.min(budget + (elapsed / 1000) * eventsPerSecond, Math.max(1, eventsPerSecond * 2));
    let idle = 0;
    while (budget >= 1 && idle < 50) {
      const drafts = ctx.prng.weighted(HAPPENINGS)(ctx, venueClock.now());
      if (drafts.length === 0) {
        idle += 1;
        continue;
      }
      emit(drafts);
      budget -= drafts.length;
    }
    timers.set(tickMs, tick);
  };

  return {
    start: () => {
      if (running) return;
      running = true;
      lastTick = clock.now();
      timers.set(tickMs, tick);
    },
    stop: () => {
      running = false;
      timers.clear();
    },
    running: () => running,
  };
}
