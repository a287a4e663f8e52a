/** Work owed to each connection, coalesced per (flow, entity). */
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from './db.ts';
import { dirty } from './schema/index.ts';

export const FLOWS = ['contact', 'note', 'product', 'preorder', 'erase'] as const;
export type Flow = (typeof FLOWS)[number];

export type DirtyMark = { readonly connectionId: string; readonly flow: Flow; readonly entityId: string };
export type DirtyItem = DirtyMark & {
  readonly version: number;
  readonly attempts: number;
  readonly since: Date;
};

export async function markDirty(db: DbOrTx, marks: readonly DirtyMark[]): Promise<void> {
  const unique = new Map(
    marks.map((mark) => [`${mark.connectionId}\u0000${mark.flow}\u0000${mark.entityId}`, mark]),
  );
  if (unique.size === 0) return;
  // One order for every writer, so two transactions marking the same rows queue instead of deadlocking.
  const ordered = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, m]) => m);
  await db
    .insert(dirty)
    .values(ordered)
    .onConflictDoUpdate({
      target: [dirty.connectionId, dirty.flow, dirty.entityId],
      set: { version: sql`${dirty.version} + 1`, notBefore: sql`null` },
    });
}

/** The oldest due items of one flow (not deferred past now). */
export async function dueItems(
  db: DbOrTx,
  connectionId: string,
  flow: Flow,
  limit: number,
): Promise<DirtyItem[]> {
  const found = await db
    .select()
    .from(dirty)
    .where(
      and(
        eq(dirty.connectionId, connectionId),
        eq(dirty.flow, flow),
        or(isNull(dirty.notBefore), lte(dirty.notBefore, sql`now()`)),
      ),
    )
    .orderBy(asc(dirty.since))
    .limit(limit);
  return found.map((row) => ({ ...row, flow: row.flow as Flow }));
}

/** Clears items that did not change while they were processed (a newer version stays owed). */
export async function clearItems(db: DbOrTx, items: readonly DirtyItem[]): Promise<void> {
  for (const group of groupBy(
    items,
    (item) => `${item.connectionId}\u0000${item.flow}\u0000${item.version}`,
  )) {
    const [first] = group;
    if (!first) continue;
    await db.delete(dirty).where(
      and(
        eq(dirty.connectionId, first.connectionId),
        eq(dirty.flow, first.flow),
        eq(dirty.version, first.version),
        inArray(
          dirty.entityId,
          group.map((item) => item.entityId),
        ),
      ),
    );
  }
}

/** Puts items aside for a while (e.g. a note whose contact does not exist yet); not an attempt. */
export async function deferItems(db: DbOrTx, items: readonly DirtyItem[], delayMs: number): Promise<void> {
  if (items.length === 0) return;
  const [first] = items;
  if (!first) return;
  await db
    .update(dirty)
    .set({ notBefore: sql`now() + make_interval(secs => ${delayMs / 1000})` })
    .where(sameFlowItems(first, items));
}

export async function backlog(db: DbOrTx, connectionId: string): Promise<Record<string, number>> {
  const found = await db
    .select({ flow: dirty.flow, count: sql<number>`count(*)::int` })
    .from(dirty)
    .where(eq(dirty.connectionId, connectionId))
    .groupBy(dirty.flow);
  return Object.fromEntries(found.map((row) => [row.flow, row.count]));
}

/** Connections and flows that have work due now (for the periodic sweep). */
export async function dueFlows(db: DbOrTx) {
  return db
    .selectDistinct({ connectionId: dirty.connectionId, flow: dirty.flow })
    .from(dirty)
    .where(or(isNull(dirty.notBefore), lte(dirty.notBefore, sql`now()`)));
}

/** The rows of these items, all of one connection and flow (the first one's). */
function sameFlowItems(first: DirtyMark, items: readonly DirtyMark[]) {
  return and(
    eq(dirty.connectionId, first.connectionId),
    eq(dirty.flow, first.flow),
    inArray(
      dirty.entityId,
      items.map((item) => item.entityId),
    ),
  );
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}

/** Counts an attempt on items before a call whose effect may survive a crash (a create). */
export async function countAttempt(db: DbOrTx, items: readonly DirtyItem[]): Promise<void> {
  const [first] = items;
  if (!first) return;
  await db
    .update(dirty)
    .set({ attempts: sql`${dirty.attempts} + 1` })
    .where(sameFlowItems(first, items));
}

/** Takes back the attempt counted before a call the CRM refused outright (it cannot have had an effect). */
export async function uncountAttempt(db: DbOrTx, items: readonly DirtyItem[]): Promise<void> {
  const [first] = items;
  if (!first) return;
  await db
    .update(dirty)
    .set({ attempts: sql`greatest(${dirty.attempts} - 1, 0)` })
    .where(sameFlowItems(first, items));
}

/** Owes every current adult client (or product) of the tenant to the connection: a full pass. */
export async function markEverythingDirty(
  db: DbOrTx,
  tenantId: string,
  connectionId: string,
  flow: 'contact' | 'product',
) {
  const query =
    flow === 'contact'
      ? sql`insert into dirty (connection_id, flow, entity_id)
            select ${connectionId}, 'contact', client_id from clients
            where tenant_id = ${tenantId} and category = 'adult' and erased_at is null
            on conflict (connection_id, flow, entity_id) do update set version = dirty.version + 1, not_before = null`
      : sql`insert into dirty (connection_id, flow, entity_id)
            select ${connectionId}, 'product', product_id from products where tenant_id = ${tenantId}
            on conflict (connection_id, flow, entity_id) do update set version = dirty.version + 1, not_before = null`;
  const result = (await db.execute(query)) as unknown as { rowCount?: number; affectedRows?: number };
  return Number(result.rowCount ?? result.affectedRows ?? 0);
}

/** Makes every deferred item of a flow due now (what it waited for may have happened). */
export async function releaseDeferred(db: DbOrTx, connectionId: string, flow: Flow): Promise<void> {
  await db
    .update(dirty)
    .set({ notBefore: null })
    .where(
      and(eq(dirty.connectionId, connectionId), eq(dirty.flow, flow), sql`${dirty.notBefore} is not null`),
    );
}
