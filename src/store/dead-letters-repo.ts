/** Items a CRM refused for good, with the error, until an operator retries or resolves them. */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from './db.ts';
import { deadLetters } from './schema/index.ts';

export type DeadLetterInput = {
  readonly tenantId: string;
  readonly connectionId: string | null;
  readonly flow: string;
  readonly entityId: string;
  readonly error: Record<string, unknown>;
};

export async function addDeadLetters(db: DbOrTx, letters: readonly DeadLetterInput[]): Promise<void> {
  for (const letter of letters) {
    await db
      .insert(deadLetters)
      .values({ ...letter })
      .onConflictDoUpdate({
        target: [deadLetters.connectionId, deadLetters.flow, deadLetters.entityId],
        targetWhere: sql`resolved_at is null`,
        set: { error: letter.error, attempts: sql`${deadLetters.attempts} + 1`, lastAt: new Date() },
      });
  }
}

export async function listDeadLetters(
  db: DbOrTx,
  filter: { tenantId?: string; connectionId?: string; limit: number },
) {
  const conditions = [isNull(deadLetters.resolvedAt)];
  if (filter.tenantId) conditions.push(eq(deadLetters.tenantId, filter.tenantId));
  if (filter.connectionId) conditions.push(eq(deadLetters.connectionId, filter.connectionId));
  return db
    .select()
    .from(deadLetters)
    .where(and(...conditions))
    .orderBy(desc(deadLetters.lastAt))
    .limit(filter.limit);
}

export async function getDeadLetter(db: DbOrTx, id: number) {
  const [row] = await db.select().from(deadLetters).where(eq(deadLetters.id, id));
  return row ?? null;
}

export async function resolveDeadLetter(db: DbOrTx, id: number): Promise<void> {
  await db.update(deadLetters).set({ resolvedAt: new Date() }).where(eq(deadLetters.id, id));
}

export async function countDeadLetters(db: DbOrTx, connectionId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(deadLetters)
    .where(and(eq(deadLetters.connectionId, connectionId), isNull(deadLetters.resolvedAt)));
  return row?.count ?? 0;
}
