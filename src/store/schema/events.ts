import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** Every event Lime sent, once (the idempotency log). Payloads of forgotten people are erased. */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    tenantId: text('tenant_id').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    subject: text('subject').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    payload: jsonb('payload'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.eventId] }),
    index('inbound_events_subject').on(t.tenantId, t.subject),
  ],
);

/**
 * Events to Lime. `seq` is taken under a per-tenant lock held to commit, so within a tenant seq
 * order is commit order and a cursor over it never skips a late commit (engine-research.md §2.6).
 */
export const outboundEvents = pgTable(
  'outbound_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    eventId: text('event_id').notNull().unique(),
    type: text('type').notNull(),
    subject: text('subject').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    data: jsonb('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    index('outbound_events_tenant_seq').on(t.tenantId, t.seq),
    index('outbound_subject').on(t.tenantId, t.subject),
  ],
);

/** Push delivery state per tenant: everything up to `deliveredSeq` was acknowledged by Lime. */
export const limeDelivery = pgTable('lime_delivery', {
  tenantId: text('tenant_id').primaryKey(),
  deliveredSeq: bigint('delivered_seq', { mode: 'number' }).notNull().default(0),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  lastError: text('last_error'),
  lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
  failingSince: timestamp('failing_since', { withTimezone: true }),
});

/** What limebridge did, for whom, with what outcome — never personal data (field names, codes, ids). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    connectionId: text('connection_id'),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** lime | crm | lime_out | admin | system */
    source: text('source').notNull(),
    operation: text('operation').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    remoteId: text('remote_id'),
    /** ok | error | skipped | conflict | duplicate */
    outcome: text('outcome').notNull(),
    detail: jsonb('detail'),
  },
  (t) => [
    index('audit_entity').on(t.tenantId, t.entity, t.entityId, t.id),
    index('audit_tenant').on(t.tenantId, t.id),
  ],
);
