/**
 * What the flows need from the outside that lives in a higher layer (the queue): waking work up,
 * inside the transaction that made it necessary.
 */

import type { DbOrTx } from '../store/db.ts';
import type { Flow } from '../store/dirty-repo.ts';

export type WakeRequest =
  | {
      readonly job: 'crm.flush';
      readonly connectionId: string;
      readonly flow: Flow;
      readonly delayMs: number;
    }
  | { readonly job: 'crm.inbox'; readonly connectionId: string }
  | { readonly job: 'crm.poll'; readonly connectionId: string }
  | { readonly job: 'crm.resync'; readonly connectionId: string; readonly runId: string }
  /** `now`: also bring forward a retry already waiting (the operator fixed the webhook URL). */
  | {
      readonly job: 'lime.push';
      readonly tenantId: string;
      readonly delayMs?: number;
      readonly now?: boolean;
    };

export type Wake = (db: DbOrTx, requests: readonly WakeRequest[]) => Promise<void>;
