import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** The map of ids on each side, with the sync baseline of each linked record. */
export const links = pgTable(
  'links',
  {
    connectionId: text('connection_id').notNull(),
    entity: text('entity').notNull(),
    localId: text('local_id').notNull(),
    remoteId: text('remote_id').notNull(),
    baseline: jsonb('baseline').notNull().default({}),
    /** Connector-private details a later write needs. */
    remoteState: jsonb('remote_state').notNull().default({}),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.entity, t.localId] }),
    uniqueIndex('links_remote').on(t.connectionId, t.entity, t.remoteId),
  ],
);

/**
 * CRM contacts known to limebridge for matching before a create (Lime id, phone and e-mail as
 * fingerprints, so no personal data of people outside Lime is kept).
 */
export const remoteContacts = pgTable(
  'remote_contacts',
  {
    connectionId: text('connection_id').notNull(),
    remoteId: text('remote_id').notNull(),
    limeId: text('lime_id'),
    phoneKeys: text('phone_keys').array().notNull().default(sql`'{}'::text[]`),
    emailKeys: text('email_keys').array().notNull().default(sql`'{}'::text[]`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.remoteId] }),
    index('remote_contacts_lime').on(t.connectionId, t.limeId),
    index('remote_contacts_phones').using('gin', t.phoneKeys),
    index('remote_contacts_emails').using('gin', t.emailKeys),
  ],
);

/**
 * Work owed to a connection: one row per (flow, entity), however many changes came in. The version
 * grows with each change so a flush never clears work that arrived while it ran.
 */
export const dirty = pgTable(
  'dirty',
  {
    connectionId: text('connection_id').notNull(),
    flow: text('flow').notNull(),
    entityId: text('entity_id').notNull(),
    version: integer('version').notNull().default(1),
    since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    notBefore: timestamp('not_before', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.flow, t.entityId] }),
    index('dirty_due').on(t.connectionId, t.flow, t.since),
  ],
);

/** CRM changes received (webhooks) or polled, decoded, waiting to be applied. */
export const inbox = pgTable(
  'inbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    connectionId: text('connection_id').notNull(),
    source: text('source').notNull(),
    changes: jsonb('changes').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('inbox_connection').on(t.connectionId, t.id)],
);

/** Items that failed permanently (a CRM refused them), with the error, until retried or resolved. */
export const deadLetters = pgTable(
  'dead_letters',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    connectionId: text('connection_id'),
    flow: text('flow').notNull(),
    entityId: text('entity_id').notNull(),
    error: jsonb('error').notNull(),
    attempts: integer('attempts').notNull().default(1),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull().defaultNow(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('dead_letters_open').on(t.connectionId, t.flow, t.entityId).where(sql`resolved_at is null`),
    index('dead_letters_tenant').on(t.tenantId, t.lastAt),
  ],
);

/** GCRA slots: the theoretical arrival time per (connection, bucket), shared by every process. */
export const rateSlots = pgTable('rate_slots', {
  key: text('key').primaryKey(),
  tat: timestamp('tat', { withTimezone: true, precision: 6 }).notNull(),
});

export const resyncRuns = pgTable('resync_runs', {
  id: text('id').primaryKey(),
  connectionId: text('connection_id').notNull(),
  scope: text('scope').notNull(),
  state: text('state').notNull(),
  total: integer('total').notNull().default(0),
  done: integer('done').notNull().default(0),
  cursor: text('cursor'),
  error: jsonb('error'),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});
