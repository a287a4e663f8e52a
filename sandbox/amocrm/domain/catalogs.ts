import { applyCustomFields } from '../fields/values.ts';
import { type ItemErrors, notFound, problem, Validation } from '../http/problem.ts';
import type { CatalogRecord, ElementRecord } from '../state/types.ts';
import { auditFields, requireId } from './common.ts';
import type { AccountContext, Actor } from './context.ts';
import { checkKeys, isObject, type Json, optBool, optInt, optString, requestIdOf } from './input.ts';
import type { WithRequestId } from './pipelines.ts';

// Lists ("Списки") and their elements (amocrm-api.md §7). The v4 API has no element DELETE
// (neither the docs nor the official SDK know one; only the retired v2 API had it).

const CATALOG_KEYS = [
  'id',
  'name',
  'type',
  'sort',
  'can_add_elements',
  'can_show_in_cards',
  'can_link_multiple',
  'request_id',
];
const ELEMENT_KEYS = [
  'id',
  'name',
  'custom_fields_values',
  'created_by',
  'updated_by',
  'created_at',
  'updated_at',
  'currency_id',
  'request_id',
];
const MAX_CATALOGS = 10;

export function requireCatalog(ctx: AccountContext, id: number): CatalogRecord {
  const c = ctx.store.catalog(id);
  if (!c) throw notFound('Catalog not found');
  return c;
}

function readCatalog(item: Json, errors: ItemErrors, isNew: boolean) {
  checkKeys(item, CATALOG_KEYS, errors);
  const name = optString(item, 'name', errors);
  if (isNew && !name) errors.missing('name');
  const type = optString(item, 'type', errors);
  if (type !== undefined && !['regular', 'invoices', 'products'].includes(type))
    errors.notSupportedChoice('type');
  return {
    name,
    type: type as CatalogRecord['type'] | undefined,
    sort: optInt(item, 'sort', errors),
    canAdd: optBool(item, 'can_add_elements', errors),
    canShow: optBool(item, 'can_show_in_cards', errors),
    canMultiple: optBool(item, 'can_link_multiple', errors),
  };
}

export function createCatalogs(
  ctx: AccountContext,
  items: unknown[],
  actor: Actor,
): WithRequestId<CatalogRecord>[] {
  const { store } = ctx;
  if (store.catalogs.length + items.length > MAX_CATALOGS) throw problem(422, 'Catalogs limit exceeded');
  const v = new Validation();
  const drafts = items.map((raw, i) => {
    const requestId = requestIdOf(raw, i);
    const errors = v.item(requestId);
    if (!isObject(raw)) return void errors.invalidType('', 'object');
    const c = readCatalog(raw, errors, true);
    const type = c.type ?? 'regular';
    if (type !== 'regular' && store.catalogs.some((x) => x.type === type)) errors.notSupportedChoice('type');
    return errors.ok ? { c: { ...c, type }, requestId } : undefined;
  });
  v.throwIfAny();
  const now = ctx.now();
  return drafts.flatMap((d) => {
    if (!d) return [];
    const record: CatalogRecord = {
      id: store.nextId('catalog'),
      name: d.c.name ?? '',
      type: d.c.type,
      sort: d.c.sort ?? 10,
      can_add_elements: d.c.canAdd ?? true,
      can_show_in_cards: d.c.canShow ?? false,
      can_link_multiple: d.c.canMultiple ?? false,
      can_be_deleted: true,
      created_by: actor.userId,
      updated_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    store.catalogs.push(record);
    return [{ record, requestId: d.requestId }];
  });
}

export function updateCatalogs(
  ctx: AccountContext,
  items: unknown[],
  actor: Actor,
  pathId?: number,
): WithRequestId<CatalogRecord>[] {
  const v = new Validation();
  const drafts = items.map((raw, i) => {
    const requestId = requestIdOf(raw, i);
    const errors = v.item(requestId);
    if (!isObject(raw)) return void errors.invalidType('', 'object');
    const id = pathId ?? requireId(raw, errors);
    const record = id === undefined ? undefined : ctx.store.catalog(id);
    if (id !== undefined && !record) errors.notSupportedChoice('id');
    const c = readCatalog(raw, errors, false);
    return record && errors.ok ? { record, c, requestId } : undefined;
  });
  v.throwIfAny();
  return drafts.flatMap((d) => {
    if (!d) return [];
    const { record, c } = d;
    if (c.name !== undefined) record.name = c.name;
    if (c.sort !== undefined) record.sort = c.sort;
    if (c.canAdd !== undefined) record.can_add_elements = c.canAdd;
    if (c.canShow !== undefined) record.can_show_in_cards = c.canShow;
    if (c.canMultiple !== undefined) record.can_link_multiple = c.canMultiple;
    record.updated_at = ctx.now();
    record.updated_by = actor.userId;
    return [{ record, requestId: d.requestId }];
  });
}

export function writeElements(
  ctx: AccountContext,
  catalog: CatalogRecord,
  items: unknown[],
  actor: Actor,
  mode: { create: true } | { create: false; pathId?: number },
): WithRequestId<ElementRecord>[] {
  const { store } = ctx;
  const v = new Validation();
  const drafts = items.map((raw, i) => {
    const requestId = requestIdOf(raw, i);
    const errors = v.item(requestId);
    if (!isObject(raw)) return void errors.invalidType('', 'object');
    checkKeys(raw, mode.create ? ELEMENT_KEYS.filter((k) => k !== 'id') : ELEMENT_KEYS, errors);
    let prev: ElementRecord | undefined;
    if (!mode.create) {
      const id = mode.pathId ?? requireId(raw, errors);
      prev = id === undefined ? undefined : store.elements.get(id);
      if (id !== undefined && (!prev || prev.catalog_id !== catalog.id || prev.is_deleted)) {
        if (mode.pathId !== undefined) throw notFound('Element not found');
        errors.notSupportedChoice('id');
      }
    }
    const name = optString(raw, 'name', errors);
    if (mode.create && !name) errors.missing('name');
    const audit = auditFields(store, raw, errors);
    const cf = applyCustomFields(
      ctx.cfScope('catalogs', catalog.id),
      prev?.custom_fields_values ?? [],
      raw.custom_fields_values,
      errors,
    );
    if (!errors.ok) return undefined;
    const now = ctx.now();
    const next: ElementRecord = {
      id: prev?.id ?? 0,
      catalog_id: catalog.id,
      name: name ?? prev?.name ?? '',
      created_by: prev?.created_by ?? audit.createdBy ?? actor.userId,
      updated_by: audit.updatedBy ?? actor.userId,
      created_at: prev?.created_at ?? audit.createdAt ?? now,
      updated_at: audit.updatedAt ?? now,
      is_deleted: false,
      custom_fields_values: cf.entries,
    };
    return { next, requestId };
  });
  v.throwIfAny();
  return drafts.flatMap((d) => {
    if (!d) return [];
    if (d.next.id === 0) d.next.id = store.nextId('element');
    store.elements.set(d.next.id, d.next);
    return [{ record: d.next, requestId: d.requestId }];
  });
}

/** A manager deleting a product in the UI: the element leaves lists and reads (204). */
export function deleteElement(ctx: AccountContext, id: number, actor: Actor): void {
  const e = ctx.store.elements.get(id);
  if (!e || e.is_deleted) throw notFound('Element not found');
  e.is_deleted = true;
  e.updated_at = ctx.now();
  e.updated_by = actor.userId;
}
