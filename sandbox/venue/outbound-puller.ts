/** Pull mode: Lime asks the hub for its events (`GET /v1/outbound?after&limit`) and follows the cursor. */
import type { Logger } from 'pino';
import { type Clock, createTimerGroup } from './clock.ts';
import type { HubClient } from './hub-client.ts';
import type { Inbound } from './inbound.ts';
import type { VenueDb } from './state-store.ts';
import type { VenueStats } from './stats.ts';

export interface PullKnobs {
  pullIntervalMs: number;
  pullLimit: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

export interface OutboundPullerOptions {
  client: HubClient;
  db: VenueDb;
  inbound: Inbound;
  clock: Clock;
  stats: VenueStats;
  logger: Logger;
  knobs: () => PullKnobs;
}

export interface OutboundPuller {
  start(): void;
  /** Stops polling; resolves when the loop has ended (close the HTTP client to cut a pending request). */
  stop(): Promise<void>;
}

export function createOutboundPuller(options: OutboundPullerOptions): OutboundPuller {
  const { client, db, inbound, stats, logger, knobs } = options;
  const timers = createTimerGroup(options.clock);
  let running = false;
  let loop: Promise<void> = Promise.resolve();

  /** One request; answers how long to wait before the next one. */
  const pullOnce = async (failures: number): Promise<{ waitMs: number; failed: boolean }> => {
    const { pullLimit, pullIntervalMs, retryBaseMs, retryMaxMs } = knobs();
    stats.pulls += 1;
    const outcome = await client.pullOutbound(db.pullCursor, pullLimit);
    if (outcome.kind === 'retry') {
      stats.lastError = `${new Date().toISOString()} pull: ${outcome.reason}`;
      const backoff = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(failures, 20));
      return { waitMs: Math.max(backoff, outcome.retryAfterMs ?? 0), failed: true };
    }
    if (!running) return { waitMs: 0, failed: false };
    stats.pulledEvents += outcome.events.length;
    const result = inbound.receive(outcome.events, false);
    if (result.issues.length > 0) {
      stats.invalidPushes += 1;
      logger.error({ issues: result.issues }, 'skipped invalid events pulled from the hub');
    }
    db.pullCursor = outcome.cursor;
    // A full page means more is waiting: ask again at once.
    return { waitMs: outcome.events.length >= pullLimit ? 0 : pullIntervalMs, failed: false };
  };

  const run = async (): Promise<void> => {
    let failures = 0;
    while (running) {
      const { waitMs, failed } = await pullOnce(failures);
      failures = failed ? failures + 1 : 0;
      if (running && waitMs > 0) await timers.sleep(waitMs);
    }
  };

  return {
    start: () => {
      if (running) return;
      running = true;
      loop = run().catch((error: unknown) => {
        running = false;
        stats.lastError = `${new Date().toISOString()} pull loop failed: ${String(error)}`;
        logger.error({ err: error }, 'pull loop failed');
      });
    },
    stop: async () => {
      running = false;
      timers.clear();
      await loop;
    },
  };
}
