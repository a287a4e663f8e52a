/** The map of ids on each side, with each link's sync baseline and connector-private state. */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Json } from '../connectors/contract.ts';
import { type Baseline, EMPTY_BASELINE } from '../core/sync/baseline.ts';
import type { DbOrTx } from './db.ts';
import { links } from './schema/index.ts';

export type LinkEntity = 'client' | 'product' | 'preorder';

export type Link = {
  readonly localId: string;
  readonly remoteId: string;
  readonly baseline: Baseline;
  readonly remoteState: Json;
};

export async function linksByLocal(
  db: DbOrTx,
  connectionId: string,
  entity: LinkEntity,
  localIds: readonly string[],
) {
  if (localIds.length === 0) return new Map<string, Link>();
  const found = await db
    .select()
    .from(links)
    .where(
      and(
        eq(links.connectionId, connectionId),
        eq(links.entity, entity),
        inArray(links.localId, [...localIds]),
      ),
    );
  return new Map(found.map((row) => [row.localId, toLink(row)]));
}

export async function linksByRemote(
  db: DbOrTx,
  connectionId: string,
  entity: LinkEntity,
  remoteIds: readonly string[],
) {
  if (remoteIds.length === 0) return new Map<string, Link>();
  const found = await db
    .select()
    .from(links)
    .where(
      and(
        eq(links.connectionId, connectionId),
        eq(links.entity, entity),
        inArray(links.remoteId, [...remoteIds]),
      ),
    );
  return new Map(found.map((row) => [row.remoteId, toLink(row)]));
}

export async function saveLink(
  db: DbOrTx,
  connectionId: string,
  entity: LinkEntity,
  link: { localId: string; remoteId: string; baseline?: Baseline; remoteState?: Json },
): Promise<void> {
  const values = {
    connectionId,
    entity,
    localId: link.localId,
    remoteId: link.remoteId,
    baseline: link.baseline ?? EMPTY_BASELINE,
    remoteState: link.remoteState ?? {},
    updatedAt: new Date(),
  };
  // A remote record can stand for one local record only: an older claim on it is dropped.
  await db
    .delete(links)
    .where(
      and(
        eq(links.connectionId, connectionId),
        eq(links.entity, entity),
        eq(links.remoteId, link.remoteId),
        sql`${links.localId} <> ${link.localId}`,
      ),
    );
  await db
    .insert(links)
    .values(values)
    .onConflictDoUpdate({
      target: [links.connectionId, links.entity, links.localId],
      set: {
        remoteId: values.remoteId,
        ...(link.baseline ? { baseline: link.baseline } : {}),
        ...(link.remoteState !== undefined ? { remoteState: link.remoteState ?? {} } : {}),
        updatedAt: values.updatedAt,
      },
    });
}

export async function updateBaseline(
  db: DbOrTx,
  connectionId: string,
  entity: LinkEntity,
  localId: string,
  baseline: Baseline,
  remoteState?: Json,
): Promise<void> {
  await db
    .update(links)
    .set({
      baseline,
      ...(remoteState !== undefined ? { remoteState: remoteState ?? {} } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(links.connectionId, connectionId), eq(links.entity, entity), eq(links.localId, localId)));
}

export async function dropLink(
  db: DbOrTx,
  connectionId: string,
  entity: LinkEntity,
  localId: string,
): Promise<void> {
  await db
    .delete(links)
    .where(and(eq(links.connectionId, connectionId), eq(links.entity, entity), eq(links.localId, localId)));
}

export async function countLinks(db: DbOrTx, connectionId: string) {
  const found = await db
    .select({ entity: links.entity, count: sql<number>`count(*)::int` })
    .from(links)
    .where(eq(links.connectionId, connectionId))
    .groupBy(links.entity);
  return Object.fromEntries(found.map((row) => [row.entity, row.count]));
}

function toLink(row: typeof links.$inferSelect): Link {
  return {
    localId: row.localId,
    remoteId: row.remoteId,
    baseline: { ...EMPTY_BASELINE, ...(row.baseline as Partial<Baseline>) },
    remoteState: row.remoteState as Json,
  };
}

/** Links a full scan did not see (their CRM record is gone); answers how many were dropped. */
export async function dropLinksNotSeenSince(
  db: DbOrTx,
  connectionId: string,
  entity: LinkEntity,
  since: Date,
) {
  const dropped = await db
    .delete(links)
    .where(
      and(
        eq(links.connectionId, connectionId),
        eq(links.entity, entity),
        sql`${links.updatedAt} < ${since.toISOString()}::timestamptz`,
      ),
    )
    .returning({ localId: links.localId });
  return dropped.length;
}

export async function touchLinks(
  db: DbOrTx,
  connectionId: string,
  entity: LinkEntity,
  remoteIds: readonly string[],
) {
  if (remoteIds.length === 0) return;
  await db
    .update(links)
    .set({ updatedAt: new Date() })
    .where(
      and(
        eq(links.connectionId, connectionId),
        eq(links.entity, entity),
        inArray(links.remoteId, [...remoteIds]),
      ),
    );
}
