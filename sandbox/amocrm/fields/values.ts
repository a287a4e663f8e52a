import { checkKeys, isInt, isObject, type Json } from '../domain/input.ts';
import type { ItemErrors } from '../http/problem.ts';
import type { Store } from '../state/store.ts';
import type { CfEntry, CfStoredValue, EnumRecord, FieldOwner, FieldRecord } from '../state/types.ts';
import { midnightIn, parseDateValue } from './dates.ts';
import { findField, findFieldByCode } from './registry.ts';

// Writing `custom_fields_values` (amocrm-api.md §4.4, §5.5): a field present in the request has all
// its values replaced; `values: null` (or []) clears it; other fields are left alone.

const ENUM_VALUE_KEYS = ['value', 'enum_id', 'enum_code'];
const MULTI_VALUED = new Set(['multiselect', 'multitext']);
const TEXT_TYPES = new Set(['text', 'textarea', 'url']);
const NUMBER_TYPES = new Set(['numeric', 'price']);
const SELECT_TYPES = new Set(['select', 'multiselect', 'radiobutton', 'category']);
const DATE_TYPES = new Set(['date', 'birthday']);
const NUMERIC_STRING = /^-?\d+(\.\d+)?$/;

export interface CfScope {
  store: Store;
  owner: FieldOwner;
  catalogId: number | null;
  timezone: string;
}

export interface CfWrite {
  entries: CfEntry[];
  changed: Array<{ field: FieldRecord; before: CfStoredValue[]; after: CfStoredValue[] }>;
}

export function applyCustomFields(
  scope: CfScope,
  current: CfEntry[],
  input: unknown,
  errors: ItemErrors,
  base = 'custom_fields_values',
): CfWrite {
  const unchanged: CfWrite = { entries: current, changed: [] };
  if (input === undefined || input === null) return unchanged;
  if (!Array.isArray(input)) {
    errors.invalidType(base, 'array');
    return unchanged;
  }
  const updates = new Map<number, { field: FieldRecord; values: CfStoredValue[] }>();
  input.forEach((raw, i) => {
    const path = `${base}.${i}`;
    if (!isObject(raw)) {
      errors.invalidType(path, 'object');
      return;
    }
    checkKeys(raw, ['field_id', 'field_code', 'values'], errors, `${path}.`);
    const field = resolveField(scope, raw, errors, path);
    if (!field) return;
    if (!('values' in raw)) {
      errors.missing(`${path}.values`);
      return;
    }
    const values = readValues(scope, field, raw.values, errors, `${path}.values`);
    if (values) updates.set(field.id, { field, values });
  });
  if (!errors.ok) return unchanged;

  const entries: CfEntry[] = [];
  const changed: CfWrite['changed'] = [];
  const seen = new Set<number>();
  for (const entry of current) {
    const update = updates.get(entry.field_id);
    seen.add(entry.field_id);
    if (!update) {
      entries.push(entry);
      continue;
    }
    if (update.values.length > 0) entries.push({ field_id: entry.field_id, values: update.values });
    if (JSON.stringify(entry.values) !== JSON.stringify(update.values)) {
      changed.push({ field: update.field, before: entry.values, after: update.values });
    }
  }
  for (const [fieldId, update] of updates) {
    if (seen.has(fieldId) || update.values.length === 0) continue;
    entries.push({ field_id: fieldId, values: update.values });
    changed.push({ field: update.field, before: [], after: update.values });
  }
  return { entries, changed };
}

function resolveField(scope: CfScope, raw: Json, errors: ItemErrors, path: string): FieldRecord | undefined {
  const { store, owner, catalogId } = scope;
  if (raw.field_id !== undefined && raw.field_id !== null) {
    if (!isInt(raw.field_id)) {
      errors.invalidType(`${path}.field_id`, 'int');
      return undefined;
    }
    const f = findField(store, owner, catalogId, raw.field_id);
    if (!f) errors.notSupportedChoice(`${path}.field_id`);
    return f;
  }
  if (raw.field_code !== undefined && raw.field_code !== null) {
    if (typeof raw.field_code !== 'string') {
      errors.invalidType(`${path}.field_code`, 'string');
      return undefined;
    }
    const f = findFieldByCode(store, owner, catalogId, raw.field_code);
    if (!f) errors.notSupportedChoice(`${path}.field_code`);
    return f;
  }
  errors.missing(`${path}.field_id`);
  return undefined;
}

function readValues(
  scope: CfScope,
  field: FieldRecord,
  raw: unknown,
  errors: ItemErrors,
  path: string,
): CfStoredValue[] | undefined {
  if (raw === null) return [];
  if (!Array.isArray(raw)) {
    errors.invalidType(path, 'array');
    return undefined;
  }
  const out: CfStoredValue[] = [];
  raw.forEach((v, j) => {
    const vPath = `${path}.${j}`;
    if (!isObject(v)) {
      errors.invalidType(vPath, 'object');
      return;
    }
    const allowed = SELECT_TYPES.has(field.type) || field.type === 'multitext' ? ENUM_VALUE_KEYS : ['value'];
    checkKeys(v, allowed, errors, `${vPath}.`);
    const stored = readValue(scope, field, v, errors, vPath);
    if (stored) out.push(stored);
  });
  return MULTI_VALUED.has(field.type) ? out : out.slice(0, 1);
}

function readValue(
  scope: CfScope,
  field: FieldRecord,
  v: Json,
  errors: ItemErrors,
  path: string,
): CfStoredValue | undefined {
  const value = v.value;
  if (TEXT_TYPES.has(field.type)) {
    if (typeof value !== 'string' && typeof value !== 'number')
      return void errors.invalidType(`${path}.value`, 'string');
    return String(value) === '' ? undefined : { value: String(value) };
  }
  if (NUMBER_TYPES.has(field.type)) {
    const ok =
      typeof value === 'number'
        ? Number.isFinite(value)
        : typeof value === 'string' && NUMERIC_STRING.test(value);
    if (!ok) return void errors.invalidType(`${path}.value`, 'numeric');
    return { value: String(value) };
  }
  if (field.type === 'checkbox') {
    if (typeof value === 'boolean') return { value };
    if (value === 1 || value === 0 || value === '1' || value === '0') return { value: Number(value) === 1 };
    return void errors.invalidType(`${path}.value`, 'bool');
  }
  if (DATE_TYPES.has(field.type) || field.type === 'date_time') {
    const ts = parseDateValue(value);
    if (ts === undefined) return void errors.invalidType(`${path}.value`, 'int');
    return { value: field.type === 'date_time' ? ts : midnightIn(scope.timezone, ts) };
  }
  if (field.type === 'multitext') {
    if (typeof value !== 'string' && typeof value !== 'number')
      return void errors.invalidType(`${path}.value`, 'string');
    if (String(value).trim() === '') return undefined;
    const en = pickEnum(field, v, errors, path, true);
    return en ? { value: String(value), enum_id: en.id } : undefined;
  }
  if (SELECT_TYPES.has(field.type)) {
    const en = pickEnum(field, v, errors, path, false);
    return en ? { value: en.value, enum_id: en.id } : undefined;
  }
  return value === undefined || value === null ? undefined : { value: String(value) };
}

/** enum by enum_id, then enum_code, then (selects) the label in `value`; multitext defaults to the first enum. */
function pickEnum(field: FieldRecord, v: Json, errors: ItemErrors, path: string, byCodeOnly: boolean) {
  const enums: EnumRecord[] = field.enums ?? [];
  if (v.enum_id !== undefined && v.enum_id !== null) {
    const en = isInt(v.enum_id) ? enums.find((e) => e.id === v.enum_id) : undefined;
    if (!en) errors.notSupportedChoice(`${path}.enum_id`);
    return en;
  }
  if (v.enum_code !== undefined && v.enum_code !== null) {
    const code = String(v.enum_code).toUpperCase();
    const en = enums.find((e) => (e.code ?? e.value).toUpperCase() === code);
    if (!en) errors.notSupportedChoice(`${path}.enum_code`);
    return en;
  }
  if (byCodeOnly) return enums[0];
  const en = enums.find((e) => e.value === String(v.value ?? ''));
  if (!en) errors.notSupportedChoice(`${path}.value`);
  return en;
}
