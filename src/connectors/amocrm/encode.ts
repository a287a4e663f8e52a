/**
 * Wire-neutral values → amoCRM request bodies. A contact update carries exactly the keys present in
 * `fields`; multitext fields are sent whole (amoCRM replaces all their values), merged with the
 * values kept in the contact's state.
 */
import type { ContactCard } from '../../core/derive/contact-card.ts';
import { fullName } from '../../core/model/client.ts';
import type { Product } from '../../core/model/product.ts';
import type { Json } from '../contract.ts';
import {
  type ContactState,
  EMAIL_ENUM,
  emailOf,
  mergeMulti,
  multiToAmo,
  type Names,
  PHONE_ENUM,
  phoneOf,
} from './contact-state.ts';
import { toAmoValues } from './field-values.ts';
import { type AmoSchema, CARD_FIELD_KEYS } from './schema.ts';

export type ContactEncoding = { readonly body: Record<string, Json>; readonly state: ContactState };

const NO_NAMES: Names = { first: null, last: null, middle: null };
const EMPTY_STATE: ContactState = { v: 1, phones: [], emails: [], names: NO_NAMES };

/** Shown in front of the name of a product withdrawn from Lime (amoCRM cannot delete catalog elements). */
export const WITHDRAWN_MARK = '[снят с продажи] ';

export function toAmoContactCreate(fields: Partial<ContactCard>, schema: AmoSchema): ContactEncoding {
  return toAmoContactPatch(fields, EMPTY_STATE, schema, true);
}

export function toAmoContactUpdate(
  remoteId: number,
  fields: Partial<ContactCard>,
  state: ContactState,
  schema: AmoSchema,
): ContactEncoding {
  const encoded = toAmoContactPatch(fields, state, schema, false);
  return { body: { id: remoteId, ...encoded.body }, state: encoded.state };
}

/** Whether writing these fields needs the contact's current phones/e-mails/names. */
export function needsCurrentState(fields: Partial<ContactCard>, state: ContactState | null): boolean {
  if (!state) return 'phone' in fields || 'email' in fields || touchesName(fields);
  return touchesName(fields) && !state.names;
}

function touchesName(fields: Partial<ContactCard>): boolean {
  return 'firstName' in fields || 'lastName' in fields || 'middleName' in fields;
}

function toAmoContactPatch(
  fields: Partial<ContactCard>,
  state: ContactState,
  schema: AmoSchema,
  create: boolean,
): ContactEncoding {
  const body: Record<string, Json> = {};
  const values: Json[] = [];
  let next: ContactState = state;

  if (create || touchesName(fields)) {
    const names = nextNames(fields, state.names ?? NO_NAMES);
    if (create || 'firstName' in fields) body.first_name = names.first ?? '';
    if (create || 'lastName' in fields) body.last_name = names.last ?? '';
    body.name = fullName({ firstName: names.first, lastName: names.last, middleName: names.middle });
    next = { ...next, names };
  }
  if ('phone' in fields) {
    const phones = mergeMulti(
      state.phones,
      phoneOf(state.phones, schema.phone),
      fields.phone ?? null,
      'phone',
      PHONE_ENUM,
    );
    if (!create || phones.length > 0)
      values.push({ field_id: schema.phone.fieldId, values: multiToAmo(phones) });
    next = { ...next, phones };
  }
  if ('email' in fields) {
    const emails = mergeMulti(
      state.emails,
      emailOf(state.emails, schema.email),
      fields.email ?? null,
      'email',
      EMAIL_ENUM,
    );
    if (!create || emails.length > 0)
      values.push({ field_id: schema.email.fieldId, values: multiToAmo(emails) });
    next = { ...next, emails };
  }
  for (const key of CARD_FIELD_KEYS) {
    if (!(key in fields)) continue;
    const spec = schema.contactFields[key];
    const encoded = toAmoValues(spec.type, fields[key] ?? null, schema.account.timeZone);
    if (!create || encoded !== null) values.push({ field_id: spec.id, values: encoded });
  }
  if (values.length > 0) body.custom_fields_values = values;
  return { body, state: next };
}

function nextNames(fields: Partial<ContactCard>, current: Names): Names {
  return {
    first: 'firstName' in fields ? (fields.firstName ?? null) : current.first,
    last: 'lastName' in fields ? (fields.lastName ?? null) : current.last,
    middle: 'middleName' in fields ? (fields.middleName ?? null) : current.middle,
  };
}

/** A catalog element for a Lime product; an inactive product is marked as withdrawn. */
export function toAmoElement(
  product: Product,
  schema: AmoSchema,
  remoteId: number | null,
): Record<string, Json> {
  const { catalog } = schema;
  const values: Json[] = [
    { field_id: catalog.externalId, values: [{ value: product.productId }] },
    { field_id: catalog.price, values: [{ value: product.price.minor / 100 }] },
  ];
  if (product.sku) values.push({ field_id: catalog.sku, values: [{ value: product.sku }] });
  else if (remoteId !== null) values.push({ field_id: catalog.sku, values: null });
  const name = product.active && !product.deleted ? product.name : `${WITHDRAWN_MARK}${product.name}`;
  return { ...(remoteId === null ? {} : { id: remoteId }), name, custom_fields_values: values };
}

export function toAmoWithdrawn(product: Product, remoteId: number): Record<string, Json> {
  return { id: remoteId, name: `${WITHDRAWN_MARK}${product.name}` };
}

export function toAmoNote(entityId: number, text: string): Record<string, Json> {
  return { entity_id: entityId, note_type: 'common', params: { text } };
}
