import {
  bigint,
  boolean,
  date,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** Lime's entities as limebridge last saw them (newest state by `occurredAt` wins). */
export const clients = pgTable(
  'clients',
  {
    tenantId: text('tenant_id').notNull(),
    clientId: text('client_id').notNull(),
    category: text('category').notNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    middleName: text('middle_name'),
    birthDate: date('birth_date', { mode: 'string' }),
    gender: text('gender'),
    phone: text('phone'),
    email: text('email'),
    registrationChannel: text('registration_channel').notNull(),
    cards: jsonb('cards').notNull().default([]),
    marketingConsent: boolean('marketing_consent'),
    stateAt: timestamp('state_at', { withTimezone: true, precision: 3 }).notNull(),
    /** Set when Lime asked to forget the person: the row keeps only the id and the time. */
    erasedAt: timestamp('erased_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.clientId] })],
);

export const familyLinks = pgTable(
  'family_links',
  {
    tenantId: text('tenant_id').notNull(),
    parentId: text('parent_id').notNull(),
    childId: text('child_id').notNull(),
    relation: text('relation').notNull(),
    linked: boolean('linked').notNull(),
    stateAt: timestamp('state_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.parentId, t.childId] }),
    index('family_links_child').on(t.tenantId, t.childId),
  ],
);

export const products = pgTable(
  'products',
  {
    tenantId: text('tenant_id').notNull(),
    productId: text('product_id').notNull(),
    name: text('name').notNull(),
    priceMinor: bigint('price_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    sku: text('sku'),
    group: text('group_name'),
    kind: text('kind'),
    active: boolean('active').notNull(),
    deleted: boolean('deleted').notNull().default(false),
    stateAt: timestamp('state_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.productId] })],
);

export const transactions = pgTable(
  'transactions',
  {
    tenantId: text('tenant_id').notNull(),
    transactionId: text('transaction_id').notNull(),
    clientId: text('client_id').notNull(),
    kind: text('kind').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    servicePoint: jsonb('service_point').notNull(),
    cardNumber: text('card_number'),
    items: jsonb('items').notNull().default([]),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.transactionId] }),
    index('transactions_client_time').on(t.tenantId, t.clientId, t.occurredAt),
  ],
);

/** Which client a card or wristband belongs to (so an operator can find a client by the card in hand). */
export const cards = pgTable(
  'cards',
  {
    tenantId: text('tenant_id').notNull(),
    number: text('number').notNull(),
    clientId: text('client_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.number] }), index('cards_client').on(t.tenantId, t.clientId)],
);
