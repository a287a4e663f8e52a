import { and, asc, eq, inArray } from 'drizzle-orm';
import type { InboundChange } from '../connectors/contract.ts';
import type { DbOrTx } from './db.ts';
import { inbox } from './schema/index.ts';

export async function storeInbound(
  db: DbOrTx,
  connectionId: string,
  source: 'webhook' | 'poll',
  changes: readonly InboundChange[],
) {
  if (changes.length === 0) return;
  await db.insert(inbox).values({ connectionId, source, changes });
}

export async function nextInbound(db: DbOrTx, connectionId: string, limit: number) {
  const found = await db
    .select()
    .from(inbox)
    .where(eq(inbox.connectionId, connectionId))
    .orderBy(asc(inbox.id))
    .limit(limit);
  return found.map((row) => ({ id: row.id, source: row.source, changes: row.changes as InboundChange[] }));
}

export async function dropInbound(db: DbOrTx, connectionId: string, ids: readonly number[]) {
  if (ids.length === 0) return;
  await db.delete(inbox).where(and(eq(inbox.connectionId, connectionId), inArray(inbox.id, [...ids])));
}
