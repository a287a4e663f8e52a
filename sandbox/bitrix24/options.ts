// Start-up options and the runtime knobs (POST /_sandbox/config changes the knobs).

import { z } from 'zod';

const rate = z.number().min(0).max(1);

export const knobsSchema = z.object({
  /** Leaky bucket: requests allowed in a burst. */
  bucketSize: z.number().int().positive(),
  /** Leaky bucket: requests drained per second. */
  drainPerSecond: z.number().positive(),
  /** Per (method, webhook/app) operating limit over the sliding 10 × 1 min window, seconds. */
  operatingLimitSec: z.number().positive(),
  /** Seconds each call adds to its method's operating time; 0 = the measured processing time. */
  operatingCostSec: z.number().min(0),
  /** Per-method override of operatingCostSec. */
  operatingCostByMethod: z.record(z.string(), z.number().min(0)),
  /** Share of REST calls answered with a 5xx. */
  failureRate: rate,
  /** 'json500' INTERNAL_SERVER_ERROR, 'html502' nginx page, 'mixed' either. */
  failureKind: z.enum(['json500', 'html502', 'mixed']),
  /** 'before': the call is not executed; 'after': it is executed, then the answer is lost. */
  failurePhase: z.enum(['before', 'after']),
  /** Share of REST calls that never answer (until hangMs, then the socket is destroyed). */
  hangRate: rate,
  hangMs: z.number().int().min(0),
  /** Added latency per REST call. */
  latencyMs: z.number().int().min(0),
  accessTokenTtlSec: z.number().positive(),
  authCodeTtlSec: z.number().positive(),
  /** After a refresh the previous access token stops working (older docs say so). */
  revokeAccessOnRefresh: z.boolean(),
  eventDropRate: rate,
  eventDuplicateRate: rate,
  /** Lag before an event is sent (real portals: a few seconds). */
  eventDelayMs: z.number().int().min(0),
  eventJitterMs: z.number().int().min(0),
  eventTimeoutMs: z.number().int().positive(),
  /** Date-only output: 'midnight' `2001-11-11T00:00:00+03:00`, 'shifted' `2001-11-11T03:00:00+03:00`. */
  dateOutput: z.enum(['midnight', 'shifted']),
});

export type BitrixKnobs = z.infer<typeof knobsSchema>;

export const DEFAULT_KNOBS: BitrixKnobs = {
  bucketSize: 50,
  drainPerSecond: 2,
  operatingLimitSec: 480,
  operatingCostSec: 0,
  operatingCostByMethod: {},
  failureRate: 0,
  failureKind: 'json500',
  failurePhase: 'before',
  hangRate: 0,
  hangMs: 65_000,
  latencyMs: 0,
  accessTokenTtlSec: 3600,
  authCodeTtlSec: 30,
  revokeAccessOnRefresh: true,
  eventDropRate: 0,
  eventDuplicateRate: 0,
  eventDelayMs: 0,
  eventJitterMs: 0,
  eventTimeoutMs: 5000,
  dateOutput: 'shifted',
};

export const partialKnobsSchema = knobsSchema.partial().strict();

export interface BitrixSandboxOptions extends BitrixKnobs {
  /** 0 = random. */
  port: number;
  host: string;
  /** Portal server timezone. */
  timezone: string;
  /** Persist the portal as JSON (debounced) and load it at start. */
  stateFile?: string;
  /** Fixed secret of the incoming webhook (default: random, or the one in stateFile). */
  webhookSecret?: string;
  /** Time source in ms (default Date.now); the control API can shift it further. */
  now?: () => number;
  persistDebounceMs: number;
}

export const DEFAULT_OPTIONS: Omit<BitrixSandboxOptions, keyof BitrixKnobs> = {
  port: 0,
  host: '127.0.0.1',
  timezone: 'Europe/Moscow',
  persistDebounceMs: 200,
};

export function pickKnobs(options: BitrixSandboxOptions): BitrixKnobs {
  const knobs: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_KNOBS)) knobs[key] = options[key as keyof BitrixKnobs];
  return knobsSchema.parse(knobs);
}
