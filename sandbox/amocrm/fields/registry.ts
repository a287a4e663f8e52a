import type { Store } from '../state/store.ts';
import type { FieldOwner, FieldRecord } from '../state/types.ts';

/** Types a field may be created with, per owner (amocrm-api.md §5.3, the subset the sandbox knows). */
export const FIELD_TYPES: Record<FieldOwner, readonly string[]> = {
  contacts: [
    'text',
    'numeric',
    'checkbox',
    'select',
    'multiselect',
    'multitext',
    'date',
    'url',
    'textarea',
    'radiobutton',
    'birthday',
    'date_time',
  ],
  leads: [
    'text',
    'numeric',
    'checkbox',
    'select',
    'multiselect',
    'date',
    'url',
    'textarea',
    'radiobutton',
    'birthday',
    'date_time',
  ],
  catalogs: [
    'text',
    'numeric',
    'checkbox',
    'select',
    'multiselect',
    'date',
    'url',
    'textarea',
    'radiobutton',
    'date_time',
    'price',
    'category',
  ],
};

export const ENUM_TYPES = new Set(['select', 'multiselect', 'radiobutton', 'multitext', 'category']);

// The numeric type codes of the legacy API that events (`custom_field_value.field_type`) still carry.
const LEGACY_TYPE: Record<string, number> = {
  text: 1,
  numeric: 2,
  checkbox: 3,
  select: 4,
  multiselect: 5,
  date: 6,
  url: 7,
  multitext: 8,
  textarea: 9,
  radiobutton: 10,
  streetaddress: 11,
  smart_address: 13,
  birthday: 14,
  legal_entity: 15,
  items: 16,
  category: 17,
  date_time: 19,
  price: 20,
};

export const legacyTypeCode = (type: string): number => LEGACY_TYPE[type] ?? 1;

export function fieldPath(f: FieldRecord): string {
  return f.owner === 'catalogs'
    ? `/api/v4/catalogs/${f.catalog_id}/custom_fields`
    : `/api/v4/${f.owner}/custom_fields`;
}

export function findField(store: Store, owner: FieldOwner, catalogId: number | null, id: number) {
  return store.fields.find((f) => f.id === id && f.owner === owner && f.catalog_id === catalogId);
}

export function findFieldByCode(store: Store, owner: FieldOwner, catalogId: number | null, code: string) {
  const upper = code.toUpperCase();
  return store.fields.find(
    (f) =>
      f.owner === owner && f.catalog_id === catalogId && f.code !== null && f.code.toUpperCase() === upper,
  );
}

export function toApiField(f: FieldRecord, baseUrl: string, accountId: number): Record<string, unknown> {
  const common: Record<string, unknown> = {
    id: f.id,
    name: f.name,
    type: f.type,
    account_id: accountId,
    code: f.code,
    sort: f.sort,
    is_api_only: f.is_api_only,
    enums: f.enums
      ? f.enums.map((e) => ({ id: e.id, value: e.value, sort: e.sort, ...(e.code ? { code: e.code } : {}) }))
      : null,
    group_id: null,
    required_statuses: [],
    is_deletable: f.is_deletable,
    is_predefined: f.is_predefined,
    entity_type: f.owner,
    remind: f.remind,
    currency: null,
    settings: null,
  };
  if (f.owner === 'leads') common.hidden_statuses = [];
  if (f.owner === 'catalogs') {
    Object.assign(common, {
      catalog_id: f.catalog_id,
      is_visible: f.is_visible,
      is_required: f.is_required,
      nested: f.type === 'category' ? [] : null,
    });
  }
  common._links = { self: { href: `${baseUrl}${fieldPath(f)}/${f.id}` } };
  return common;
}
