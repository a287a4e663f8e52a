// Contacts: the store operations (shared by crm.contact.*, crm.item.* and the UI) and the legacy methods.

import { reindexContact } from './duplicates.ts';
import {
  checkParamsParam,
  fieldsParam,
  internalizeLegacy,
  type LegacyInput,
  legacyList,
  renderLegacy,
} from './entity-io.ts';
import { coreError, legacyError } from './errors.ts';
import { describeFields, entitySpecs, specMap } from './field-specs.ts';
import { applyItemMultiFields, applyLegacyMultiFields, hasType } from './multifields.ts';
import { resolveEntityId } from './php.ts';
import { type ChangeOrigin, type MethodTable, method, ok, type Portal } from './portal.ts';
import { type CrmRecord, type FmItem, nextId } from './state.ts';

export interface EntityWrite {
  values: Record<string, unknown>;
  /** Legacy multi-field lists keyed by type (PHONE: [...]). */
  legacyMulti?: Record<string, unknown> | null;
  /** crm.item `fm` (array on add, keyed object on update). */
  itemFm?: unknown;
}

function applyMulti(portal: Portal, items: FmItem[], write: EntityWrite): FmItem[] {
  let result = items;
  if (write.legacyMulti) result = applyLegacyMultiFields(portal.state, result, write.legacyMulti);
  if (write.itemFm !== undefined) result = applyItemMultiFields(portal.state, result, write.itemFm);
  return result;
}

function refreshFlags(record: CrmRecord): void {
  record.fields.HAS_PHONE = hasType(record.fm, 'PHONE');
  record.fields.HAS_EMAIL = hasType(record.fm, 'EMAIL');
  record.fields.HAS_IMOL = hasType(record.fm, 'IM');
}

export function findContact(portal: Portal, id: number): CrmRecord | undefined {
  return portal.state.contacts[String(id)];
}

export function createContact(portal: Portal, write: EntityWrite, origin: ChangeOrigin): CrmRecord {
  const fm = applyMulti(portal, [], write);
  const now = portal.now();
  const record: CrmRecord = {
    ID: nextId(portal.state, 'contact'),
    fields: {
      OPENED: 'Y',
      EXPORT: 'Y',
      ASSIGNED_BY_ID: origin.userId,
      ...write.values,
      CREATED_BY_ID: origin.userId,
      MODIFY_BY_ID: origin.userId,
      DATE_CREATE: now,
      DATE_MODIFY: now,
      LAST_ACTIVITY_TIME: now,
      LAST_ACTIVITY_BY: origin.userId,
    },
    fm,
  };
  refreshFlags(record);
  portal.state.contacts[String(record.ID)] = record;
  reindexContact(portal.state, undefined, record);
  portal.changed();
  portal.emit('ONCRMCONTACTADD', { FIELDS: { ID: record.ID } }, origin);
  return record;
}

/** Returns false (and fires nothing) when `skipIfUnchanged` and the write changes nothing. */
export function updateContact(
  portal: Portal,
  record: CrmRecord,
  write: EntityWrite,
  origin: ChangeOrigin,
  skipIfUnchanged = false,
): boolean {
  const before = JSON.stringify([record.fields, record.fm]);
  const fm = applyMulti(portal, record.fm, write);
  const next: CrmRecord = { ...record, fields: { ...record.fields, ...write.values }, fm };
  refreshFlags(next);
  if (skipIfUnchanged && JSON.stringify([next.fields, next.fm]) === before) return false;
  next.fields.DATE_MODIFY = portal.now();
  next.fields.MODIFY_BY_ID = origin.userId;
  portal.state.contacts[String(record.ID)] = next;
  reindexContact(portal.state, record, next);
  portal.changed();
  portal.emit('ONCRMCONTACTUPDATE', { FIELDS: { ID: record.ID } }, origin);
  return true;
}

export function deleteContact(portal: Portal, id: number, origin: ChangeOrigin): void {
  reindexContact(portal.state, portal.state.contacts[String(id)], undefined);
  delete portal.state.contacts[String(id)];
  for (const deal of Object.values(portal.state.deals)) {
    if (!deal.contacts.some((binding) => binding.CONTACT_ID === id)) continue;
    deal.contacts = deal.contacts.filter((binding) => binding.CONTACT_ID !== id);
    if (deal.contacts.length > 0 && !deal.contacts.some((binding) => binding.IS_PRIMARY === 'Y')) {
      deal.contacts[0] = { ...(deal.contacts[0] as (typeof deal.contacts)[number]), IS_PRIMARY: 'Y' };
    }
    deal.fields.CONTACT_ID = deal.contacts.find((binding) => binding.IS_PRIMARY === 'Y')?.CONTACT_ID ?? null;
  }
  portal.changed();
  portal.emit('ONCRMCONTACTDELETE', { FIELDS: { ID: id } }, origin);
}

/** Legacy-shaped input (the UI and crm.contact.*) to a store write. */
export function legacyContactWrite(portal: Portal, input: Record<string, unknown>, mode: 'add' | 'update') {
  const specs = specMap(entitySpecs(portal.state, 'contact'));
  const parsed: LegacyInput = internalizeLegacy(specs, input, mode, portal.codec);
  return { values: parsed.values, legacyMulti: parsed.multi };
}

export function renderContact(portal: Portal, record: CrmRecord): Record<string, unknown> {
  return renderLegacy(record, entitySpecs(portal.state, 'contact'), portal.codec, 'get');
}

function requireId(id: number): number {
  if (id <= 0) throw legacyError('ID is not defined or invalid.');
  return id;
}

export const contactMethods: MethodTable = {
  'crm.contact.fields': method(({ portal }) => ok(describeFields(entitySpecs(portal.state, 'contact')))),
  'crm.contact.add': method(({ portal, params, origin }) => {
    checkParamsParam(params);
    const write = legacyContactWrite(portal, fieldsParam(params), 'add');
    return ok(createContact(portal, write, origin).ID);
  }),
  'crm.contact.get': method(({ portal, params }) => {
    const record = findContact(portal, requireId(resolveEntityId(params)));
    if (!record) throw legacyError('Not found');
    return ok(renderContact(portal, record));
  }),
  'crm.contact.list': method(({ portal, params }) => {
    const records = Object.values(portal.state.contacts);
    const page = legacyList(records, entitySpecs(portal.state, 'contact'), params, portal.codec);
    return ok(page.items, page);
  }),
  'crm.contact.update': method(({ portal, params, origin }) => {
    const id = requireId(resolveEntityId(params));
    const fields = fieldsParam(params);
    checkParamsParam(params);
    const record = findContact(portal, id);
    if (!record) throw legacyError('Contact is not found');
    updateContact(portal, record, legacyContactWrite(portal, fields, 'update'), origin);
    return ok(true);
  }),
  'crm.contact.delete': method(({ portal, params, origin }) => {
    const id = requireId(resolveEntityId(params));
    if (!findContact(portal, id)) throw coreError('Element not found');
    deleteContact(portal, id, origin);
    return ok(true);
  }),
};
