/**
 * Finding contacts by Lime id, phone or e-mail. amoCRM's `query` is a fuzzy full-text search (digits
 * may hit an unrelated field), so every hit is verified here before it is returned. Lime ids go
 * through `filter[custom_fields_values]` (many per request) when the account's API filters work.
 *
 * Cost: one request per key without filters; when there are many keys the whole account is scanned
 * instead, as long as that is cheaper (the scan gives up after keys − 1 pages, so it never costs more
 * than twice the per-key way).
 */
import { phoneKey } from '../../core/model/phone.ts';
import { ok } from '../../core/result.ts';
import { chunk } from '../../core/sync/coalesce.ts';
import type { Conn, CrmResult, RemoteContact } from '../contract.ts';
import { API, getPage, MAX_PAGE, type Query } from './client.ts';
import { scanContacts } from './contacts.ts';
import { fromAmoContact } from './decode.ts';
import type { AmoSchema } from './schema.ts';
import { AmoContact } from './wire.ts';

export type SearchKeys = { limeIds: string[]; phones: string[]; emails: string[] };

const LIME_IDS_PER_FILTER = 100;
/** Below this many keys a scan is never tried. */
const SCAN_FROM_KEYS = 8;
const MAX_SCAN_PAGES = 400;

type ProbeKind = 'limeId' | 'phone' | 'email';
/** One key to look for: what it is, its comparison key, and the text `query` searches with. */
type Probe = { readonly kind: ProbeKind; readonly key: string; readonly query: string };

export async function findContacts(
  conn: Conn,
  schema: AmoSchema,
  keys: SearchKeys,
): Promise<CrmResult<RemoteContact[]>> {
  const limeIds = [...new Set(keys.limeIds.filter((id) => id.trim() !== ''))];
  const found = new Map<string, RemoteContact>();
  let probes: Probe[] = [...phoneProbes(keys.phones), ...emailProbes(keys.emails)];
  if (schema.account.filters && limeIds.length > 0) {
    const missed = await findByLimeIdFilter(conn, schema, limeIds, found);
    if (!missed.ok) return missed;
    probes = [...limeIdProbes(missed.value), ...probes];
  } else {
    probes = [...limeIdProbes(limeIds), ...probes];
  }
  if (probes.length >= SCAN_FROM_KEYS) {
    const scanned = await scanAll(conn, schema, Math.min(probes.length - 1, MAX_SCAN_PAGES));
    if (!scanned.ok) return scanned;
    if (scanned.value) {
      const matches = matcher(probes);
      for (const contact of scanned.value) if (matches(contact)) found.set(contact.remoteId, contact);
      return ok([...found.values()]);
    }
  }
  for (const probe of probes) {
    const answer = await getPage(
      conn,
      `${API}/contacts`,
      searchParams([['query', probe.query]]),
      'contacts',
      AmoContact,
    );
    if (!answer.ok) return answer;
    const matches = matcher([probe]);
    for (const raw of answer.value.items) {
      const contact = fromAmoContact(raw, schema);
      if (matches(contact)) found.set(contact.remoteId, contact);
    }
  }
  return ok([...found.values()]);
}

/** Lime ids by filter; answers the ids a (silently ignored) filter could not vouch for. */
async function findByLimeIdFilter(
  conn: Conn,
  schema: AmoSchema,
  limeIds: readonly string[],
  found: Map<string, RemoteContact>,
): Promise<CrmResult<string[]>> {
  const fieldId = schema.contactFields.limeId.id;
  const missed: string[] = [];
  for (const part of chunk(limeIds, LIME_IDS_PER_FILTER)) {
    const filter = part.map((id) => [`filter[custom_fields_values][${fieldId}][]`, id] as const);
    const answer = await getPage(conn, `${API}/contacts`, searchParams(filter), 'contacts', AmoContact);
    if (!answer.ok) return answer;
    const wanted = new Set(part);
    const contacts = answer.value.items.map((raw) => fromAmoContact(raw, schema));
    for (const contact of contacts)
      if (contact.limeId && wanted.has(contact.limeId)) found.set(contact.remoteId, contact);
    if (contacts.some((contact) => !contact.limeId || !wanted.has(contact.limeId))) missed.push(...part);
  }
  return ok(missed);
}

/** The whole account when it fits in `budget` pages, else null. */
async function scanAll(
  conn: Conn,
  schema: AmoSchema,
  budget: number,
): Promise<CrmResult<RemoteContact[] | null>> {
  const all: RemoteContact[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < budget; page += 1) {
    const answer = await scanContacts(conn, schema, cursor);
    if (!answer.ok) return answer;
    all.push(...answer.value.items);
    if (answer.value.next === null) return ok(all);
    cursor = answer.value.next;
  }
  return ok(null);
}

function searchParams(extra: Query): Query {
  return [...extra, ['limit', MAX_PAGE], ['order[id]', 'asc']];
}

function limeIdProbes(limeIds: readonly string[]): Probe[] {
  return limeIds.map((id) => ({ kind: 'limeId', key: id, query: id }));
}

function phoneProbes(phones: readonly string[]): Probe[] {
  const keys = [...new Set(phones.flatMap((phone) => phoneKey(phone) ?? []))];
  // Phones are stored as people typed them (+7…, 8…, spaces): search by the last ten digits.
  return keys.map((key) => ({ kind: 'phone', key, query: key.replace(/\D/g, '').slice(-10) }));
}

function emailProbes(emails: readonly string[]): Probe[] {
  const keys = [...new Set(emails.map((email) => email.trim().toLowerCase()).filter((e) => e.includes('@')))];
  return keys.map((key) => ({ kind: 'email', key, query: key }));
}

/** Verifies a hit exactly (set lookups, so a scan of the whole account stays linear). */
function matcher(probes: readonly Probe[]): (contact: RemoteContact) => boolean {
  const wanted: Record<ProbeKind, Set<string>> = { limeId: new Set(), phone: new Set(), email: new Set() };
  for (const probe of probes) wanted[probe.kind].add(probe.key);
  return (contact) =>
    (contact.limeId !== null && wanted.limeId.has(contact.limeId)) ||
    (wanted.phone.size > 0 && contact.phones.some((phone) => wanted.phone.has(comparablePhone(phone)))) ||
    (wanted.email.size > 0 && contact.emails.some((email) => wanted.email.has(email)));
}

/** Decoded phones are already E.164 when they parse; only the others need the lenient key. */
function comparablePhone(phone: string): string {
  return /^\+\d{8,15}$/.test(phone) ? phone : (phoneKey(phone) ?? phone);
}
