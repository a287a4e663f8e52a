// Outgoing event POSTs: form-encoded, no retries, with knobs to delay, drop and duplicate them.

import { request } from 'undici';
import type { BitrixKnobs } from './options.ts';
import type { BitrixStats } from './stats.ts';

export interface Deliverer {
  /** Queues one event; `body` is built at send time so `ts` is the send time. */
  deliver(url: string, body: () => string): void;
  /** Resolves when nothing is scheduled or in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createDeliverer(env: () => { knobs: BitrixKnobs; stats: BitrixStats }): Deliverer {
  const timers = new Set<NodeJS.Timeout>();
  const inflight = new Set<Promise<void>>();
  const controller = new AbortController();
  let closed = false;

  const send = (url: string, body: string): void => {
    const { knobs, stats } = env();
    const attempt = (async () => {
      try {
        const response = await request(url, {
          method: 'POST',
          body,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'user-agent': 'Bitrix24 Webhook Engine',
          },
          headersTimeout: knobs.eventTimeoutMs,
          bodyTimeout: knobs.eventTimeoutMs,
          signal: controller.signal,
        });
        await response.body.dump();
        if (response.statusCode >= 200 && response.statusCode < 300) stats.events.sent += 1;
        else stats.events.failed += 1;
      } catch {
        // No retries: a handler that is down or slow simply loses the event.
        if (!closed) stats.events.failed += 1;
      }
    })();
    inflight.add(attempt);
    void attempt.finally(() => inflight.delete(attempt));
  };

  const schedule = (delayMs: number, task: () => void): void => {
    if (delayMs <= 0) {
      task();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      task();
    }, delayMs);
    timers.add(timer);
  };

  return {
    deliver(url, body) {
      if (closed) return;
      const { knobs, stats } = env();
      if (Math.random() < knobs.eventDropRate) {
        stats.events.dropped += 1;
        return;
      }
      const delay = knobs.eventDelayMs + Math.floor(Math.random() * (knobs.eventJitterMs + 1));
      schedule(delay, () => send(url, body()));
      if (Math.random() < knobs.eventDuplicateRate) {
        stats.events.duplicated += 1;
        schedule(delay + Math.floor(Math.random() * (knobs.eventJitterMs + 1)), () => send(url, body()));
      }
    },
    async idle() {
      while (timers.size > 0 || inflight.size > 0) {
        if (inflight.size > 0) await Promise.allSettled([...inflight]);
        else await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      controller.abort();
      await Promise.allSettled([...inflight]);
    },
  };
}
