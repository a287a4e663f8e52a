/**
 * Setup of the contact card fields (found by name, created when missing, in one request) and of the
 * products catalog with its SKU / PRICE / EXTERNAL_ID fields.
 */
import { err, ok } from '../../core/result.ts';
import type { Conn, CrmResult, Json, SetupItem } from '../contract.ts';
import { API, decode, getAll, sendOne } from './client.ts';
import { type AmoSchema, CARD_FIELD_KEYS, type CardFieldKey, type SchemaMultitext } from './schema.ts';
import { AmoCatalog, AmoCustomField, amoList } from './wire.ts';

/** The type each card field is created with, and the existing types it can live in. */
const CARD_FIELD_TYPES: Readonly<Record<CardFieldKey, { create: string; accepts: readonly string[] }>> = {
  limeId: { create: 'text', accepts: ['text'] },
  birthDate: { create: 'birthday', accepts: ['birthday', 'date'] },
  children: { create: 'textarea', accepts: ['textarea', 'text'] },
  lastTransactions: { create: 'textarea', accepts: ['textarea', 'text'] },
  lastVisit: { create: 'date_time', accepts: ['date_time'] },
  registrationChannel: { create: 'text', accepts: ['text', 'textarea'] },
  nextChildBirthday: { create: 'date', accepts: ['date', 'birthday'] },
  visits: { create: 'numeric', accepts: ['numeric'] },
};

const PRODUCTS_CATALOG_NAME = 'Товары';

type Found<T> = { value: T; items: SetupItem[] };

export async function setupContactFields(
  conn: Conn,
  fieldNames: Readonly<Record<string, string>>,
): Promise<
  CrmResult<Found<{ fields: AmoSchema['contactFields']; phone: SchemaMultitext; email: SchemaMultitext }>>
> {
  const path = `${API}/contacts/custom_fields`;
  const existing = await getAll(conn, path, [], 'custom_fields', AmoCustomField);
  if (!existing.ok) return existing;
  const phone = multitext(existing.value, 'PHONE');
  const email = multitext(existing.value, 'EMAIL');
  if (!phone || !email)
    return err({ kind: 'rejected', detail: 'the account has no PHONE/EMAIL contact fields' });
  const items: SetupItem[] = [];
  const fields: Partial<Record<CardFieldKey, { id: number; type: string }>> = {};
  const missing: CardFieldKey[] = [];
  for (const key of CARD_FIELD_KEYS) {
    const name = fieldNames[key] ?? key;
    const field = existing.value.find((f) => f.name.trim() === name.trim());
    if (!field) {
      missing.push(key);
      continue;
    }
    if (!CARD_FIELD_TYPES[key].accepts.includes(field.type)) {
      const expected = CARD_FIELD_TYPES[key].accepts.join(' or ');
      const detail = `contact field «${name}» exists with type ${field.type}, ${expected} is needed: rename it or choose another name`;
      return err({ kind: 'rejected', detail, field: key });
    }
    fields[key] = { id: field.id, type: field.type };
    items.push({ what: 'contact field', name, status: 'found', remoteId: String(field.id) });
  }
  if (missing.length > 0) {
    const body = missing.map((key, i) => ({
      name: fieldNames[key] ?? key,
      type: CARD_FIELD_TYPES[key].create,
      sort: 500 + i,
      ...(CARD_FIELD_TYPES[key].create === 'birthday' ? { remind: 'never' } : {}),
      request_id: key,
    }));
    const created = await sendOne(conn, { method: 'POST', path, json: body });
    if (!created.ok) return created;
    const list = decode(amoList('custom_fields', AmoCustomField), created.value.json, path);
    if (!list.ok) return list;
    for (const key of missing) {
      const name = fieldNames[key] ?? key;
      const field = (list.value._embedded.custom_fields ?? []).find((f) => f.name === name);
      if (!field)
        return err({ kind: 'unavailable', detail: `amoCRM did not answer the new field «${name}»` });
      fields[key] = { id: field.id, type: field.type };
      items.push({ what: 'contact field', name, status: 'created', remoteId: String(field.id) });
    }
  }
  return ok({ value: { fields: fields as AmoSchema['contactFields'], phone, email }, items });
}

function multitext(fields: readonly AmoCustomField[], code: string): SchemaMultitext | null {
  const field = fields.find((f) => f.code === code);
  if (!field) return null;
  return { fieldId: field.id, enums: Object.fromEntries((field.enums ?? []).map((e) => [e.value, e.id])) };
}

/** The products catalog (type `products`) and its coded fields; created only when the account has none. */
export async function setupCatalog(conn: Conn): Promise<CrmResult<Found<AmoSchema['catalog']>>> {
  const catalogs = await getAll(conn, `${API}/catalogs`, [], 'catalogs', AmoCatalog);
  if (!catalogs.ok) return catalogs;
  const items: SetupItem[] = [];
  let catalog = catalogs.value.find((c) => c.type === 'products');
  if (catalog) {
    items.push({
      what: 'products catalog',
      name: catalog.name,
      status: 'found',
      remoteId: String(catalog.id),
    });
  } else {
    const body: Json = [
      { name: PRODUCTS_CATALOG_NAME, type: 'products', can_add_elements: true, can_link_multiple: true },
    ];
    const created = await sendOne(conn, { method: 'POST', path: `${API}/catalogs`, json: body });
    if (!created.ok) {
      const detail = `${created.error.kind === 'rejected' ? created.error.detail : created.error.kind}: enable Products in amoCRM (Settings → General → Products), then run setup again`;
      return err({ kind: 'rejected', detail });
    }
    const list = decode(amoList('catalogs', AmoCatalog), created.value.json, 'catalogs');
    if (!list.ok) return list;
    catalog = list.value._embedded.catalogs?.[0];
    if (!catalog) return err({ kind: 'unavailable', detail: 'amoCRM did not answer the new catalog' });
    items.push({
      what: 'products catalog',
      name: catalog.name,
      status: 'created',
      remoteId: String(catalog.id),
    });
  }
  const fieldsPath = `${API}/catalogs/${catalog.id}/custom_fields`;
  const fields = await getAll(conn, fieldsPath, [], 'custom_fields', AmoCustomField);
  if (!fields.ok) return fields;
  const byCode = (code: string) => fields.value.find((f) => f.code === code);
  const sku = byCode('SKU');
  const price = byCode('PRICE');
  const externalId = byCode('EXTERNAL_ID');
  if (!sku || !price || !externalId) {
    return err({
      kind: 'rejected',
      detail: `catalog «${catalog.name}» lacks its SKU/PRICE/EXTERNAL_ID fields`,
    });
  }
  for (const field of [sku, price, externalId]) {
    items.push({
      what: 'catalog field',
      name: field.code ?? field.name,
      status: 'found',
      remoteId: String(field.id),
    });
  }
  return ok({ value: { id: catalog.id, sku: sku.id, price: price.id, externalId: externalId.id }, items });
}
