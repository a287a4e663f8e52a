import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  limeWebhookUrl: text('lime_webhook_url'),
  /** sha-256 of the API key; the key itself is shown once and never stored. */
  apiKeyHash: text('api_key_hash').notNull().unique(),
  webhookSecretEnc: text('webhook_secret_enc').notNull(),
  /** The tenant-local date of the last sweep for children's birthdays that have passed. */
  birthdaysSweptOn: text('birthdays_swept_on'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const connections = pgTable('connections', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  label: text('label').notNull(),
  /** AES-256-GCM ciphertext of the connector's credentials JSON. */
  credentialsEnc: text('credentials_enc').notNull(),
  options: jsonb('options').notNull(),
  schema: jsonb('schema'),
  setupReport: jsonb('setup_report'),
  setupAt: timestamp('setup_at', { withTimezone: true }),
  hookSecretEnc: text('hook_secret_enc').notNull(),
  /** active | paused | needs_reauth | blocked */
  state: text('state').notNull().default('active'),
  lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
  lastError: jsonb('last_error'),
  tokenLeaseUntil: timestamp('token_lease_until', { withTimezone: true }),
  pollCursor: text('poll_cursor'),
  polledAt: timestamp('polled_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** An operator's OAuth grant in progress: what they typed, kept (encrypted) until the CRM redirects back. */
export const oauthStates = pgTable('oauth_states', {
  state: text('state').primaryKey(),
  tenantId: text('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  inputEnc: text('input_enc').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
