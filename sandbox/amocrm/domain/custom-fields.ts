import { ENUM_TYPES, FIELD_TYPES } from '../fields/registry.ts';
import { type ItemErrors, notFound, problem, Validation } from '../http/problem.ts';
import type { EnumRecord, FieldOwner, FieldRecord } from '../state/types.ts';
import { requireId } from './common.ts';
import type { AccountContext } from './context.ts';
import { checkKeys, isInt, isObject, type Json, optBool, optInt, optString, requestIdOf } from './input.ts';
import type { WithRequestId } from './pipelines.ts';

// The field registry per entity (amocrm-api.md §5): create (201, generated enum ids), update
// (resend existing enum ids or they are recreated), delete (values go with the field).

const FIELD_KEYS = [
  'id',
  'name',
  'type',
  'code',
  'sort',
  'is_api_only',
  'enums',
  'remind',
  'group_id',
  'required_statuses',
  'settings',
  'is_visible',
  'is_required',
  'request_id',
];
const REMIND = ['never', 'day', 'week', 'month'];

function readEnums(raw: unknown, current: EnumRecord[] | null, errors: ItemErrors): EnumRecord[] | undefined {
  if (!Array.isArray(raw)) {
    errors.invalidType('enums', 'array');
    return undefined;
  }
  const out: EnumRecord[] = [];
  for (const [i, e] of raw.entries()) {
    if (!isObject(e)) {
      errors.invalidType(`enums.${i}`, 'object');
      continue;
    }
    checkKeys(e, ['id', 'value', 'sort', 'code'], errors, `enums.${i}.`);
    const value = optString(e, 'value', errors, `enums.${i}.value`);
    const sort = optInt(e, 'sort', errors, `enums.${i}.sort`) ?? (i + 1) * 10;
    const code = optString(e, 'code', errors, `enums.${i}.code`);
    if (e.id !== undefined && e.id !== null) {
      const existing = isInt(e.id) ? current?.find((x) => x.id === e.id) : undefined;
      if (!existing) {
        errors.notSupportedChoice(`enums.${i}.id`);
        continue;
      }
      out.push({
        ...existing,
        value: value ?? existing.value,
        sort,
        ...(code !== undefined ? { code } : {}),
      });
      continue;
    }
    if (!value) {
      errors.missing(`enums.${i}.value`);
      continue;
    }
    out.push({ id: 0, value, sort, ...(code !== undefined ? { code } : {}) });
  }
  return out;
}

function readField(owner: FieldOwner, item: Json, prev: FieldRecord | undefined, errors: ItemErrors) {
  checkKeys(item, prev ? FIELD_KEYS : FIELD_KEYS.filter((k) => k !== 'id'), errors);
  const name = optString(item, 'name', errors);
  const type = prev?.type ?? optString(item, 'type', errors);
  if (!prev) {
    if (!name) errors.missing('name');
    if (!type) errors.missing('type');
    else if (!FIELD_TYPES[owner].includes(type)) errors.notSupportedChoice('type');
  }
  const remind = optString(item, 'remind', errors);
  if (remind !== undefined && !REMIND.includes(remind)) errors.notSupportedChoice('remind');
  let enums: EnumRecord[] | undefined;
  if (item.enums !== undefined && item.enums !== null)
    enums = readEnums(item.enums, prev?.enums ?? null, errors);
  if (!prev && type && ENUM_TYPES.has(type) && type !== 'category' && !enums?.length) errors.missing('enums');
  return {
    name,
    type,
    code: optString(item, 'code', errors),
    sort: optInt(item, 'sort', errors),
    isApiOnly: optBool(item, 'is_api_only', errors),
    isVisible: optBool(item, 'is_visible', errors),
    isRequired: optBool(item, 'is_required', errors),
    remind,
    enums,
  };
}

function withEnumIds(ctx: AccountContext, enums: EnumRecord[] | undefined): EnumRecord[] | undefined {
  return enums?.map((e) => (e.id === 0 ? { ...e, id: ctx.store.nextId('enum') } : e));
}

export function createFields(
  ctx: AccountContext,
  owner: FieldOwner,
  catalogId: number | null,
  items: unknown[],
): WithRequestId<FieldRecord>[] {
  const v = new Validation();
  const drafts = items.map((raw, i) => {
    const requestId = requestIdOf(raw, i);
    const errors = v.item(requestId);
    if (!isObject(raw)) return void errors.invalidType('', 'object');
    const f = readField(owner, raw, undefined, errors);
    return errors.ok ? { f, requestId } : undefined;
  });
  v.throwIfAny();
  return drafts.flatMap((d) => {
    if (!d) return [];
    const { f } = d;
    const type = f.type ?? 'text';
    const record: FieldRecord = {
      id: ctx.store.nextId('field'),
      owner,
      catalog_id: catalogId,
      name: f.name ?? '',
      code: f.code ?? null,
      sort: f.sort ?? 500,
      type,
      is_predefined: false,
      is_deletable: true,
      is_api_only: f.isApiOnly ?? false,
      is_visible: f.isVisible ?? true,
      is_required: f.isRequired ?? false,
      remind: type === 'birthday' ? (f.remind ?? 'never') : null,
      enums: ENUM_TYPES.has(type) ? (withEnumIds(ctx, f.enums) ?? []) : null,
    };
    ctx.store.fields.push(record);
    return [{ record, requestId: d.requestId }];
  });
}

export function requireField(
  ctx: AccountContext,
  owner: FieldOwner,
  catalogId: number | null,
  id: number,
): FieldRecord {
  const f = ctx.store.fields.find((x) => x.id === id && x.owner === owner && x.catalog_id === catalogId);
  if (!f) throw notFound('Custom field not found');
  return f;
}

export function updateFields(
  ctx: AccountContext,
  owner: FieldOwner,
  catalogId: number | null,
  items: unknown[],
  pathId?: number,
): WithRequestId<FieldRecord>[] {
  const v = new Validation();
  const drafts = items.map((raw, i) => {
    const requestId = requestIdOf(raw, i);
    const errors = v.item(requestId);
    if (!isObject(raw)) return void errors.invalidType('', 'object');
    const id = pathId ?? requireId(raw, errors);
    const prev =
      id === undefined
        ? undefined
        : ctx.store.fields.find((x) => x.id === id && x.owner === owner && x.catalog_id === catalogId);
    if (id !== undefined && !prev) {
      if (pathId !== undefined) throw notFound('Custom field not found');
      errors.notSupportedChoice('id');
    }
    if (!prev) return undefined;
    const f = readField(owner, raw, prev, errors);
    return errors.ok ? { prev, f, requestId } : undefined;
  });
  v.throwIfAny();
  return drafts.flatMap((d) => {
    if (!d) return [];
    const { prev, f } = d;
    if (f.name !== undefined) prev.name = f.name;
    if (f.sort !== undefined) prev.sort = f.sort;
    if (f.code !== undefined && !prev.is_predefined) prev.code = f.code;
    if (f.isApiOnly !== undefined) prev.is_api_only = f.isApiOnly;
    if (f.isVisible !== undefined) prev.is_visible = f.isVisible;
    if (f.isRequired !== undefined) prev.is_required = f.isRequired;
    if (f.remind !== undefined && prev.type === 'birthday') prev.remind = f.remind;
    if (f.enums && prev.enums) prev.enums = withEnumIds(ctx, f.enums) ?? prev.enums;
    return [{ record: prev, requestId: d.requestId }];
  });
}

export function deleteField(
  ctx: AccountContext,
  owner: FieldOwner,
  catalogId: number | null,
  id: number,
): void {
  const f = requireField(ctx, owner, catalogId, id);
  if (!f.is_deletable) throw problem(400, 'Field can not be deleted');
  const { store } = ctx;
  store.fields = store.fields.filter((x) => x !== f);
  const strip = (e: { custom_fields_values: { field_id: number }[] }) => {
    e.custom_fields_values = e.custom_fields_values.filter((v) => v.field_id !== id);
  };
  if (owner === 'contacts') store.contacts.forEach(strip);
  if (owner === 'leads') store.leads.forEach(strip);
  if (owner === 'catalogs') store.elements.forEach(strip);
}
