/** Asks a CRM what changed since the last poll: the backstop for webhooks that got lost. */
import { getConnection, recordFailure, updateConnection } from '../store/connections-repo.ts';
import { storeInbound } from '../store/inbox-repo.ts';
import { describeCrmError } from './crm-errors.ts';
import { openContext, type RunOutcome } from './runner.ts';
import type { Runtime } from './runtime.ts';

export async function runPoll(runtime: Runtime, connectionId: string): Promise<RunOutcome> {
  const ctx = await openContext(runtime, connectionId);
  if ('held' in ctx) return { kind: 'held', reason: ctx.held };
  const row = await getConnection(runtime.db, connectionId);
  const page = await ctx.connector.pollChanges(ctx.conn, row?.pollCursor ?? null);
  if (!page.ok) {
    await recordFailure(runtime.db, connectionId, {
      kind: page.error.kind,
      detail: describeCrmError(page.error),
      flow: 'poll',
    });
    return { kind: 'failed', error: page.error };
  }
  await runtime.db.transaction(async (tx) => {
    await storeInbound(tx, connectionId, 'poll', page.value.changes);
    await updateConnection(tx, connectionId, { pollCursor: page.value.cursor, polledAt: new Date() });
    if (page.value.changes.length > 0) await runtime.wake(tx, [{ job: 'crm.inbox', connectionId }]);
  });
  return { kind: 'done' };
}
