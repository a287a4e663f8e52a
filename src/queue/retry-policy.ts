/** The one place that decides, from a CRM failure alone, whether and when work is tried again. */
import type { CrmError } from '../connectors/contract.ts';

export type RetryDecision =
  | { readonly kind: 'retry'; readonly delayMs: number }
  /** Nothing will help until an operator acts (re-authorise, unblock): the connection pauses. */
  | { readonly kind: 'hold'; readonly state: 'needs_reauth' | 'blocked' };

const BASE_MS = 2_000;
const MAX_MS = 10 * 60_000;

export function decideRetry(error: CrmError, attempt: number): RetryDecision {
  switch (error.kind) {
    case 'rate_limited':
      return { kind: 'retry', delayMs: Math.max(error.retryAfterMs, 1000) };
    case 'unavailable':
      return { kind: 'retry', delayMs: backoff(attempt) };
    case 'auth':
      return error.refreshable
        ? { kind: 'retry', delayMs: backoff(attempt) }
        : { kind: 'hold', state: 'needs_reauth' };
    case 'blocked':
      return { kind: 'hold', state: 'blocked' };
    case 'not_found':
    case 'rejected':
      // Item failures become dead letters inside the flows; reaching here means the whole batch was refused.
      return { kind: 'retry', delayMs: backoff(attempt) };
  }
}

/** Exponential with full jitter's upper half: 2 s, 4 s, 8 s … capped at 10 min (the rate limiter still paces the calls). */
export function backoff(attempt: number, base = BASE_MS, max = MAX_MS): number {
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
