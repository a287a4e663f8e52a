/** What every flow runs with: the database, the secret box, the wake port, a clock and a log. */
import type { Logger } from 'pino';
import type { Db } from '../store/db.ts';
import type { SecretBox } from '../store/secrets.ts';
import type { Wake } from './ports.ts';

export type Runtime = {
  readonly db: Db;
  readonly box: SecretBox;
  readonly wake: Wake;
  readonly log: Logger;
  readonly now: () => number;
  /** The base of the URLs handed to CRMs (webhooks) — `LIMEBRIDGE_PUBLIC_URL`. */
  readonly publicUrl: () => string;
  /** CRM calls give up after this long (the CRM may still have applied them). */
  readonly crmTimeoutMs: number;
  /** Longest a call waits for a rate slot before the job is rescheduled instead. */
  readonly maxSlotWaitMs: number;
  readonly observeCrm?: (exchange: {
    kind: string;
    method: string;
    status: number | 'network';
    ms: number;
  }) => void;
};

export function hookUrl(runtime: Runtime, connectionId: string, secret: string): string {
  return `${runtime.publicUrl()}/hooks/${connectionId}/${secret}`;
}
