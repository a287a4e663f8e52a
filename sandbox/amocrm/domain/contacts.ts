import { applyCustomFields, type CfWrite } from '../fields/values.ts';
import { notFound, Validation } from '../http/problem.ts';
import type { ContactRecord } from '../state/types.ts';
import { contactDeleteItem, contactItem } from '../webhooks/items.ts';
import { emitEditEvents } from './changes.ts';
import { auditFields, optUser, requireId } from './common.ts';
import type { AccountContext, Actor } from './context.ts';
import { checkKeys, isObject, type Json, optString, requestIdOf } from './input.ts';
import { applyTags } from './tags.ts';

// Contacts (amocrm-api.md §4): batch create/update, whole-batch validation, partial updates,
// and deletion — which the v4 API does not offer (issue amocrm-api-php#174) but the UI does.

const CREATE_KEYS = [
  'name',
  'first_name',
  'last_name',
  'responsible_user_id',
  'created_by',
  'updated_by',
  'created_at',
  'updated_at',
  'custom_fields_values',
  'tags_to_add',
  '_embedded',
  'request_id',
];
const UPDATE_KEYS = [...CREATE_KEYS, 'id', 'tags_to_delete'];
const EMBEDDED_KEYS = ['tags', 'companies'];

export interface Written<T> {
  record: T;
  requestId: string;
}

interface Draft {
  next: ContactRecord;
  prev: ContactRecord | undefined;
  cf: CfWrite;
  requestId: string;
}

/** `name` composed the way the card shows it (display order 1: first name, then last name). */
export const composeName = (first: string, last: string) => [first, last].filter(Boolean).join(' ');

export function createContacts(
  ctx: AccountContext,
  items: unknown[],
  actor: Actor,
): Written<ContactRecord>[] {
  const v = new Validation();
  const drafts = items.map((raw, i) => {
    const requestId = requestIdOf(raw, i);
    return draftContact(ctx, raw, undefined, v.item(requestId), requestId, actor);
  });
  v.throwIfAny();
  return drafts.flatMap((d) => (d ? [commitContact(ctx, d)] : []));
}

export function updateContacts(
  ctx: AccountContext,
  items: unknown[],
  actor: Actor,
  pathId?: number,
): Written<ContactRecord>[] {
  const v = new Validation();
  const drafts = items.map((raw, i) => {
    const requestId = requestIdOf(raw, i);
    const errors = v.item(requestId);
    const id = pathId ?? (isObject(raw) ? requireId(raw, errors) : undefined);
    if (id === undefined) return undefined;
    const prev = ctx.store.contacts.get(id);
    if (!prev || prev.is_deleted) {
      if (pathId !== undefined) throw notFound('Contact not found');
      errors.notSupportedChoice('id');
      return undefined;
    }
    return draftContact(ctx, raw, prev, errors, requestId, actor);
  });
  v.throwIfAny();
  return drafts.flatMap((d) => (d ? [commitContact(ctx, d)] : []));
}

function draftContact(
  ctx: AccountContext,
  raw: unknown,
  prev: ContactRecord | undefined,
  errors: ReturnType<Validation['item']>,
  requestId: string,
  actor: Actor,
): Draft | undefined {
  if (!isObject(raw)) {
    errors.invalidType('', 'object');
    return undefined;
  }
  const item: Json = raw;
  const { store } = ctx;
  checkKeys(item, prev ? UPDATE_KEYS : CREATE_KEYS, errors);
  if (item._embedded !== undefined && item._embedded !== null) {
    if (isObject(item._embedded)) checkKeys(item._embedded, EMBEDDED_KEYS, errors, '_embedded.');
    else errors.invalidType('_embedded', 'object');
  }
  if (
    isObject(item._embedded) &&
    Array.isArray(item._embedded.companies) &&
    item._embedded.companies.length > 0
  ) {
    errors.notSupportedChoice('_embedded.companies.0.id');
  }
  const name = optString(item, 'name', errors);
  const first = optString(item, 'first_name', errors);
  const last = optString(item, 'last_name', errors);
  const responsible = optUser(store, item, 'responsible_user_id', errors);
  const audit = auditFields(store, item, errors);
  const cf = applyCustomFields(
    ctx.cfScope('contacts'),
    prev?.custom_fields_values ?? [],
    item.custom_fields_values,
    errors,
  );
  const tags = applyTags(store, 'contacts', prev?.tags ?? [], item, errors);
  if (!errors.ok) return undefined;

  const now = ctx.now();
  const firstName = first ?? prev?.first_name ?? '';
  const lastName = last ?? prev?.last_name ?? '';
  let fullName = prev?.name ?? '';
  if (name !== undefined) fullName = name;
  else if (first !== undefined || last !== undefined || !prev) fullName = composeName(firstName, lastName);
  const next: ContactRecord = {
    id: prev?.id ?? 0,
    name: fullName,
    first_name: firstName,
    last_name: lastName,
    responsible_user_id: responsible ?? prev?.responsible_user_id ?? actor.userId,
    created_by: prev?.created_by ?? audit.createdBy ?? actor.userId,
    updated_by: audit.updatedBy ?? actor.userId,
    created_at: prev?.created_at ?? audit.createdAt ?? now,
    updated_at: audit.updatedAt ?? now,
    is_deleted: false,
    custom_fields_values: cf.entries,
    tags: tags ?? prev?.tags ?? [],
  };
  return { next, prev, cf, requestId };
}

function commitContact(ctx: AccountContext, d: Draft): Written<ContactRecord> {
  const { store } = ctx;
  const { next, prev } = d;
  if (!prev) next.id = store.nextId('contact');
  store.contacts.set(next.id, next);
  const base = { entity_id: next.id, entity_type: 'contact', created_by: next.updated_by };
  if (!prev) {
    ctx.event({
      ...base,
      type: 'contact_added',
      value_after: [{ note: { id: store.nextId('note') } }],
      value_before: [],
    });
    ctx.webhook('contacts', 'add', contactItem(ctx.itemScope(), next));
    return { record: next, requestId: d.requestId };
  }
  emitEditEvents(ctx, base, prev, next, d.cf);
  const responsibleChanged = prev.responsible_user_id !== next.responsible_user_id;
  // the captured update item carries old_responsible_user_id even when it did not change
  const extra = { oldResponsibleUserId: prev.responsible_user_id };
  ctx.webhook('contacts', 'update', contactItem(ctx.itemScope(), next, extra));
  if (responsibleChanged) ctx.webhook('contacts', 'responsible', contactItem(ctx.itemScope(), next, extra));
  return { record: next, requestId: d.requestId };
}

/** The UI's "delete": the contact goes to the bin (reads give 204), links stay for a restore. */
export function deleteContact(ctx: AccountContext, id: number, actor: Actor): void {
  const c = ctx.store.contacts.get(id);
  if (!c || c.is_deleted) throw notFound('Contact not found');
  c.is_deleted = true;
  c.updated_at = ctx.now();
  c.updated_by = actor.userId;
  ctx.event({
    type: 'contact_deleted',
    entity_id: id,
    entity_type: 'contact',
    created_by: actor.userId,
    value_after: [],
    value_before: [],
  });
  ctx.webhook('contacts', 'delete', contactDeleteItem(c));
}
