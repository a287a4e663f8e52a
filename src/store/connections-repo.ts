import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Json } from '../connectors/contract.ts';
import type { DbOrTx } from './db.ts';
import { connections } from './schema/index.ts';
import { newId, newToken, type SecretBox } from './secrets.ts';

export type ConnectionRow = typeof connections.$inferSelect;
export type ConnectionState = 'active' | 'paused' | 'needs_reauth' | 'blocked';

export async function createConnection(
  db: DbOrTx,
  box: SecretBox,
  input: { tenantId: string; kind: string; label: string; credentials: Json; options: unknown },
): Promise<{ row: ConnectionRow; hookSecret: string }> {
  const hookSecret = newToken('hk', 24);
  const [row] = await db
    .insert(connections)
    .values({
      id: newId('cn'),
      tenantId: input.tenantId,
      kind: input.kind,
      label: input.label,
      credentialsEnc: box.seal(JSON.stringify(input.credentials)),
      options: input.options ?? {},
      hookSecretEnc: box.seal(hookSecret),
    })
    .returning();
  if (!row) throw new Error('connection insert returned nothing');
  return { row, hookSecret };
}

export async function getConnection(db: DbOrTx, id: string): Promise<ConnectionRow | null> {
  const [row] = await db.select().from(connections).where(eq(connections.id, id));
  return row ?? null;
}

export async function listConnections(db: DbOrTx, tenantId?: string): Promise<ConnectionRow[]> {
  const query = db.select().from(connections);
  return (tenantId ? query.where(eq(connections.tenantId, tenantId)) : query).orderBy(
    asc(connections.createdAt),
  );
}

export function openCredentials(box: SecretBox, row: Pick<ConnectionRow, 'credentialsEnc'>): Json {
  return JSON.parse(box.open(row.credentialsEnc)) as Json;
}

export function openHookSecret(box: SecretBox, row: Pick<ConnectionRow, 'hookSecretEnc'>): string {
  return box.open(row.hookSecretEnc);
}

export async function saveCredentials(
  db: DbOrTx,
  box: SecretBox,
  id: string,
  credentials: Json,
): Promise<void> {
  await db
    .update(connections)
    .set({
      credentialsEnc: box.seal(JSON.stringify(credentials)),
      tokenLeaseUntil: null,
      updatedAt: new Date(),
    })
    .where(eq(connections.id, id));
}

export async function updateConnection(
  db: DbOrTx,
  id: string,
  patch: Partial<
    Pick<
      ConnectionRow,
      'label' | 'options' | 'schema' | 'setupReport' | 'setupAt' | 'state' | 'pollCursor' | 'polledAt'
    >
  >,
): Promise<void> {
  await db
    .update(connections)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(connections.id, id));
}

/** One process at a time may refresh a connection's token; the lease expires if that process dies. */
export async function takeTokenLease(db: DbOrTx, id: string, leaseMs: number): Promise<boolean> {
  const taken = await db
    .update(connections)
    .set({ tokenLeaseUntil: sql`now() + make_interval(secs => ${leaseMs / 1000})` })
    .where(
      and(
        eq(connections.id, id),
        or(isNull(connections.tokenLeaseUntil), lt(connections.tokenLeaseUntil, sql`now()`)),
      ),
    )
    .returning({ id: connections.id });
  return taken.length > 0;
}

export async function releaseTokenLease(db: DbOrTx, id: string): Promise<void> {
  await db.update(connections).set({ tokenLeaseUntil: null }).where(eq(connections.id, id));
}

export async function recordSuccess(db: DbOrTx, id: string): Promise<void> {
  await db.update(connections).set({ lastSuccessAt: new Date() }).where(eq(connections.id, id));
}

export async function recordFailure(
  db: DbOrTx,
  id: string,
  failure: { kind: string; detail: string; flow?: string },
) {
  await db
    .update(connections)
    .set({ lastError: { ...failure, at: new Date().toISOString() } })
    .where(eq(connections.id, id));
}
