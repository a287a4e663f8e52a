// Reading and writing contacts/deals through the legacy API: lenient input (unknown and read-only
// keys silently dropped), string output, legacy select/filter/order semantics.

import { legacyError } from './errors.ts';
import { type Codec, comparable, filterOperand, legacyValue, storeValue } from './field-codec.ts';
import type { FieldSpec } from './field-specs.ts';
import { isDesc, matchAny, matchValue, type Page, paginate, parseFilterKey, sortRecords } from './listing.ts';
import { isMultiFieldType, legacyMultiFields } from './multifields.ts';
import { isPhpArray, isRecord, isset, type Params, phpEntries, phpValues, resolveArrayParam } from './php.ts';
import type { CrmRecord } from './state.ts';

/** `fields` (any casing) as a map; a present non-array is the documented error. */
export function fieldsParam(params: Params, name = 'fields'): Record<string, unknown> {
  const raw = resolveArrayParam(params, name);
  if (!isset(raw)) return {};
  if (!isPhpArray(raw)) throw legacyError(`Parameter '${name}' must be array.`);
  return Object.fromEntries(phpEntries(raw));
}

export function checkParamsParam(params: Params): void {
  const raw = resolveArrayParam(params, 'params');
  if (isset(raw) && !isPhpArray(raw)) throw legacyError("Parameter 'params' must be array.");
}

export interface LegacyInput {
  values: Record<string, unknown>;
  /** Raw multi-field lists (PHONE, EMAIL, …) when any were sent. */
  multi: Record<string, unknown> | null;
}

/** CCrmRestProxyBase::internalizeFields. */
export function internalizeLegacy(
  specs: Map<string, FieldSpec>,
  input: Record<string, unknown>,
  mode: 'add' | 'update',
  codec: Codec,
): LegacyInput {
  const values: Record<string, unknown> = {};
  let multi: Record<string, unknown> | null = null;
  for (const [key, raw] of Object.entries(input)) {
    const spec = specs.get(key);
    if (!spec || spec.readOnly || (mode === 'update' && spec.immutable)) continue;
    if (spec.type === 'crm_multifield') {
      multi ??= {};
      multi[key] = raw;
      continue;
    }
    values[key] = storeValue(spec, raw, codec);
  }
  return { values, multi };
}

export function storedValue(record: CrmRecord, name: string): unknown {
  return name === 'ID' ? record.ID : record.fields[name];
}

/** One record as legacy get/list returns it. */
export function renderLegacy(
  record: CrmRecord,
  specs: FieldSpec[],
  codec: Codec,
  mode: 'get' | 'list',
  select?: Set<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    if (spec.writeOnly || spec.type === 'crm_multifield') continue;
    if (select && !select.has(spec.name)) continue;
    const value = storedValue(record, spec.name);
    if (spec.uf && (value === null || value === undefined)) {
      out[spec.name] = spec.multiple ? [] : mode === 'get' ? '' : null;
      continue;
    }
    out[spec.name] = legacyValue(spec, value, codec);
  }
  for (const spec of specs) {
    if (spec.type !== 'crm_multifield') continue;
    const items = legacyMultiFields(record.fm, spec.name);
    if (select ? select.has(spec.name) : items.length > 0) out[spec.name] = items;
  }
  return out;
}

/** `select`: default `*` + `UF_*`; multi-fields only when named (then ID is added). */
export function legacySelect(specs: FieldSpec[], raw: unknown): Set<string> {
  const names = phpValues(raw).map(String);
  const requested = names.length > 0 ? names : ['*', 'UF_*'];
  const selected = new Set<string>();
  for (const name of requested) {
    if (name === '*') {
      for (const spec of specs) if (!spec.uf && spec.type !== 'crm_multifield') selected.add(spec.name);
    } else if (name === 'UF_*') {
      for (const spec of specs) if (spec.uf) selected.add(spec.name);
    } else if (specs.some((spec) => spec.name === name && !spec.writeOnly)) {
      selected.add(name);
      if (isMultiFieldType(name)) selected.add('ID');
    }
  }
  return selected;
}

type Predicate = (record: CrmRecord) => boolean;

/** Unknown keys (and write-only fields) are silently dropped: a typo returns everything. */
export function legacyFilter(
  specs: Map<string, FieldSpec>,
  filter: Record<string, unknown>,
  codec: Codec,
): Predicate[] {
  const predicates: Predicate[] = [];
  for (const [key, raw] of Object.entries(filter)) {
    const { op, field } = parseFilterKey(key);
    const spec = specs.get(field);
    if (!spec || spec.writeOnly) continue;
    const operand =
      Array.isArray(raw) || isRecord(raw)
        ? phpValues(raw).map((item) => filterOperand(spec, item, codec))
        : filterOperand(spec, raw, codec);
    if (spec.type === 'crm_multifield') {
      predicates.push((record) =>
        matchAny(
          op,
          record.fm.filter((item) => item.TYPE_ID === field).map((item) => item.VALUE),
          operand,
        ),
      );
    } else if (spec.multiple) {
      predicates.push((record) =>
        matchAny(
          op,
          phpValues(storedValue(record, field)).map((value) => comparable(spec, value)),
          operand,
        ),
      );
    } else {
      predicates.push((record) => matchValue(op, comparable(spec, storedValue(record, field)), operand));
    }
  }
  return predicates;
}

export function legacyOrder(specs: Map<string, FieldSpec>, order: Record<string, unknown>) {
  const entries = Object.entries(order);
  // `ID ASC` alone is the natural order; the ID tie-break below covers it.
  const onlyIdAsc =
    entries.length === 1 && entries[0]?.[0].toUpperCase() === 'ID' && !isDesc(entries[0]?.[1]);
  const keys = (onlyIdAsc ? [] : entries)
    .map(([name, direction]) => ({ spec: specs.get(name.toUpperCase()), desc: isDesc(direction) }))
    .filter(
      (entry): entry is { spec: FieldSpec; desc: boolean } =>
        entry.spec !== undefined && !entry.spec.multiple,
    )
    .map(({ spec, desc }) => ({
      get: (record: CrmRecord) => comparable(spec, storedValue(record, spec.name)),
      desc,
    }));
  keys.push({ get: (record: CrmRecord) => record.ID, desc: false });
  return keys;
}

export interface LegacyListOptions {
  /** Extra filter handling for keys the entity resolves itself (returns null to fall through). */
  special?: (key: string, value: unknown) => Predicate | null;
}

export function legacyList(
  records: CrmRecord[],
  specList: FieldSpec[],
  params: Params,
  codec: Codec,
  options: LegacyListOptions = {},
): Page<Record<string, unknown>> {
  const order = resolveArrayParam(params, 'order') ?? {};
  const filter = resolveArrayParam(params, 'filter') ?? {};
  if (!isPhpArray(order)) throw legacyError("Parameter 'order' must be array.");
  if (!isPhpArray(filter)) throw legacyError("Parameter 'filter' must be array.");
  const specs = new Map(specList.map((spec) => [spec.name, spec]));
  const filterEntries = Object.fromEntries(phpEntries(filter));
  const predicates: Predicate[] = [];
  const regular: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filterEntries)) {
    const special = options.special?.(key, value) ?? null;
    if (special) predicates.push(special);
    else regular[key] = value;
  }
  predicates.push(...legacyFilter(specs, regular, codec));
  const matched = records.filter((record) => predicates.every((predicate) => predicate(record)));
  const keys = legacyOrder(specs, Object.fromEntries(phpEntries(order)));
  // Records are kept in ascending ID order already: skip the sort when that is all that is asked.
  const sorted = keys.length === 1 ? matched : sortRecords(matched, keys);
  const page = paginate(sorted, params.start);
  const select = legacySelect(specList, resolveArrayParam(params, 'select'));
  return {
    ...page,
    items: page.items.map((record) => renderLegacy(record, specList, codec, 'list', select)),
  };
}
