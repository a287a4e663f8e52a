/**
 * Runs one flow of one connection until nothing is due or its time budget is spent. The queue calls
 * this; it decides what to do with the outcome (retry policy, rescheduling).
 */
import type { CrmError } from '../connectors/contract.ts';
import { getConnection, recordFailure } from '../store/connections-repo.ts';
import type { Flow } from '../store/dirty-repo.ts';
import { getTenant } from '../store/tenants-repo.ts';
import { NoConnectorError, openConn } from './conn.ts';
import { flushContacts } from './contacts-out.ts';
import { describeCrmError } from './crm-errors.ts';
import { flushErasures } from './erasure.ts';
import type { FlushContext, FlushStep } from './flush-context.ts';
import { processInbox } from './inbox.ts';
import { flushNotes } from './notes.ts';
import { flushPreorders } from './preorders.ts';
import { flushProducts } from './products.ts';
import type { Runtime } from './runtime.ts';

export type RunOutcome =
  | { readonly kind: 'done' }
  /** The budget ran out with work left. */
  | { readonly kind: 'more' }
  /** Nothing can run until an operator acts (paused, needs re-auth, blocked, no setup). */
  | { readonly kind: 'held'; readonly reason: string }
  /** `progressed`: batches went through before the failure, so it does not extend a run of failures. */
  | { readonly kind: 'failed'; readonly error: CrmError; readonly progressed?: boolean };

const STEPS: Record<Flow, (ctx: FlushContext) => Promise<FlushStep>> = {
  contact: flushContacts,
  note: flushNotes,
  product: flushProducts,
  preorder: flushPreorders,
  erase: flushErasures,
};

export const DEFAULT_BUDGET_MS = 20_000;

export function runFlush(runtime: Runtime, connectionId: string, flow: Flow, budgetMs = DEFAULT_BUDGET_MS) {
  return runSteps(runtime, connectionId, flow, STEPS[flow], budgetMs);
}

export function runInbox(runtime: Runtime, connectionId: string, budgetMs = DEFAULT_BUDGET_MS) {
  return runSteps(runtime, connectionId, 'inbox', processInbox, budgetMs);
}

export async function openContext(
  runtime: Runtime,
  connectionId: string,
): Promise<FlushContext | { held: string }> {
  const row = await getConnection(runtime.db, connectionId);
  if (!row) return { held: 'the connection was deleted' };
  if (row.state !== 'active') return { held: `the connection is ${row.state}` };
  if (!row.schema) return { held: 'setup has not been run' };
  const tenant = await getTenant(runtime.db, row.tenantId);
  if (!tenant) return { held: 'the tenant was deleted' };
  try {
    const { conn, connector } = openConn(runtime, row, tenant.timeZone);
    return { runtime, conn, connector, tenant, row };
  } catch (error) {
    if (error instanceof NoConnectorError) return { held: error.message };
    throw error;
  }
}

async function runSteps(
  runtime: Runtime,
  connectionId: string,
  label: string,
  step: (ctx: FlushContext) => Promise<FlushStep>,
  budgetMs: number,
): Promise<RunOutcome> {
  const ctx = await openContext(runtime, connectionId);
  if ('held' in ctx) return { kind: 'held', reason: ctx.held };
  const deadline = runtime.now() + budgetMs;
  let progressed = false;
  for (;;) {
    const result = await step(ctx);
    if (result.kind === 'idle') return { kind: 'done' };
    if (result.kind === 'failed') {
      await recordFailure(runtime.db, connectionId, {
        kind: result.error.kind,
        detail: describeCrmError(result.error),
        flow: label,
      });
      return { kind: 'failed', error: result.error, progressed };
    }
    progressed = true;
    if (runtime.now() >= deadline) return { kind: 'more' };
  }
}
