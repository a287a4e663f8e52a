import { performance } from 'node:perf_hooks';
import type { AmoKnobs } from '../options.ts';

// The account-wide limit (amocrm-api.md §3.1): a sliding one-second window of accepted requests;
// above it 429; enough 429s inside a minute get the account blocked (403 on everything).

export type Verdict = 'ok' | 'limited' | 'blocked';

export class RateLimiter {
  private accepted: number[] = [];
  private rejected: number[] = [];
  private blockedUntil = 0;
  private readonly now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.now = now;
  }

  check(knobs: Pick<AmoKnobs, 'rateLimitPerSecond' | 'blockAfter429' | 'blockMs'>): Verdict {
    const now = this.now();
    if (now < this.blockedUntil) return 'blocked';
    while (this.accepted.length > 0 && (this.accepted[0] ?? 0) <= now - 1000) this.accepted.shift();
    if (knobs.rateLimitPerSecond > 0 && this.accepted.length >= knobs.rateLimitPerSecond) {
      this.rejected = this.rejected.filter((t) => t > now - 60_000);
      this.rejected.push(now);
      if (knobs.blockAfter429 > 0 && this.rejected.length >= knobs.blockAfter429) {
        this.blockedUntil = now + knobs.blockMs;
        this.rejected = [];
      }
      return 'limited';
    }
    this.accepted.push(now);
    return 'ok';
  }

  /** Seconds until a slot frees up (for Kommo's `retry_after`). */
  retryAfterSec(): number {
    const oldest = this.accepted[0];
    return oldest === undefined ? 1 : Math.max(1, Math.ceil((oldest + 1000 - this.now()) / 1000));
  }

  isBlocked(): boolean {
    return this.now() < this.blockedUntil;
  }

  reset(): void {
    this.accepted = [];
    this.rejected = [];
    this.blockedUntil = 0;
  }
}
