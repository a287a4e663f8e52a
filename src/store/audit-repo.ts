/** The trail of every operation: what came in, what was written where, and how it ended. */
import { and, desc, eq, gt, inArray, like, lt, sql } from 'drizzle-orm';
import { insertRows } from './bulk-insert.ts';
import type { DbOrTx } from './db.ts';
import { auditLog } from './schema/index.ts';

export type AuditSource = 'lime' | 'crm' | 'lime_out' | 'admin' | 'system';
export type AuditOutcome = 'ok' | 'error' | 'skipped' | 'conflict' | 'duplicate' | 'stale';

export type AuditEntry = {
  readonly tenantId: string;
  readonly connectionId?: string | null;
  readonly source: AuditSource;
  readonly operation: string;
  readonly entity: string;
  readonly entityId: string;
  readonly remoteId?: string | null;
  readonly outcome: AuditOutcome;
  /** Field names, error codes, counts — never personal data. */
  readonly detail?: Record<string, unknown> | null;
};

export async function audit(db: DbOrTx, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await insertRows(
    db,
    auditLog,
    entries.map((e) => ({
      tenantId: e.tenantId,
      connectionId: e.connectionId ?? null,
      source: e.source,
      operation: e.operation,
      entity: e.entity,
      entityId: e.entityId,
      remoteId: e.remoteId ?? null,
      outcome: e.outcome,
      detail: e.detail ?? null,
    })),
  );
}

export type AuditQuery = {
  readonly tenantId: string;
  readonly entity?: string;
  readonly entityId?: string;
  readonly connectionId?: string;
  readonly beforeId?: number;
  /** Only entries newer than this id (a live feed asking what is new). */
  readonly afterId?: number;
  readonly source?: string;
  readonly outcome?: string;
  /** An operation, or a prefix ending in `.` (e.g. `contact.`). */
  readonly operation?: string;
  readonly limit: number;
};

export async function readAudit(db: DbOrTx, query: AuditQuery) {
  const conditions = [eq(auditLog.tenantId, query.tenantId)];
  if (query.entity) conditions.push(eq(auditLog.entity, query.entity));
  if (query.entityId) conditions.push(eq(auditLog.entityId, query.entityId));
  if (query.connectionId) conditions.push(eq(auditLog.connectionId, query.connectionId));
  if (query.beforeId) conditions.push(lt(auditLog.id, query.beforeId));
  if (query.afterId) conditions.push(gt(auditLog.id, query.afterId));
  if (query.source) conditions.push(eq(auditLog.source, query.source));
  if (query.outcome) conditions.push(eq(auditLog.outcome, query.outcome));
  if (query.operation) {
    conditions.push(
      query.operation.endsWith('.')
        ? like(auditLog.operation, `${query.operation}%`)
        : eq(auditLog.operation, query.operation),
    );
  }
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(query.limit);
}

export async function countsByOperation(db: DbOrTx, connectionId: string) {
  const found = await db
    .select({ operation: auditLog.operation, outcome: auditLog.outcome, count: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(eq(auditLog.connectionId, connectionId))
    .groupBy(auditLog.operation, auditLog.outcome);
  return found;
}

/** The ids of the notes recorded as written on one connection for transactions of these clients. */
export async function writtenNoteIds(
  db: DbOrTx,
  tenantId: string,
  connectionId: string,
  clientIds: readonly string[],
): Promise<Set<string>> {
  if (clientIds.length === 0) return new Set();
  const found = await db
    .select({ remoteId: auditLog.remoteId })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.tenantId, tenantId),
        eq(auditLog.entity, 'client'),
        inArray(auditLog.entityId, [...clientIds]),
        eq(auditLog.connectionId, connectionId),
        eq(auditLog.operation, 'note.create'),
        eq(auditLog.outcome, 'ok'),
      ),
    );
  return new Set(found.flatMap((row) => (row.remoteId ? [row.remoteId] : [])));
}
