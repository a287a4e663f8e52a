// PHP semantics the Bitrix24 REST layer inherits: intval, isset, parameter casing, array encoding.

export type Params = Record<string, unknown>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** PHP `is_array`: both JS arrays and plain objects are PHP arrays. */
export function isPhpArray(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

/** PHP `intval`: leading integer of a string, 0 otherwise. */
export function phpInt(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const match = /^\s*([+-]?\d+)/.exec(value);
    return match?.[1] ? Number.parseInt(match[1], 10) : 0;
  }
  if (Array.isArray(value)) return value.length > 0 ? 1 : 0;
  if (isRecord(value)) return Object.keys(value).length > 0 ? 1 : 0;
  return 0;
}

/** PHP `floatval` with Bitrix's habit of accepting a decimal comma and spaces in money. */
export function phpFloat(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const match = /^\s*([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(
      value.replace(/\s/g, '').replace(',', '.'),
    );
    return match?.[1] ? Number.parseFloat(match[1]) : 0;
  }
  return 0;
}

export function phpString(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  return 'Array';
}

export function isset(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function yn(value: unknown, fallback: 'Y' | 'N' = 'N'): 'Y' | 'N' {
  if (value === true || value === 1) return 'Y';
  if (value === false || value === 0) return 'N';
  if (typeof value === 'string') {
    const upper = value.trim().toUpperCase();
    if (upper === 'Y' || upper === '1' || upper === 'TRUE') return 'Y';
    if (upper === 'N' || upper === '0' || upper === 'FALSE' || upper === '') return 'N';
  }
  return fallback;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** CCrmRestHelper::resolveArrayParam: FILTER, filter, Filter, arFilter. */
export function resolveArrayParam(params: Params, name: string): unknown {
  const lower = name.toLowerCase();
  for (const key of [name.toUpperCase(), lower, capitalize(lower), `ar${capitalize(lower)}`]) {
    if (isset(params[key])) return params[key];
  }
  return undefined;
}

/** CCrmRestHelper::resolveParam: type, TYPE, Type. */
export function resolveParam(params: Params, name: string): unknown {
  const lower = name.toLowerCase();
  for (const key of [lower, name.toUpperCase(), capitalize(lower)]) {
    if (isset(params[key])) return params[key];
  }
  return undefined;
}

/** The legacy CRM proxies read `ID` then `id`, cast with intval. */
export function resolveEntityId(params: Params): number {
  if (isset(params.ID)) return phpInt(params.ID);
  if (isset(params.id)) return phpInt(params.id);
  return 0;
}

/** PHP arrays iterate in insertion order whether they came as JSON arrays or objects. */
export function phpValues(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isRecord(value)) return Object.values(value);
  return [];
}

export function phpEntries(value: unknown): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.map((item, index) => [String(index), item]);
  if (isRecord(value)) return Object.entries(value);
  return [];
}

/**
 * json_encode of a PHP array: an empty map is `[]`, keys 0..n-1 in order form a list,
 * anything else an object.
 */
export function phpArray(entries: Array<[string, unknown]>): unknown {
  if (entries.length === 0) return [];
  const sequential = entries.every(([key], index) => key === String(index));
  if (sequential) return entries.map(([, value]) => value);
  return Object.fromEntries(entries);
}

export function emptyAsArray(map: Record<string, unknown>): unknown {
  return Object.keys(map).length === 0 ? [] : map;
}
