/** Reading contacts: the full scan, fetch by id, and the search by Lime id, phone and e-mail. */

import { err, ok } from '../../core/result.ts';
import { chunk, uniqueBy } from '../../core/sync/coalesce.ts';
import type { Conn, CrmResult, Page, RemoteContact } from '../contract.ts';
import { type BxCommand, batchAll } from './client.ts';
import { fromBxContact, ORIGINATOR } from './decode.ts';
import { keysetPages } from './paging.ts';
import { type BxSchema, readSchema } from './schema.ts';
import { BxContact, BxDuplicates } from './wire.ts';

/** 10 chained pages of 50: a 10,000-contact scan is 20 requests. */
const SCAN_PAGES = 10;
/** `crm.duplicate.findbycomm` takes at most 20 values. */
const FINDBYCOMM_VALUES = 20;

export function contactSelect(schema: BxSchema): string[] {
  return [
    'ID',
    'NAME',
    'LAST_NAME',
    'SECOND_NAME',
    'BIRTHDATE',
    'ORIGINATOR_ID',
    'ORIGIN_ID',
    'DATE_MODIFY',
    'PHONE',
    'EMAIL',
    ...Object.values(schema.userFields),
  ];
}

export async function scanContacts(
  conn: Conn,
  cursor: string | null,
): Promise<CrmResult<Page<RemoteContact>>> {
  const schema = readSchema(conn);
  if (!schema.ok) return schema;
  const query = { method: 'crm.contact.list', filter: {}, select: contactSelect(schema.value) };
  const pages = await keysetPages(conn, query, cursor, SCAN_PAGES);
  if (!pages.ok) return pages;
  return ok({ items: decodeContacts(pages.value.items, schema.value), next: pages.value.next });
}

export async function fetchContacts(
  conn: Conn,
  remoteIds: readonly string[],
): Promise<CrmResult<RemoteContact[]>> {
  const schema = readSchema(conn);
  if (!schema.ok) return schema;
  return fetchBy(conn, schema.value, remoteIds);
}

export async function findContacts(
  conn: Conn,
  keys: { limeIds: string[]; phones: string[]; emails: string[] },
): Promise<CrmResult<RemoteContact[]>> {
  const schema = readSchema(conn);
  if (!schema.ok) return schema;
  const select = contactSelect(schema.value);
  const commands = new Map<string, BxCommand>();
  [...new Set(keys.limeIds)].forEach((limeId, index) => {
    commands.set(`o${index}`, {
      method: 'crm.contact.list',
      params: { filter: { '=ORIGINATOR_ID': ORIGINATOR, '=ORIGIN_ID': limeId }, select, start: -1 },
    });
  });
  const byComm = (type: 'PHONE' | 'EMAIL', values: string[], prefix: string) =>
    chunk([...new Set(values.filter((value) => value.trim() !== ''))], FINDBYCOMM_VALUES).forEach(
      (part, index) => {
        commands.set(`${prefix}${index}`, {
          method: 'crm.duplicate.findbycomm',
          params: { type, values: part, entity_type: 'CONTACT' },
        });
      },
    );
  byComm('PHONE', keys.phones, 'p');
  byComm('EMAIL', keys.emails, 'e');
  const answers = await batchAll(conn, commands);
  if (!answers.ok) return answers;
  const found: RemoteContact[] = [];
  const ids = new Set<string>();
  const limeIds = new Set(keys.limeIds);
  for (const [key, result] of answers.value) {
    if (!result.ok) return err(result.error);
    if (key.startsWith('o')) {
      const own = decodeContacts(Array.isArray(result.value) ? result.value : [], schema.value);
      found.push(...own.filter((contact) => contact.limeId !== null && limeIds.has(contact.limeId)));
    } else {
      const duplicates = BxDuplicates.safeParse(result.value);
      for (const id of duplicates.success ? duplicates.data.CONTACT : []) ids.add(id);
    }
  }
  const known = new Set(found.map((contact) => contact.remoteId));
  const more = await fetchBy(
    conn,
    schema.value,
    [...ids].filter((id) => !known.has(id)),
  );
  if (!more.ok) return more;
  return ok(uniqueBy([...found, ...more.value], (contact) => contact.remoteId));
}

/** `crm.contact.get` per id, 50 per request; ids that no longer exist are left out. */
export async function fetchBy(
  conn: Conn,
  schema: BxSchema,
  remoteIds: readonly string[],
): Promise<CrmResult<RemoteContact[]>> {
  const commands = new Map<string, BxCommand>(
    [...new Set(remoteIds)].map((id, index) => [`g${index}`, { method: 'crm.contact.get', params: { id } }]),
  );
  const answers = await batchAll(conn, commands);
  if (!answers.ok) return answers;
  const contacts: RemoteContact[] = [];
  for (const result of answers.value.values()) {
    if (!result.ok) {
      if (result.error.kind === 'not_found') continue;
      return err(result.error);
    }
    contacts.push(...decodeContacts([result.value], schema));
  }
  return ok(contacts);
}

export function decodeContacts(raw: readonly unknown[], schema: BxSchema): RemoteContact[] {
  return raw.flatMap((item) => {
    const parsed = BxContact.safeParse(item);
    return parsed.success ? [fromBxContact(parsed.data, schema)] : [];
  });
}
