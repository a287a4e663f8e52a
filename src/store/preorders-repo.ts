import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from './db.ts';
import { preorders } from './schema/index.ts';
import { newId } from './secrets.ts';

export type PreorderRow = typeof preorders.$inferSelect;

/** What still has to be written to the lead/deal. */
export type CrmPending = {
  readonly stage?: string;
  readonly amountMinor?: number;
  readonly currency?: string;
  readonly notes?: string[];
};

export async function preorderByRemote(
  db: DbOrTx,
  connectionId: string,
  remoteId: string,
): Promise<PreorderRow | null> {
  const [row] = await db
    .select()
    .from(preorders)
    .where(and(eq(preorders.connectionId, connectionId), eq(preorders.remoteId, remoteId)));
  return row ?? null;
}

export async function preorderById(db: DbOrTx, tenantId: string, id: string): Promise<PreorderRow | null> {
  const [row] = await db
    .select()
    .from(preorders)
    .where(and(eq(preorders.tenantId, tenantId), eq(preorders.id, id)));
  return row ?? null;
}

export async function ensurePreorder(db: DbOrTx, tenantId: string, connectionId: string, remoteId: string) {
  await db
    .insert(preorders)
    .values({ id: newId('po'), tenantId, connectionId, remoteId })
    .onConflictDoNothing();
  const row = await preorderByRemote(db, connectionId, remoteId);
  if (!row) throw new Error('pre-order vanished right after its insert');
  return row;
}

export async function updatePreorder(db: DbOrTx, id: string, patch: Partial<typeof preorders.$inferInsert>) {
  await db
    .update(preorders)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(preorders.id, id));
}

export type LimeStatusUpdate = {
  readonly preorderId: string;
  readonly status: string;
  readonly at: number;
  readonly limeOrderNumber: string | null;
  readonly pending: CrmPending;
};

/** Applies Lime's answers (newest wins) and answers the pre-orders that moved, with their connection. */
export async function applyLimeStatuses(db: DbOrTx, tenantId: string, updates: readonly LimeStatusUpdate[]) {
  const moved: { id: string; connectionId: string }[] = [];
  for (const update of updates) {
    const [row] = await db
      .update(preorders)
      .set({
        limeStatus: update.status,
        limeStatusAt: new Date(update.at),
        limeOrderNumber: sql`coalesce(${update.limeOrderNumber}, ${preorders.limeOrderNumber})`,
        crmPending: mergePending(update.pending),
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(preorders.tenantId, tenantId),
          eq(preorders.id, update.preorderId),
          sql`(${preorders.limeStatusAt} is null or ${preorders.limeStatusAt} <= ${new Date(update.at).toISOString()}::timestamptz)`,
        ),
      )
      .returning({ id: preorders.id, connectionId: preorders.connectionId });
    if (row) moved.push(row);
  }
  return moved;
}

/** Later stage and amount replace earlier ones; notes pile up until they are written. */
export function mergePending(pending: CrmPending) {
  const { notes = [], ...rest } = pending;
  const scalars = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  return sql`coalesce(${preorders.crmPending}, '{}'::jsonb) || ${JSON.stringify(scalars)}::jsonb
    || jsonb_build_object('notes', coalesce(${preorders.crmPending}->'notes', '[]'::jsonb) || ${JSON.stringify(notes)}::jsonb)`;
}
