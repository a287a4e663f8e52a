/**
 * The amoCRM connector (REST API v4): one object implementing `CrmConnector`. Every method but
 * `setup`, the auth adapter, `classify` and `decodeWebhook` starts by reading the schema setup
 * stored; without it the answer is `rejected: setup has not been run`.
 */
import { ok } from '../../core/result.ts';
import type { Conn, CrmCapabilities, CrmConnector, CrmLimits, CrmResult } from '../contract.ts';
import { amoAuth } from './auth.ts';
import { findContacts } from './contact-search.ts';
import {
  CONTACTS_PER_REQUEST,
  deleteContacts,
  fetchContacts,
  NOTES_PER_REQUEST,
  readNotes,
  scanContacts,
  writeContacts,
  writeNotes,
} from './contacts.ts';
import { classifyAmo } from './errors.ts';
import { pollChanges } from './poll.ts';
import { readPreorder, writePreorder } from './preorders.ts';
import { PRODUCTS_PER_REQUEST, scanProducts, writeProducts } from './products.ts';
import { type AmoSchema, readSchema } from './schema.ts';
import { setupAmo } from './setup.ts';
import { decodeAmoWebhook } from './webhook.ts';

/**
 * amoCRM as data. Published limit: 7 requests/s per integration and IP (amocrm-api.md §3.1), counted
 * over any sliding second. Evenly spaced slots at `rate` with `burst` 1 put up to rate + 1 requests in
 * such a second, so we run at 5: at most 6 (85 %), leaving one for a send made late on either side
 * (at 6 a sliding second saw 7, the limit itself, and one late send made it 8: a 429; repeated 429s
 * get the account blocked). Batches: 250 per request, amoCRM's maximum. The docs recommend ≤ 50
 * for heavy payloads; ours are small (≤ 10 custom fields a contact, 3 a product, a line of text a
 * note) and amoCRM counts requests, not items, so the largest batch costs 5× fewer requests.
 * A 504 (the one answer that asks for smaller batches) is `unavailable` and is retried by the queue.
 */
export const AMO_PROFILE = {
  limits: {
    requestsPerSecond: 5,
    burst: 1,
    contactsPerRequest: CONTACTS_PER_REQUEST,
    notesPerRequest: NOTES_PER_REQUEST,
    productsPerRequest: PRODUCTS_PER_REQUEST,
  } satisfies CrmLimits,
  /** API v4 deletes neither contacts nor catalog elements (maintainer, amocrm-api-php#174; no DELETE in the docs). */
  capabilities: { deleteContacts: false, deleteProducts: false } satisfies CrmCapabilities,
  /** Contact field names (lime-protocol.md §5), keyed as in `ContactCard`; an operator may rename them. */
  defaultFieldNames: {
    limeId: 'Лайм ID',
    birthDate: 'Дата рождения',
    children: 'Дети',
    lastTransactions: 'Последние транзакции',
    lastVisit: 'Последний визит',
    registrationChannel: 'Канал регистрации',
    nextChildBirthday: 'Ближайший ДР ребёнка',
    visits: 'Визитов',
  } as const satisfies Readonly<Record<string, string>>,
} as const;

/** Runs `action` with the stored schema, or answers why it cannot. */
async function withSchema<T>(
  conn: Conn,
  action: (schema: AmoSchema) => Promise<CrmResult<T>>,
): Promise<CrmResult<T>> {
  const schema = readSchema(conn);
  return schema.ok ? action(schema.value) : schema;
}

export const amocrm: CrmConnector = {
  kind: 'amocrm',
  limits: AMO_PROFILE.limits,
  capabilities: AMO_PROFILE.capabilities,
  defaultFieldNames: AMO_PROFILE.defaultFieldNames,
  auth: amoAuth,
  classify: classifyAmo,

  setup: (conn) => setupAmo(conn),

  scanContacts: (conn, cursor) => withSchema(conn, (schema) => scanContacts(conn, schema, cursor)),
  fetchContacts: (conn, remoteIds) => withSchema(conn, (schema) => fetchContacts(conn, schema, remoteIds)),
  findContacts: (conn, keys) => withSchema(conn, (schema) => findContacts(conn, schema, keys)),
  writeContacts: (conn, writes) => withSchema(conn, (schema) => writeContacts(conn, schema, writes)),
  deleteContacts: (conn, remoteIds) => withSchema(conn, async () => ok(deleteContacts(remoteIds))),
  writeNotes: (conn, notes) => withSchema(conn, () => writeNotes(conn, notes)),
  readNotes: (conn, remoteContactIds, since) =>
    withSchema(conn, () => readNotes(conn, remoteContactIds, since)),

  scanProducts: (conn, cursor) => withSchema(conn, (schema) => scanProducts(conn, schema, cursor)),
  writeProducts: (conn, writes) => withSchema(conn, (schema) => writeProducts(conn, schema, writes)),

  readPreorder: (conn, remoteId) => withSchema(conn, (schema) => readPreorder(conn, schema, remoteId)),
  writePreorder: (conn, write) => withSchema(conn, (schema) => writePreorder(conn, schema, write)),

  decodeWebhook: (conn, raw) => decodeAmoWebhook(conn, raw),
  pollChanges: (conn, cursor) => withSchema(conn, (schema) => pollChanges(conn, schema, cursor)),
};
