import { emptyRequest, type ItemErrors, tooManyItems, Validation } from '../http/problem.ts';

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export const MAX_BATCH = 250;

/** A batch body: a non-empty JSON array of at most 250 items. */
export function batchItems(body: unknown): unknown[] {
  if (body === undefined || body === null || body === '') throw emptyRequest();
  if (isObject(body) && Object.keys(body).length === 0) throw emptyRequest();
  if (!Array.isArray(body)) {
    const v = new Validation();
    v.item('0').invalidType('', 'array');
    v.throwIfAny();
    return [];
  }
  if (body.length === 0) throw emptyRequest();
  if (body.length > MAX_BATCH) throw tooManyItems();
  return body;
}

export function singleItem(body: unknown): Json {
  if (!isObject(body) || Object.keys(body).length === 0) throw emptyRequest();
  return body;
}

/** The echoed request_id: as sent (string or number), otherwise the item's index. */
export function requestIdOf(item: unknown, index: number): string {
  if (isObject(item) && (typeof item.request_id === 'string' || typeof item.request_id === 'number')) {
    return String(item.request_id);
  }
  return String(index);
}

export function checkKeys(item: Json, allowed: readonly string[], errors: ItemErrors, prefix = ''): void {
  for (const key of Object.keys(item)) {
    if (!allowed.includes(key)) errors.notExpected(`${prefix}${key}`);
  }
}

/** An optional int field: `undefined` when absent, reports InvalidType otherwise. */
export function optInt(item: Json, key: string, errors: ItemErrors, path = key): number | undefined {
  const v = item[key];
  if (v === undefined || v === null) return undefined;
  if (!isInt(v)) {
    errors.invalidType(path, 'int');
    return undefined;
  }
  return v;
}

export function optString(item: Json, key: string, errors: ItemErrors, path = key): string | undefined {
  const v = item[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') {
    errors.invalidType(path, 'string');
    return undefined;
  }
  return v;
}

export function optBool(item: Json, key: string, errors: ItemErrors, path = key): boolean | undefined {
  const v = item[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') {
    errors.invalidType(path, 'bool');
    return undefined;
  }
  return v;
}
