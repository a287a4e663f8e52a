import type { Store } from '../state/store.ts';
import type { CfEntry, CfStoredValue, FieldRecord } from '../state/types.ts';
import { ddmmyyyy } from './dates.ts';
import { legacyTypeCode } from './registry.ts';

// The three ways stored values leave the sandbox: REST v4 reads, legacy webhook fields, event items.

const ENUM_READ_TYPES = new Set(['select', 'multiselect', 'radiobutton', 'category']);

function fieldById(store: Store, id: number): FieldRecord | undefined {
  return store.fields.find((f) => f.id === id);
}

function enumOf(field: FieldRecord, id: number | undefined) {
  return field.enums?.find((e) => e.id === id);
}

/** `custom_fields_values` of a read: `null` (not `[]`) when the entity has none. */
export function toApiCfValues(store: Store, entries: CfEntry[]): unknown[] | null {
  const out = entries.flatMap((entry) => {
    const field = fieldById(store, entry.field_id);
    if (!field) return [];
    return [
      {
        field_id: field.id,
        field_name: field.name,
        field_code: field.code,
        field_type: field.type,
        values: entry.values.map((v) => readValue(field, v)),
      },
    ];
  });
  return out.length > 0 ? out : null;
}

function readValue(field: FieldRecord, v: CfStoredValue): Record<string, unknown> {
  if (field.type === 'multitext') {
    return { value: v.value, enum_id: v.enum_id, enum_code: enumOf(field, v.enum_id)?.value ?? null };
  }
  if (ENUM_READ_TYPES.has(field.type)) {
    return { value: v.value, enum_id: v.enum_id, enum_code: enumOf(field, v.enum_id)?.code ?? null };
  }
  return { value: v.value };
}

const str = (v: CfStoredValue['value']) => (typeof v === 'boolean' ? (v ? '1' : '0') : String(v ?? ''));

/** Legacy webhook `custom_fields` (amocrm-api.md §10.2): ids as strings, `enum` = enum id, date quirks. */
export function toWebhookCustomFields(store: Store, entries: CfEntry[], timezone: string): unknown[] {
  return entries.flatMap((entry) => {
    const field = fieldById(store, entry.field_id);
    if (!field) return [];
    let values: unknown[];
    if (field.type === 'date' || field.type === 'date_time') {
      values = entry.values.map((v) => str(v.value));
    } else if (field.type === 'birthday') {
      values = entry.values.map((v) => ({ value: ddmmyyyy(timezone, Number(v.value)) }));
    } else if (field.type === 'multitext' || ENUM_READ_TYPES.has(field.type)) {
      values = entry.values.map((v) => ({ value: str(v.value), enum: String(v.enum_id) }));
    } else {
      values = entry.values.map((v) => ({ value: str(v.value) }));
    }
    return [{ id: String(field.id), name: field.name, values, ...(field.code ? { code: field.code } : {}) }];
  });
}

/** `custom_field_value_changed` items: one per value, numeric legacy `field_type`. */
export function toEventCfItems(field: FieldRecord, values: CfStoredValue[]): unknown[] {
  return values.map((v) => ({
    custom_field_value: {
      field_id: field.id,
      field_type: legacyTypeCode(field.type),
      enum_id: v.enum_id ?? null,
      text: str(v.value),
    },
  }));
}

/** Every filled value as text, for `query` search. */
export function cfSearchTexts(entries: CfEntry[]): string[] {
  return entries.flatMap((e) => e.values.map((v) => str(v.value)));
}
