/**
 * At-least-once delivery of Lime events to the hub: a FIFO queue sent in batches, each batch
 * retried with backoff (same ids) until the hub answers 2xx, or dropped and logged on a 400.
 * Knobs can re-send events or hold some back behind newer ones to exercise the hub.
 */
import type { Logger } from 'pino';
import type { TimerGroup } from './clock.ts';
import type { HubClient, HubErrorBody, PostOutcome } from './hub-client.ts';
import type { LimeEvent } from './model.ts';
import type { Prng } from './prng.ts';
import { countByType, type VenueStats } from './stats.ts';

export interface DeliveryKnobs {
  /** Share of delivered events sent once more later (same id). */
  duplicateRate: number;
  /** Share of events held back to travel after newer ones. */
  reorderRate: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

export interface OutboxOptions {
  client: HubClient;
  timers: TimerGroup;
  prng: Prng;
  stats: VenueStats;
  logger: Logger;
  batchSize: number;
  /** Batches in flight at once; 1 keeps the order of events (the default). */
  concurrency?: number;
  knobs: () => DeliveryKnobs;
  initial?: readonly LimeEvent[];
}

export interface DeliveryReport {
  accepted: number;
  duplicates: number;
  rejected: { status: number; error: HubErrorBody | null; eventIds: string[] }[];
}

export interface Outbox {
  enqueue(events: readonly LimeEvent[]): void;
  setBatchSize(size: number): void;
  /** Everything not yet acknowledged (in flight first), for the state file. */
  pending(): LimeEvent[];
  /** Resolves once nothing is queued or in flight. */
  drain(): Promise<void>;
  /** Sends these events now, outside the queue, with the same retries; resolves with the hub's answers. */
  deliver(events: readonly LimeEvent[]): Promise<DeliveryReport>;
  close(): void;
}

export const MAX_BATCH = 500;

export function createOutbox(options: OutboxOptions): Outbox {
  const { client, timers, prng, stats, logger, knobs } = options;
  const concurrency = options.concurrency ?? 1;
  let batchSize = clampBatch(options.batchSize);
  let queue: LimeEvent[] = [...(options.initial ?? [])];
  let head = 0;
  const inFlight = new Set<LimeEvent[]>();
  const resent = new WeakSet<LimeEvent>();
  const held = new WeakSet<LimeEvent>();
  let idleWaiters: (() => void)[] = [];
  let closed = false;

  const queued = (): number => queue.length - head;
  const refreshStats = (): void => {
    let flying = 0;
    for (const batch of inFlight) flying += batch.length;
    stats.queued = queued() + flying;
  };

  const take = (): LimeEvent[] => {
    const batch = queue.slice(head, head + batchSize);
    head += batch.length;
    if (head > 4096 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    const { reorderRate } = knobs();
    if (reorderRate <= 0) return batch;
    const kept: LimeEvent[] = [];
    for (const event of batch) {
      if (held.has(event) || !prng.chance(reorderRate)) kept.push(event);
      else {
        // Hold it back behind the next batch.
        held.add(event);
        queue.splice(head + Math.min(batchSize, queued()), 0, event);
        stats.reordered += 1;
      }
    }
    return kept;
  };

  const backoff = (attempt: number, outcome: PostOutcome & { kind: 'retry' }): number => {
    const { retryBaseMs, retryMaxMs } = knobs();
    const exponential = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(attempt, 20));
    const jittered = exponential * (0.5 + prng.next() * 0.5);
    return Math.min(retryMaxMs, Math.max(jittered, outcome.retryAfterMs ?? 0));
  };

  /** Posts one batch until the hub takes or rejects it; null when closed meanwhile. */
  const sendWithRetry = async (batch: LimeEvent[]): Promise<PostOutcome | null> => {
    for (let attempt = 0; !closed; attempt++) {
      stats.attempts += 1;
      if (attempt > 0) stats.retries += 1;
      const outcome = await client.postEvents(batch);
      if (outcome.kind !== 'retry') return outcome;
      stats.lastError = `${new Date().toISOString()} delivery: ${outcome.reason}`;
      const delay = backoff(attempt, outcome);
      logger.warn(
        { reason: outcome.reason, events: batch.length, attempt, delayMs: Math.round(delay) },
        'retrying batch',
      );
      await timers.sleep(delay);
    }
    return null;
  };

  const account = (batch: LimeEvent[], outcome: PostOutcome, report?: DeliveryReport): void => {
    if (outcome.kind === 'ok') {
      stats.batches += 1;
      stats.accepted += outcome.accepted;
      stats.duplicates += outcome.duplicates;
      countByType(
        stats.sent,
        batch.map((event) => event.type),
      );
      if (report) {
        report.accepted += outcome.accepted;
        report.duplicates += outcome.duplicates;
      }
    } else if (outcome.kind === 'rejected') {
      stats.rejected400 += 1;
      stats.rejectedEvents += batch.length;
      stats.lastError = `${new Date().toISOString()} hub answered ${outcome.status}: ${outcome.error?.message ?? ''}`;
      const eventIds = batch.map((event) => event.id);
      logger.error(
        { status: outcome.status, error: outcome.error, eventIds },
        'hub rejected a batch; dropped',
      );
      report?.rejected.push({ status: outcome.status, error: outcome.error, eventIds });
    }
  };

  const maybeResend = (batch: LimeEvent[]): void => {
    const { duplicateRate } = knobs();
    if (duplicateRate <= 0) return;
    const again = batch.filter((event) => !resent.has(event) && prng.chance(duplicateRate));
    for (const event of again) resent.add(event);
    stats.duplicatesInjected += again.length;
    queue.push(...again);
  };

  const settleIdle = (): void => {
    if (!closed && (queued() > 0 || inFlight.size > 0)) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  };

  const run = async (batch: LimeEvent[]): Promise<void> => {
    inFlight.add(batch);
    refreshStats();
    const outcome = await sendWithRetry(batch);
    if (closed) return;
    inFlight.delete(batch);
    if (outcome) {
      account(batch, outcome);
      if (outcome.kind === 'ok') maybeResend(batch);
    }
    refreshStats();
    pump();
  };

  const pump = (): void => {
    while (!closed && inFlight.size < concurrency && queued() > 0) {
      const batch = take();
      if (batch.length > 0) {
        run(batch).catch((error: unknown) => logger.error({ err: error }, 'delivery loop failed'));
      }
    }
    refreshStats();
    settleIdle();
  };

  // Events left over from a previous run go out at once.
  pump();

  return {
    enqueue: (events) => {
      for (const event of events) queue.push(event);
      pump();
    },
    setBatchSize: (size) => {
      batchSize = clampBatch(size);
    },
    pending: () => [...[...inFlight].flat(), ...queue.slice(head)],
    drain: () =>
      new Promise((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      }),
    deliver: async (events) => {
      const report: DeliveryReport = { accepted: 0, duplicates: 0, rejected: [] };
      for (let i = 0; i < events.length; i += MAX_BATCH) {
        const batch = events.slice(i, i + MAX_BATCH);
        const outcome = await sendWithRetry(batch);
        if (!outcome) break;
        account(batch, outcome, report);
      }
      return report;
    },
    close: () => {
      closed = true;
      settleIdle();
    },
  };
}

function clampBatch(size: number): number {
  return Math.max(1, Math.min(MAX_BATCH, Math.floor(size)));
}
