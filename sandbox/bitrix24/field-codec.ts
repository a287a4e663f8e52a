// Converts field values between the wire (legacy strings / crm.item typed JSON) and storage.

import type { DateOutputStyle, PortalDates } from './dates.ts';
import { engineError } from './errors.ts';
import { type FieldSpec, isIntegerType } from './field-specs.ts';
import { isPhpArray, isRecord, phpFloat, phpInt, phpString, phpValues, yn } from './php.ts';

export interface Codec {
  dates: PortalDates;
  dateStyle: DateOutputStyle;
}

const REFERENCE_TYPES = new Set(['user', 'employee', 'crm_company', 'crm_contact', 'crm_lead', 'crm_quote']);

function storeScalar(spec: FieldSpec, raw: unknown, codec: Codec): unknown {
  if (raw === null || raw === undefined || raw === '' || raw === false) {
    return spec.type === 'char' || spec.type === 'boolean' ? (raw === false ? 'N' : null) : null;
  }
  switch (spec.type) {
    case 'double':
      return phpFloat(raw);
    case 'date':
      return codec.dates.parseDate(raw);
    case 'datetime':
      return codec.dates.parseDateTime(raw);
    case 'char':
    case 'boolean':
      return yn(raw);
    case 'file':
      return null;
    default:
      if (isIntegerType(spec.type)) {
        const value = phpInt(raw);
        return REFERENCE_TYPES.has(spec.type) && value <= 0 ? null : value;
      }
      return isRecord(raw) || Array.isArray(raw) ? 'Array' : phpString(raw);
  }
}

/** Stored form of a written value. `strict` (crm.item) rejects scalars for multiple fields. */
export function storeValue(spec: FieldSpec, raw: unknown, codec: Codec, strict = false): unknown {
  if (!spec.multiple) return storeScalar(spec, Array.isArray(raw) ? raw[0] : raw, codec);
  if (!isPhpArray(raw)) {
    if (strict && raw !== null && raw !== undefined && raw !== '') {
      throw engineError(
        '100',
        `Expected iterable value for multiple field, but got ${typeof raw === 'number' ? 'integer' : typeof raw} instead`,
      );
    }
    return raw === null || raw === undefined || raw === '' ? [] : [storeScalar(spec, raw, codec)];
  }
  return phpValues(raw)
    .map((item) => storeScalar(spec, item, codec))
    .filter((item) => item !== null);
}

function legacyScalar(spec: FieldSpec, value: unknown, codec: Codec): unknown {
  if (value === null || value === undefined) return null;
  switch (spec.type) {
    case 'double':
      return spec.money ? Number(value).toFixed(2) : String(value);
    case 'date':
      return codec.dates.formatDate(String(value), codec.dateStyle);
    case 'datetime':
      return codec.dates.formatDateTime(Number(value));
    case 'boolean':
      return value === 'Y' ? '1' : '0';
    default:
      return String(value);
  }
}

/** Legacy output: strings everywhere, `null` for empty. */
export function legacyValue(spec: FieldSpec, value: unknown, codec: Codec): unknown {
  if (spec.multiple) return phpValues(value).map((item) => legacyScalar(spec, item, codec));
  return legacyScalar(spec, value, codec);
}

function itemScalar(spec: FieldSpec, value: unknown, codec: Codec): unknown {
  if (value === null || value === undefined) return null;
  switch (spec.type) {
    case 'double':
      return Number(value);
    case 'date':
      return codec.dates.formatDate(String(value), codec.dateStyle);
    case 'datetime':
      return codec.dates.formatDateTime(Number(value));
    default:
      return isIntegerType(spec.type) ? Number(value) : value;
  }
}

/** crm.item output: typed JSON. */
export function itemValue(spec: FieldSpec, value: unknown, codec: Codec): unknown {
  if (spec.multiple) return phpValues(value).map((item) => itemScalar(spec, item, codec));
  return itemScalar(spec, value, codec);
}

/** Value compared by list filters and sorting. */
export function comparable(spec: FieldSpec, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (spec.type === 'double' || spec.type === 'datetime' || isIntegerType(spec.type)) return Number(value);
  return String(value);
}

/** Filter operands are parsed by the field's type (datetimes through strtotime). */
export function filterOperand(spec: FieldSpec, raw: unknown, codec: Codec): string | number | null {
  if (raw === null || raw === undefined || raw === '') return null;
  switch (spec.type) {
    case 'datetime':
      return codec.dates.parseDateTime(raw);
    case 'date':
      return codec.dates.parseDate(raw);
    case 'double':
      return phpFloat(raw);
    case 'char':
    case 'boolean':
      return yn(raw);
    default:
      return isIntegerType(spec.type) ? phpInt(raw) : phpString(raw);
  }
}
