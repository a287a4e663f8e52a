import { desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from './db.ts';
import { resyncRuns } from './schema/index.ts';
import { newId } from './secrets.ts';

export type ResyncScope = 'products' | 'clients' | 'all';

export async function createResyncRun(db: DbOrTx, connectionId: string, scope: ResyncScope) {
  const [row] = await db
    .insert(resyncRuns)
    .values({ id: newId('rs'), connectionId, scope, state: 'queued' })
    .returning();
  if (!row) throw new Error('resync insert returned nothing');
  return row;
}

export async function resyncRun(db: DbOrTx, runId: string) {
  const [row] = await db.select().from(resyncRuns).where(eq(resyncRuns.id, runId));
  return row ?? null;
}

export async function updateResyncRun(
  db: DbOrTx,
  runId: string,
  patch: Partial<typeof resyncRuns.$inferInsert>,
) {
  await db.update(resyncRuns).set(patch).where(eq(resyncRuns.id, runId));
}

export async function addResyncProgress(db: DbOrTx, runId: string, done: number, total?: number) {
  await db
    .update(resyncRuns)
    .set({ done: sql`${resyncRuns.done} + ${done}`, ...(total !== undefined ? { total } : {}) })
    .where(eq(resyncRuns.id, runId));
}

export async function latestResyncRuns(db: DbOrTx, connectionId: string, limit = 5) {
  return db
    .select()
    .from(resyncRuns)
    .where(eq(resyncRuns.connectionId, connectionId))
    .orderBy(desc(resyncRuns.startedAt))
    .limit(limit);
}

export async function resyncProgress(db: DbOrTx, runId: string) {
  const row = await resyncRun(db, runId);
  if (!row) return null;
  return {
    id: row.id,
    connectionId: row.connectionId,
    scope: row.scope,
    state: row.state,
    done: row.done,
    total: row.total,
    // `done` counts CRM records scanned and `total` Lime's: they need not meet, so a finished run is 1.
    progress: row.state === 'done' ? 1 : row.total > 0 ? Math.min(1, row.done / row.total) : 0,
    error: row.error ?? null,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
