/**
 * PHP-style bracket forms (`leads[status][0][custom_fields][1][values][0]=…`), as CRM webhooks post
 * them. Parsed without qs's array heuristics (indices above `arrayLimit` would silently become keys),
 * so every level is an object and `listOf` turns numeric keys back into an ordered list.
 */
import qs from 'qs';

export type FormValue = string | readonly FormValue[] | { readonly [key: string]: FormValue };
export type FormRecord = { readonly [key: string]: FormValue };

const PARSE_OPTIONS = {
  depth: 20,
  parameterLimit: 100_000,
  parseArrays: false,
  allowPrototypes: false,
  charset: 'utf-8',
} as const;

/** Never throws: an unparseable body is an empty record. */
export function parsePhpForm(body: string): FormRecord {
  try {
    return asRecord(qs.parse(body, PARSE_OPTIONS) as unknown) ?? {};
  } catch {
    return {};
  }
}

export function asRecord(value: unknown): FormRecord | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  return value as FormRecord;
}

/** The items of a list node: an array, or an object keyed `0`, `1`, … (any other object is one item). */
export function listOf(value: FormValue | undefined): FormValue[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return [...value];
  const record = value as FormRecord;
  const keys = Object.keys(record);
  if (keys.length === 0) return [];
  if (!keys.every((key) => /^\d+$/.test(key))) return [record];
  return keys.sort((a, b) => Number(a) - Number(b)).map((key) => record[key] as FormValue);
}

/** The records of a list node (strings dropped). */
export function recordsOf(value: FormValue | undefined): FormRecord[] {
  return listOf(value).flatMap((item) => {
    const record = asRecord(item);
    return record ? [record] : [];
  });
}

export function textAt(record: FormRecord | null | undefined, key: string): string | null {
  const value = record?.[key];
  return typeof value === 'string' ? value : null;
}

/** Follows a path of keys through nested records. */
export function pathOf(record: FormRecord, ...keys: string[]): FormValue | undefined {
  let node: FormValue | undefined = record;
  for (const key of keys) {
    const next: FormRecord | null = asRecord(node);
    if (!next) return undefined;
    node = next[key];
  }
  return node;
}
