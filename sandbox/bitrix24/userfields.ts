// crm.contact.userfield.* and crm.deal.userfield.*: custom fields (UF_CRM_ prefix added automatically).

import { BxError, coreError, legacyError } from './errors.ts';
import { type EntityKind, UF_ENTITY } from './field-specs.ts';
import { isDesc, sortRecords } from './listing.ts';
import {
  isPhpArray,
  isRecord,
  isset,
  type Params,
  phpInt,
  phpString,
  phpValues,
  resolveArrayParam,
  yn,
} from './php.ts';
import { type MethodTable, method, ok, type Portal } from './portal.ts';
import { nextId, type UserFieldEnumItem, type UserFieldRecord } from './state.ts';

export const USER_TYPES = [
  'string',
  'integer',
  'double',
  'boolean',
  'date',
  'datetime',
  'money',
  'url',
  'address',
  'enumeration',
  'file',
  'employee',
  'crm_status',
  'crm',
  'iblock_section',
  'iblock_element',
];

const DEFAULT_SETTINGS: Record<string, Record<string, unknown>> = {
  string: { SIZE: 20, ROWS: 1, REGEXP: '', MIN_LENGTH: 0, MAX_LENGTH: 0, DEFAULT_VALUE: '' },
  double: { PRECISION: 2, SIZE: 20, MIN_VALUE: 0, MAX_VALUE: 0, DEFAULT_VALUE: null },
  integer: { SIZE: 20, MIN_VALUE: 0, MAX_VALUE: 0, DEFAULT_VALUE: null },
  enumeration: { DISPLAY: 'LIST', LIST_HEIGHT: 1, CAPTION_NO_VALUE: '', SHOW_NO_VALUE: 'Y' },
  boolean: { DEFAULT_VALUE: 0, DISPLAY: 'CHECKBOX', LABEL: ['', ''], LABEL_CHECKBOX: '' },
};

/** LOYALTY_TIER → UF_CRM_LOYALTY_TIER; UF_X → UF_CRM_X. */
export function ufFieldName(raw: string): string {
  const upper = raw.trim().toUpperCase();
  if (upper.startsWith('UF_CRM_')) return upper;
  if (upper.startsWith('UF_')) return `UF_CRM_${upper.slice(3)}`;
  return `UF_CRM_${upper}`;
}

function label(value: unknown, fallback: string): string {
  if (isRecord(value)) return phpString(value.en ?? value.ru ?? Object.values(value)[0]);
  return phpString(value) || fallback;
}

function applyList(portal: Portal, current: UserFieldEnumItem[], raw: unknown): UserFieldEnumItem[] {
  let items = [...current];
  for (const entry of phpValues(raw)) {
    if (!isRecord(entry)) continue;
    const id = isset(entry.ID) ? phpInt(entry.ID) : 0;
    const existing = items.find((item) => item.ID === id);
    if (existing && yn(entry.DEL) === 'Y') {
      items = items.filter((item) => item !== existing);
      continue;
    }
    const xmlId = phpString(entry.XML_ID);
    if (xmlId && items.some((item) => item.XML_ID === xmlId && item !== existing)) {
      throw coreError(`A list item with XML_ID=${xmlId} already exists`);
    }
    if (existing) {
      Object.assign(existing, {
        VALUE: isset(entry.VALUE) ? phpString(entry.VALUE) : existing.VALUE,
        SORT: isset(entry.SORT) ? phpInt(entry.SORT) : existing.SORT,
        DEF: isset(entry.DEF) ? yn(entry.DEF) : existing.DEF,
        XML_ID: xmlId || existing.XML_ID,
      });
      continue;
    }
    if (!phpString(entry.VALUE)) continue;
    const itemId = nextId(portal.state, 'ufEnum');
    items.push({
      ID: itemId,
      VALUE: phpString(entry.VALUE),
      XML_ID: xmlId || `enum${itemId}`,
      SORT: isset(entry.SORT) ? phpInt(entry.SORT) : 500,
      DEF: yn(entry.DEF),
    });
  }
  return items;
}

function addUserField(portal: Portal, kind: EntityKind, fields: Record<string, unknown>): UserFieldRecord {
  const rawName = phpString(fields.FIELD_NAME);
  const type = phpString(fields.USER_TYPE_ID);
  const errors: string[] = [];
  if (!rawName) errors.push("The 'FIELD_NAME' field is not found.");
  if (!type) errors.push("The 'USER_TYPE_ID' field is not found.");
  if (errors.length > 0) throw legacyError(errors.join('\n'));
  const name = ufFieldName(rawName);
  if (!/^UF_CRM_[A-Z0-9_]+$/.test(name)) {
    throw legacyError('Field name contains invalid characters. Allowed characters are: A-Z, 0-9 and _');
  }
  if (name.length > 50) throw coreError('Field name is too long (more than 50 characters)');
  if (!USER_TYPES.includes(type)) throw legacyError('Incorrect custom type specified');
  const entityId = UF_ENTITY[kind];
  if (
    Object.values(portal.state.userFields).some((uf) => uf.ENTITY_ID === entityId && uf.FIELD_NAME === name)
  ) {
    throw coreError(`Field "${name}" already exists for entity "${entityId}"`);
  }
  const common = label(fields.LABEL, name);
  const record: UserFieldRecord = {
    ID: nextId(portal.state, 'userField'),
    ENTITY_ID: entityId,
    FIELD_NAME: name,
    USER_TYPE_ID: type,
    XML_ID: phpString(fields.XML_ID) || null,
    SORT: isset(fields.SORT) ? phpInt(fields.SORT) : 100,
    MULTIPLE: type === 'boolean' ? 'N' : yn(fields.MULTIPLE),
    MANDATORY: yn(fields.MANDATORY),
    SHOW_FILTER: phpString(fields.SHOW_FILTER) || 'N',
    SHOW_IN_LIST: yn(fields.SHOW_IN_LIST, 'Y'),
    EDIT_IN_LIST: yn(fields.EDIT_IN_LIST, 'Y'),
    IS_SEARCHABLE: yn(fields.IS_SEARCHABLE),
    SETTINGS: { ...(DEFAULT_SETTINGS[type] ?? {}), ...(isRecord(fields.SETTINGS) ? fields.SETTINGS : {}) },
    EDIT_FORM_LABEL: label(fields.EDIT_FORM_LABEL, common),
    LIST_COLUMN_LABEL: label(fields.LIST_COLUMN_LABEL, common),
    LIST_FILTER_LABEL: label(fields.LIST_FILTER_LABEL, common),
    LIST: [],
  };
  if (type === 'enumeration') record.LIST = applyList(portal, [], fields.LIST);
  portal.state.userFields[String(record.ID)] = record;
  return record;
}

function render(uf: UserFieldRecord, withList: boolean): Record<string, unknown> {
  const { LIST, ID, SORT, ...rest } = uf;
  const out: Record<string, unknown> = { ID: String(ID), ...rest, SORT: String(SORT) };
  out.ERROR_MESSAGE = null;
  out.HELP_MESSAGE = null;
  if (withList && uf.USER_TYPE_ID === 'enumeration') {
    out.LIST = LIST.map((item) => ({ ...item, ID: String(item.ID), SORT: String(item.SORT) }));
  }
  return out;
}

function findField(portal: Portal, kind: EntityKind, rawId: unknown): UserFieldRecord {
  const id = phpInt(rawId);
  if (id <= 0) throw legacyError('ID is not defined or invalid.');
  const uf = portal.state.userFields[String(id)];
  if (!uf) throw new BxError('ERROR_NOT_FOUND', `The entity with ID '${id}' is not found.`);
  if (uf.ENTITY_ID !== UF_ENTITY[kind]) throw legacyError('Access denied.');
  return uf;
}

function fieldsOrParams(params: Params): Record<string, unknown> {
  const fields = resolveArrayParam(params, 'fields');
  return isRecord(fields) ? fields : params;
}

function ufEvent(kind: EntityKind, action: string): string {
  return `ONCRM${kind.toUpperCase()}USERFIELD${action}`;
}

function userFieldMethods(kind: EntityKind): MethodTable {
  const prefix = `crm.${kind}.userfield`;
  const event = (
    portal: Portal,
    action: string,
    uf: UserFieldRecord,
    origin: Parameters<Portal['emit']>[2],
  ) =>
    portal.emit(
      ufEvent(kind, action),
      { FIELDS: { ID: uf.ID, ENTITY_ID: uf.ENTITY_ID, FIELD_NAME: uf.FIELD_NAME } },
      origin,
    );
  return {
    [`${prefix}.add`]: method(({ portal, params, origin }) => {
      const uf = addUserField(portal, kind, fieldsOrParams(params));
      portal.changed();
      event(portal, 'ADD', uf, origin);
      return ok(uf.ID);
    }),
    [`${prefix}.get`]: method(({ portal, params }) =>
      ok(render(findField(portal, kind, params.id ?? params.ID), true)),
    ),
    [`${prefix}.list`]: method(({ portal, params }) => {
      const filter = resolveArrayParam(params, 'filter') ?? {};
      const order = resolveArrayParam(params, 'order') ?? {};
      if (!isPhpArray(filter)) throw legacyError("Parameter 'filter' must be array.");
      if (!isPhpArray(order)) throw legacyError("Parameter 'order' must be array.");
      const terms = Object.entries(filter).map(([key, value]) => [
        key.replace(/^=/, '').toUpperCase(),
        phpString(value),
      ]);
      const matched = Object.values(portal.state.userFields).filter(
        (uf) =>
          uf.ENTITY_ID === UF_ENTITY[kind] &&
          terms.every(
            ([key, value]) => phpString((uf as unknown as Record<string, unknown>)[key as string]) === value,
          ),
      );
      const keys = Object.entries(order).map(([key, direction]) => ({
        get: (uf: UserFieldRecord) =>
          (uf as unknown as Record<string, string | number | null>)[key.toUpperCase()] ?? null,
        desc: isDesc(direction),
      }));
      return ok(
        sortRecords(matched, [...keys, { get: (uf) => uf.ID, desc: false }]).map((uf) => render(uf, false)),
      );
    }),
    [`${prefix}.update`]: method(({ portal, params, origin }) => {
      const uf = findField(portal, kind, params.id ?? params.ID);
      const fields = resolveArrayParam(params, 'fields');
      if (!isRecord(fields)) throw legacyError("Parameter 'fields' must be array.");
      if (isset(fields.SORT)) uf.SORT = phpInt(fields.SORT);
      if (isset(fields.MANDATORY)) uf.MANDATORY = yn(fields.MANDATORY);
      if (isset(fields.SHOW_FILTER)) uf.SHOW_FILTER = phpString(fields.SHOW_FILTER);
      if (isset(fields.XML_ID)) uf.XML_ID = phpString(fields.XML_ID) || null;
      if (isRecord(fields.SETTINGS)) uf.SETTINGS = { ...uf.SETTINGS, ...fields.SETTINGS };
      for (const key of ['EDIT_FORM_LABEL', 'LIST_COLUMN_LABEL', 'LIST_FILTER_LABEL'] as const) {
        if (isset(fields[key]) || isset(fields.LABEL)) uf[key] = label(fields[key] ?? fields.LABEL, uf[key]);
      }
      if (uf.USER_TYPE_ID === 'enumeration' && isset(fields.LIST))
        uf.LIST = applyList(portal, uf.LIST, fields.LIST);
      portal.changed();
      event(portal, 'UPDATE', uf, origin);
      return ok(true);
    }),
    [`${prefix}.delete`]: method(({ portal, params, origin }) => {
      const uf = findField(portal, kind, params.id ?? params.ID);
      delete portal.state.userFields[String(uf.ID)];
      const records = kind === 'contact' ? portal.state.contacts : portal.state.deals;
      for (const record of Object.values(records)) delete record.fields[uf.FIELD_NAME];
      portal.changed();
      event(portal, 'DELETE', uf, origin);
      return ok(true);
    }),
  };
}

export const userFieldMethodTable: MethodTable = {
  ...userFieldMethods('contact'),
  ...userFieldMethods('deal'),
};
