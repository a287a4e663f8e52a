// crm.item.* for contacts (entityTypeId 3) and deals (2) over the same store as the legacy API:
// camelCase, typed output, strict filters, `fm` for multi-fields.

import { createContact, deleteContact, type EntityWrite, findContact, updateContact } from './contacts.ts';
import { CURRENCIES, createDeal, deleteDeal, findDeal, updateDeal } from './deals.ts';
import { engineError, requiredParam } from './errors.ts';
import { type Codec, comparable, filterOperand, itemValue, storeValue } from './field-codec.ts';
import { type EntityKind, entitySpecs, type FieldSpec } from './field-specs.ts';
import { isDesc, matchAny, matchValue, paginate, parseFilterKey, sortRecords } from './listing.ts';
import { itemMultiFieldAliases, itemMultiFields } from './multifields.ts';
import { isRecord, isset, type Params, phpEntries, phpInt, phpValues, yn } from './php.ts';
import { type MethodCall, type MethodTable, method, ok, type Portal } from './portal.ts';
import type { CrmRecord, DealRecord } from './state.ts';

const KINDS: Record<number, EntityKind> = { 3: 'contact', 2: 'deal' };

interface ItemContext {
  portal: Portal;
  kind: EntityKind;
  entityTypeId: number;
  /** camelCase (or original UF_CRM_*) → spec */
  byName: Map<string, FieldSpec>;
  specs: FieldSpec[];
  originalUf: boolean;
}

function itemContext(portal: Portal, params: Params): ItemContext {
  if (!isset(params.entityTypeId)) throw requiredParam('entityTypeId');
  const entityTypeId = phpInt(params.entityTypeId);
  const kind = KINDS[entityTypeId];
  if (!kind) throw engineError('NOT_FOUND', 'Smart process not found');
  const originalUf = yn(params.useOriginalUfNames) === 'Y';
  const specs = entitySpecs(portal.state, kind);
  const byName = new Map(specs.map((spec) => [outName(spec, originalUf), spec]));
  return { portal, kind, entityTypeId, byName, specs, originalUf };
}

const outName = (spec: FieldSpec, originalUf: boolean): string =>
  spec.uf && originalUf ? spec.name : spec.camel;

function invalid(spec: FieldSpec): never {
  throw engineError('CRM_FIELD_ERROR_VALUE_NOT_VALID', `Invalid value for field "${spec.title}"`);
}

function storeStrict(spec: FieldSpec, raw: unknown, codec: Codec): unknown {
  const stored = storeValue(spec, raw, codec, true);
  const empty = raw === null || raw === undefined || raw === '';
  if (!empty && !spec.multiple && stored === null && (spec.type === 'date' || spec.type === 'datetime'))
    invalid(spec);
  if (spec.name === 'CURRENCY_ID' && stored !== null && !CURRENCIES.includes(String(stored))) invalid(spec);
  return stored;
}

interface ItemWrite extends EntityWrite {
  contactIds?: number[];
}

function internalize(ctx: ItemContext, fields: Record<string, unknown>): ItemWrite {
  const write: ItemWrite = { values: {} };
  for (const [key, raw] of Object.entries(fields)) {
    if (key === 'fm' && ctx.kind === 'contact') {
      write.itemFm = raw;
      continue;
    }
    const spec = ctx.byName.get(key);
    if (!spec || spec.readOnly || spec.type === 'crm_multifield') continue;
    if (spec.name === 'CONTACT_IDS') {
      write.contactIds = phpValues(storeStrict(spec, raw, ctx.portal.codec)).map(Number);
    } else if (spec.name === 'CONTACT_ID') {
      const id = storeStrict(spec, raw, ctx.portal.codec);
      write.contactIds ??= id === null ? [] : [Number(id)];
    } else {
      write.values[spec.name] = storeStrict(spec, raw, ctx.portal.codec);
    }
  }
  return write;
}

function render(ctx: ItemContext, record: CrmRecord, select?: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: record.ID };
  for (const spec of ctx.specs) {
    if (spec.type === 'crm_multifield' || spec.name === 'ID') continue;
    const name = outName(spec, ctx.originalUf);
    if (select && !select.has(name)) continue;
    if (spec.name === 'CONTACT_IDS') {
      out[name] = (record as DealRecord).contacts.map((binding) => binding.CONTACT_ID);
      continue;
    }
    out[name] = itemValue(spec, record.fields[spec.name], ctx.portal.codec);
  }
  if (ctx.kind === 'contact' && (!select || select.has('*'))) {
    out.fm = itemMultiFields(record.fm);
    Object.assign(out, itemMultiFieldAliases(record.fm));
  }
  if (!select || select.has('*') || select.has('observers')) out.observers = [];
  out.entityTypeId = ctx.entityTypeId;
  return out;
}

function find(ctx: ItemContext, params: Params): CrmRecord {
  if (!isset(params.id)) throw requiredParam('id');
  const id = phpInt(params.id);
  const record = ctx.kind === 'contact' ? findContact(ctx.portal, id) : findDeal(ctx.portal, id);
  if (!record) throw engineError('NOT_FOUND', 'Item not found');
  return record;
}

function fieldsOf(params: Params): Record<string, unknown> {
  if (!isRecord(params.fields)) throw requiredParam('fields');
  return params.fields;
}

type Predicate = (record: CrmRecord) => boolean;

function fieldValue(record: CrmRecord, spec: FieldSpec): unknown {
  if (spec.name === 'ID') return record.ID;
  if (spec.name === 'CONTACT_IDS')
    return (record as DealRecord).contacts.map((binding) => binding.CONTACT_ID);
  return record.fields[spec.name];
}

/** Strict: an unknown field is INVALID_ARG_VALUE. Nested groups with `logic: OR` are supported. */
function compileFilter(ctx: ItemContext, filter: unknown): Predicate {
  const entries = phpEntries(filter);
  const logic = entries.find(([key]) => key === 'logic')?.[1];
  const parts: Predicate[] = [];
  for (const [key, raw] of entries) {
    if (key === 'logic') continue;
    if (/^\d+$/.test(key) && isRecord(raw)) {
      parts.push(compileFilter(ctx, raw));
      continue;
    }
    const { op, field } = parseFilterKey(key);
    const spec = ctx.byName.get(field);
    if (!spec || spec.type === 'crm_multifield') {
      throw engineError('INVALID_ARG_VALUE', `Invalid filter: field '${field}' is not allowed in filter`);
    }
    const codec = ctx.portal.codec;
    const operand =
      Array.isArray(raw) || isRecord(raw)
        ? phpValues(raw).map((item) => filterOperand(spec, item, codec))
        : filterOperand(spec, raw, codec);
    parts.push((record) => {
      const value = fieldValue(record, spec);
      return spec.multiple
        ? matchAny(
            op,
            phpValues(value).map((item) => comparable(spec, item)),
            operand,
          )
        : matchValue(op, comparable(spec, value), operand);
    });
  }
  const or = String(logic ?? '').toUpperCase() === 'OR';
  return (record) =>
    or ? parts.length === 0 || parts.some((p) => p(record)) : parts.every((p) => p(record));
}

function compileOrder(ctx: ItemContext, order: unknown) {
  const keys = phpEntries(order).map(([field, direction]) => {
    const spec = ctx.byName.get(field);
    if (!spec || spec.multiple) {
      throw engineError('INVALID_ARG_VALUE', `Invalid order: field '${field}' is not allowed in order`);
    }
    const dir = String(direction).toUpperCase();
    if (dir !== 'ASC' && dir !== 'DESC') {
      throw engineError(
        'INVALID_ARG_VALUE',
        `Invalid order: allowed sort directions are ASC, DESC. But got '${String(direction)}' for field '${field}'`,
      );
    }
    return { get: (record: CrmRecord) => comparable(spec, fieldValue(record, spec)), desc: isDesc(dir) };
  });
  return [...keys, { get: (record: CrmRecord) => record.ID, desc: false }];
}

function list({ portal, params }: MethodCall) {
  const ctx = itemContext(portal, params);
  const records: CrmRecord[] = Object.values(
    ctx.kind === 'contact' ? portal.state.contacts : portal.state.deals,
  );
  const predicate = compileFilter(ctx, params.filter ?? {});
  const sorted = sortRecords(records.filter(predicate), compileOrder(ctx, params.order ?? {}));
  const page = paginate(sorted, params.start);
  const names = phpValues(params.select).map(String);
  const select = names.length === 0 || names.includes('*') ? undefined : new Set(names);
  return ok({ items: page.items.map((record) => render(ctx, record, select)) }, page);
}

export const crmItemMethods: MethodTable = {
  'crm.item.fields': method(({ portal, params }) => {
    const ctx = itemContext(portal, params);
    const fields: Record<string, unknown> = {};
    for (const spec of ctx.specs) {
      if (spec.type === 'crm_multifield') continue;
      fields[outName(spec, ctx.originalUf)] = {
        type: spec.type,
        isRequired: spec.required === true,
        isReadOnly: spec.readOnly === true,
        isImmutable: false,
        isMultiple: spec.multiple === true,
        isDynamic: spec.uf !== undefined,
        title: spec.title,
        upperName: spec.name,
      };
    }
    return ok({ fields });
  }),
  'crm.item.add': method(({ portal, params, origin }) => {
    const ctx = itemContext(portal, params);
    const write = internalize(ctx, fieldsOf(params));
    const record =
      ctx.kind === 'contact'
        ? createContact(portal, { ...write, itemFm: write.itemFm ?? [] }, origin)
        : createDeal(portal, { values: write.values, contactIds: write.contactIds ?? [] }, origin);
    return ok({ item: render(ctx, record) });
  }),
  'crm.item.get': method(({ portal, params }) => {
    const ctx = itemContext(portal, params);
    return ok({ item: render(ctx, find(ctx, params)) });
  }),
  'crm.item.list': method(list),
  'crm.item.update': method(({ portal, params, origin }) => {
    const ctx = itemContext(portal, params);
    const record = find(ctx, params);
    const write = internalize(ctx, fieldsOf(params));
    if (ctx.kind === 'contact') {
      updateContact(portal, record, write, origin, true);
    } else {
      const deal = record as DealRecord;
      const contacts = write.contactIds ? { contactIds: write.contactIds } : {};
      updateDeal(portal, deal, { values: write.values, ...contacts }, origin, {
        skipIfUnchanged: true,
        allowCategoryChange: true,
      });
    }
    return ok({ item: render(ctx, find(ctx, params)) });
  }),
  'crm.item.delete': method(({ portal, params, origin }) => {
    const ctx = itemContext(portal, params);
    const record = find(ctx, params);
    if (ctx.kind === 'contact') deleteContact(portal, record.ID, origin);
    else deleteDeal(portal, record.ID, origin);
    return ok([]);
  }),
};
