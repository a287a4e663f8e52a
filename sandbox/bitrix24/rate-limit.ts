// The two cloud limits: a leaky bucket per portal (503 QUERY_LIMIT_EXCEEDED) and the per-method
// operating-time limit per webhook/application over 10 one-minute baskets (429 OPERATION_TIME_LIMIT).

export class LeakyBucket {
  private level = 0;
  private updatedAt: number;

  constructor(now: number) {
    this.updatedAt = now;
  }

  /** Drains, then admits the request if the counter stays within `size`. */
  take(now: number, size: number, drainPerSecond: number): boolean {
    this.drain(now, drainPerSecond);
    if (this.level + 1 > size) return false;
    this.level += 1;
    return true;
  }

  reset(now: number): void {
    this.level = 0;
    this.updatedAt = now;
  }

  current(now: number, drainPerSecond: number): number {
    this.drain(now, drainPerSecond);
    return this.level;
  }

  private drain(now: number, drainPerSecond: number): void {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.level = Math.max(0, this.level - elapsed * drainPerSecond);
    this.updatedAt = now;
  }
}

interface Basket {
  start: number;
  seconds: number;
}

const BASKET_MS = 60_000;
const WINDOW_MS = 10 * BASKET_MS;

export interface OperatingSnapshot {
  /** Accumulated seconds of this method over the live baskets. */
  operating: number;
  /** Unix seconds when the oldest basket stops counting. */
  resetAt: number;
}

export class OperatingLimiter {
  private readonly baskets = new Map<string, Basket[]>();

  /** The check happens before the call: the call that crosses the limit still completes. */
  blocked(key: string, now: number, limitSec: number): boolean {
    return this.snapshot(key, now).operating > limitSec;
  }

  add(key: string, now: number, seconds: number): OperatingSnapshot {
    const live = this.live(key, now);
    const last = live[live.length - 1];
    if (last && now - last.start < BASKET_MS) last.seconds += seconds;
    else live.push({ start: now, seconds });
    this.baskets.set(key, live);
    return this.snapshot(key, now);
  }

  snapshot(key: string, now: number): OperatingSnapshot {
    const live = this.live(key, now);
    const operating = live.reduce((sum, basket) => sum + basket.seconds, 0);
    const oldest = live[0]?.start ?? now;
    return { operating, resetAt: Math.floor((oldest + WINDOW_MS) / 1000) };
  }

  clear(): void {
    this.baskets.clear();
  }

  private live(key: string, now: number): Basket[] {
    const live = (this.baskets.get(key) ?? []).filter((basket) => now - basket.start < WINDOW_MS);
    this.baskets.set(key, live);
    return live;
  }
}
