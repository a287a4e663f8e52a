import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** A pre-order built in a CRM and handed to Lime; the id is minted by limebridge. */
export const preorders = pgTable(
  'preorders',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    connectionId: text('connection_id').notNull(),
    remoteId: text('remote_id').notNull(),
    /** The composition last sent to Lime (lines, total, client) and its fingerprint. */
    composition: jsonb('composition'),
    compositionFp: text('composition_fp'),
    sentCount: integer('sent_count').notNull().default(0),
    /** Lime's answer: accepted | paid | completed | cancelled | rejected */
    limeStatus: text('lime_status'),
    limeStatusAt: timestamp('lime_status_at', { withTimezone: true, precision: 3 }),
    limeOrderNumber: text('lime_order_number'),
    /** What still has to be written to the lead/deal: { stage?, amountMinor?, notes[] }. */
    crmPending: jsonb('crm_pending'),
    /** Fingerprint of the problems last noted on the lead/deal, so a note is not repeated. */
    problemFp: text('problem_fp'),
    /** When the CRM side cancelled a pre-order Lime had (sent as `preorder.cancelled`). */
    crmCancelledAt: timestamp('crm_cancelled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('preorders_remote').on(t.connectionId, t.remoteId),
    index('preorders_tenant').on(t.tenantId),
  ],
);
