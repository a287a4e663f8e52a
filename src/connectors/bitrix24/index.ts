/**
 * The Bitrix24 connector (REST v2, cloud): legacy `crm.contact.*`, `crm.product.*`, `crm.deal.*`
 * and timeline comments, every multi-item operation as one `batch` request of up to 50 commands.
 */
import type { CrmConnector } from '../contract.ts';
import { bitrixAuth } from './auth.ts';
import { deleteContacts, readNotes, writeContacts, writeNotes } from './contact-writes.ts';
import { fetchContacts, findContacts, scanContacts } from './contacts.ts';
import { classify } from './errors.ts';
import { pollChanges } from './poll.ts';
import { readPreorder, writePreorder } from './preorders.ts';
import { scanProducts, writeProducts } from './products.ts';
import { DEFAULT_USER_FIELD_NAMES } from './schema.ts';
import { setup } from './setup.ts';
import { decodeWebhook } from './webhook.ts';

/**
 * The portal's leaky bucket is 50 requests drained at 2/s (bitrix24-api.md §3.3); we run at 85 %.
 * A `batch` of up to 50 commands costs one request, so every batch size is 50.
 */
export const BITRIX24_PROFILE = {
  limits: {
    requestsPerSecond: 1.7,
    burst: 40,
    contactsPerRequest: 50,
    notesPerRequest: 50,
    productsPerRequest: 50,
  },
  capabilities: { deleteContacts: true, deleteProducts: true },
  defaultFieldNames: DEFAULT_USER_FIELD_NAMES,
} as const satisfies Pick<CrmConnector, 'limits' | 'capabilities' | 'defaultFieldNames'>;

export const bitrix24: CrmConnector = {
  kind: 'bitrix24',
  ...BITRIX24_PROFILE,
  auth: bitrixAuth,
  classify,
  setup,
  scanContacts,
  fetchContacts,
  findContacts,
  writeContacts,
  deleteContacts,
  writeNotes,
  readNotes,
  scanProducts,
  writeProducts,
  readPreorder,
  writePreorder,
  decodeWebhook,
  pollChanges,
};
