/** Lime's inbound event log, the outbound stream to Lime, and its push delivery state. */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { insertRows } from './bulk-insert.ts';
import type { DbOrTx } from './db.ts';
import { inboundEvents, limeDelivery, outboundEvents } from './schema/index.ts';

export type InboundRecord = {
  readonly eventId: string;
  readonly type: string;
  readonly subject: string;
  readonly occurredAt: number;
  readonly payload: unknown;
};

/** Records events; answers the ids that were new (a repeated id is a duplicate and is not applied). */
export async function recordInbound(
  db: DbOrTx,
  tenantId: string,
  events: readonly InboundRecord[],
): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const inserted = await insertRows<{ event_id: string }>(
    db,
    inboundEvents,
    events.map((e) => ({
      tenantId,
      eventId: e.eventId,
      type: e.type,
      subject: e.subject,
      occurredAt: new Date(e.occurredAt),
      payload: e.payload,
    })),
    sql`on conflict do nothing returning event_id`,
  );
  return new Set(inserted.map((row) => row.event_id));
}

/** Erases the payloads of everything Lime sent about these people (keeping ids and times for the trail). */
export async function erasePayloads(
  db: DbOrTx,
  tenantId: string,
  subjects: readonly string[],
): Promise<void> {
  if (subjects.length === 0) return;
  await db
    .update(inboundEvents)
    .set({ payload: null })
    .where(and(eq(inboundEvents.tenantId, tenantId), inArray(inboundEvents.subject, [...subjects])));
}

/** Erases the payloads of these events only (late events about a person already forgotten). */
export async function erasePayloadsOf(
  db: DbOrTx,
  tenantId: string,
  eventIds: readonly string[],
): Promise<void> {
  if (eventIds.length === 0) return;
  await db
    .update(inboundEvents)
    .set({ payload: null })
    .where(and(eq(inboundEvents.tenantId, tenantId), inArray(inboundEvents.eventId, [...eventIds])));
}

export type OutboundDraft = {
  readonly type: string;
  /** The ordering key: `client:<id>` or `preorder:<id>`. */
  readonly subject: string;
  readonly occurredAt: number;
  readonly data: unknown;
};

export type OutboundEvent = {
  readonly seq: number;
  readonly id: string;
  readonly type: string;
  readonly occurredAt: Date;
  readonly data: unknown;
};

/**
 * Appends events to a tenant's stream. The transaction-scoped lock serialises appenders of one tenant
 * until commit, so `seq` order is commit order and a reader's cursor never skips a late commit.
 */
export async function appendOutbound(
  db: DbOrTx,
  tenantId: string,
  drafts: readonly OutboundDraft[],
): Promise<string[]> {
  if (drafts.length === 0) return [];
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`outbound:${tenantId}`}, 0))`);
  const rows = drafts.map((d) => ({
    tenantId,
    eventId: randomUUID(),
    type: d.type,
    subject: d.subject,
    occurredAt: new Date(d.occurredAt),
    data: d.data,
  }));
  await db.insert(outboundEvents).values(rows);
  return rows.map((row) => row.eventId);
}

export async function readOutbound(
  db: DbOrTx,
  tenantId: string,
  afterSeq: number,
  limit: number,
): Promise<OutboundEvent[]> {
  const found = await db
    .select()
    .from(outboundEvents)
    .where(and(eq(outboundEvents.tenantId, tenantId), gt(outboundEvents.seq, afterSeq)))
    .orderBy(asc(outboundEvents.seq))
    .limit(limit);
  return found.map((row) => ({
    seq: row.seq,
    id: row.eventId,
    type: row.type,
    occurredAt: row.occurredAt,
    data: row.data,
  }));
}

export async function deliveryState(db: DbOrTx, tenantId: string) {
  const [row] = await db.select().from(limeDelivery).where(eq(limeDelivery.tenantId, tenantId));
  return (
    row ?? {
      tenantId,
      deliveredSeq: 0,
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      lastSuccessAt: null,
      failingSince: null,
    }
  );
}

export async function saveDelivery(db: DbOrTx, state: typeof limeDelivery.$inferInsert): Promise<void> {
  await db
    .insert(limeDelivery)
    .values(state)
    .onConflictDoUpdate({ target: limeDelivery.tenantId, set: state });
}

export async function undeliveredCount(db: DbOrTx, tenantId: string): Promise<number> {
  const state = await deliveryState(db, tenantId);
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(outboundEvents)
    .where(and(eq(outboundEvents.tenantId, tenantId), gt(outboundEvents.seq, state.deliveredSeq)));
  return row?.count ?? 0;
}

/** A new webhook URL deserves a fresh start: the backoff of the old one is forgotten. */
export async function resetDelivery(db: DbOrTx, tenantId: string): Promise<void> {
  await db
    .update(limeDelivery)
    .set({ attempts: 0, nextAttemptAt: null })
    .where(eq(limeDelivery.tenantId, tenantId));
}
