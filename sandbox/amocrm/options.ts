import { z } from 'zod';

/** Everything that can be changed while the sandbox runs (`configure()` / `POST /_sandbox/config`). */
export const knobsSchema = z.object({
  /** API requests per sliding second for the whole account; 0 switches the limit off */
  rateLimitPerSecond: z.number().min(0),
  /** 429 body: amoCRM's HTML page without Retry-After, or Kommo's JSON with `retry_after` */
  rateLimitBody: z.enum(['html', 'json']),
  /** this many 429s within a minute block the account (403 nginx page on everything); 0 = never */
  blockAfter429: z.number().int().min(0),
  blockMs: z.number().min(0),
  /** share of API requests answered 500/502/503/504 without being applied */
  failureRate: z.number().min(0).max(1),
  /** share of API requests that are accepted and never answered (until `hangMs`, then a 504) */
  hangRate: z.number().min(0).max(1),
  hangMs: z.number().min(0),
  /** share of API writes that ARE applied but answered 504 (the "did it go through?" case) */
  lostResponseRate: z.number().min(0).max(1),
  latencyMs: z.number().min(0),
  /** the paid API-filter option (`is_api_filter_enabled`); off → `filter[...]` is silently ignored */
  apiFilterEnabled: z.boolean(),
  accessTokenTtlSec: z.number().int().positive(),
  refreshTokenTtlSec: z.number().int().positive(),
  /** Kommo's wording: the previous refresh token keeps working until the new one is used */
  refreshGrace: z.boolean(),
  /** league/oauth2-server behaviour: a refresh revokes the access token of the old pair */
  revokeAccessOnRefresh: z.boolean(),
  /** changes closer together than this go out in one POST */
  webhookBatchMs: z.number().min(0),
  webhookMaxBatch: z.number().int().positive(),
  webhookTimeoutMs: z.number().positive(),
  /** delays before attempts 2..5 (documented: 5 min, 15 min, 15 min, 1 h) */
  webhookRetryDelaysMs: z.tuple([z.number().min(0), z.number().min(0), z.number().min(0), z.number().min(0)]),
  webhookDropRate: z.number().min(0).max(1),
  webhookDuplicateRate: z.number().min(0).max(1),
  /** a hook with more invalid answers than this inside the window is disabled */
  webhookDisableAfterFailures: z.number().int().min(0),
  webhookDisableWindowSec: z.number().positive(),
  /** linking/unlinking products fires `update_lead` (undocumented either way; off by default) */
  productLinksFireLeadUpdate: z.boolean(),
});

export type AmoKnobs = z.infer<typeof knobsSchema>;
export const partialKnobsSchema = knobsSchema.partial().strict();

export const defaultKnobs: AmoKnobs = {
  rateLimitPerSecond: 7,
  rateLimitBody: 'html',
  blockAfter429: 20,
  blockMs: 60_000,
  failureRate: 0,
  hangRate: 0,
  hangMs: 30_000,
  lostResponseRate: 0,
  latencyMs: 0,
  apiFilterEnabled: false,
  accessTokenTtlSec: 86_400,
  refreshTokenTtlSec: 90 * 86_400,
  refreshGrace: false,
  revokeAccessOnRefresh: true,
  webhookBatchMs: 300,
  webhookMaxBatch: 100,
  webhookTimeoutMs: 2_000,
  webhookRetryDelaysMs: [300_000, 900_000, 900_000, 3_600_000],
  webhookDropRate: 0,
  webhookDuplicateRate: 0,
  webhookDisableAfterFailures: 100,
  webhookDisableWindowSec: 7_200,
  productLinksFireLeadUpdate: false,
};

export interface AmoSandboxOptions extends AmoKnobs {
  port: number;
  host: string;
  subdomain: string;
  timezone: string;
  /** persist the account as JSON here (debounced) and load it at start */
  stateFile?: string;
  persistDebounceMs: number;
  logger: boolean;
}

export const defaultOptions: AmoSandboxOptions = {
  ...defaultKnobs,
  port: 0,
  host: '127.0.0.1',
  subdomain: 'limebridge',
  timezone: 'Europe/Moscow',
  persistDebounceMs: 200,
  logger: false,
};

export function pickKnobs(options: AmoSandboxOptions): AmoKnobs {
  return knobsSchema.parse(
    Object.fromEntries(Object.keys(knobsSchema.shape).map((k) => [k, options[k as keyof AmoKnobs]])),
  );
}
