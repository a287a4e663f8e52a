/** Every job limebridge runs: its name, payload, queue policy and how it is retried. */
import { z } from 'zod';
import { FLOWS } from '../store/dirty-repo.ts';

const connectionJob = z.object({ connectionId: z.string(), attempt: z.number().int().min(0).default(0) });

export const JOBS = {
  /** Writes what a connection owes its CRM for one flow, in batches (coalesced per connection and flow). */
  'crm.flush': {
    payload: connectionJob.extend({ flow: z.enum(FLOWS) }),
    key: (p: { connectionId: string; flow: string }) => `${p.connectionId}:${p.flow}`,
  },
  /** Applies CRM changes received by webhook or polling. */
  'crm.inbox': { payload: connectionJob, key: (p: { connectionId: string }) => p.connectionId },
  /** Asks the CRM what changed since the last poll (webhooks get lost). */
  'crm.poll': { payload: connectionJob, key: (p: { connectionId: string }) => p.connectionId },
  /** A full pass that repairs drift. */
  'crm.resync': {
    payload: z.object({
      runId: z.string(),
      connectionId: z.string(),
      attempt: z.number().int().min(0).default(0),
    }),
    key: (p: { connectionId: string }) => p.connectionId,
  },
  /** Pushes a tenant's outbound events to Lime, in order. */
  'lime.push': {
    payload: z.object({ tenantId: z.string(), attempt: z.number().int().min(0).default(0) }),
    key: (p: { tenantId: string }) => p.tenantId,
  },
  /** Once a minute, cluster-wide: sweeps owed work, due polls, pushes and birthdays. */
  'system.tick': { payload: z.object({}).passthrough(), key: () => 'tick' },
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.input<(typeof JOBS)[N]['payload']>;

/** Queue settings shared by all jobs: a crashed worker's job is picked up again within a minute. */
export const QUEUE_DEFAULTS = {
  policy: 'stately',
  retryLimit: 3,
  retryDelay: 5,
  retryBackoff: true,
  retryDelayMax: 300,
  expireInSeconds: 900,
  heartbeatSeconds: 30,
  deadLetter: 'system.dead',
} as const;
