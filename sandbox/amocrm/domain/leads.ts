import { applyCustomFields, type CfWrite } from '../fields/values.ts';
import { type ItemErrors, notFound, Validation } from '../http/problem.ts';
import type { LeadRecord, PipelineRecord } from '../state/types.ts';
import { leadItem } from '../webhooks/items.ts';
import { emitEditEvents } from './changes.ts';
import { auditFields, optUser, requireId } from './common.ts';
import type { Written } from './contacts.ts';
import type { AccountContext, Actor } from './context.ts';
import { checkKeys, isInt, isObject, type Json, optInt, optString, requestIdOf } from './input.ts';
import { applyLink, type LinkRequest } from './links.ts';
import { applyTags } from './tags.ts';

// Leads (amocrm-api.md §6): int-only price, stage moves inside and across pipelines, 142/143,
// contacts linked on create through `_embedded.contacts`.

export const WON = 142;
export const LOST = 143;

const CREATE_KEYS = [
  'name',
  'price',
  'status_id',
  'pipeline_id',
  'created_by',
  'updated_by',
  'created_at',
  'updated_at',
  'closed_at',
  'loss_reason_id',
  'responsible_user_id',
  'custom_fields_values',
  'tags_to_add',
  '_embedded',
  'visitor_uid',
  'request_id',
];
const UPDATE_KEYS = [...CREATE_KEYS, 'id', 'tags_to_delete'];
// `_embedded.catalog_elements` is accepted and ignored: products are attached only by /link (issue #487)
const EMBEDDED_KEYS = ['tags', 'contacts', 'companies', 'source', 'catalog_elements'];

interface Draft {
  next: LeadRecord;
  prev: LeadRecord | undefined;
  cf: CfWrite;
  contacts: LinkRequest[];
  requestId: string;
}

export const isClosed = (statusId: number) => statusId === WON || statusId === LOST;

/** The first working stage: not "unsorted", not 142/143. */
export function firstStage(p: PipelineRecord): number {
  const working = p.statuses.filter((s) => s.type === 0 && !isClosed(s.id)).sort((a, b) => a.sort - b.sort);
  return working[0]?.id ?? WON;
}

export function createLeads(ctx: AccountContext, items: unknown[], actor: Actor): Written<LeadRecord>[] {
  const v = new Validation();
  const drafts = items.map((raw, i) => {
    const requestId = requestIdOf(raw, i);
    return draftLead(ctx, raw, undefined, v.item(requestId), requestId, actor);
  });
  v.throwIfAny();
  return drafts.flatMap((d) => (d ? [commitLead(ctx, d, actor)] : []));
}

export function updateLeads(
  ctx: AccountContext,
  items: unknown[],
  actor: Actor,
  pathId?: number,
): Written<LeadRecord>[] {
  const v = new Validation();
  const drafts = items.map((raw, i) => {
    const requestId = requestIdOf(raw, i);
    const errors = v.item(requestId);
    const id = pathId ?? (isObject(raw) ? requireId(raw, errors) : undefined);
    if (id === undefined) return undefined;
    const prev = ctx.store.leads.get(id);
    if (!prev || prev.is_deleted) {
      if (pathId !== undefined) throw notFound('Lead not found');
      errors.notSupportedChoice('id');
      return undefined;
    }
    return draftLead(ctx, raw, prev, errors, requestId, actor);
  });
  v.throwIfAny();
  return drafts.flatMap((d) => (d ? [commitLead(ctx, d, actor)] : []));
}

function resolveStage(
  ctx: AccountContext,
  item: Json,
  prev: LeadRecord | undefined,
  errors: ItemErrors,
): { pipelineId: number; statusId: number } | undefined {
  const { store } = ctx;
  const pipelineId = optInt(item, 'pipeline_id', errors);
  const statusId = optInt(item, 'status_id', errors);
  let pipeline: PipelineRecord | undefined;
  if (pipelineId !== undefined) {
    pipeline = store.pipeline(pipelineId);
    if (!pipeline) return void errors.notSupportedChoice('pipeline_id');
  } else if (prev) {
    pipeline = store.pipeline(prev.pipeline_id);
  } else if (statusId !== undefined && !isClosed(statusId)) {
    pipeline = store.pipelines.find((p) => p.statuses.some((s) => s.id === statusId));
  }
  pipeline ??= store.mainPipeline();
  if (statusId === undefined) {
    const keep = prev && prev.pipeline_id === pipeline.id;
    return { pipelineId: pipeline.id, statusId: keep ? prev.status_id : firstStage(pipeline) };
  }
  const status = pipeline.statuses.find((s) => s.id === statusId);
  if (!status || status.type === 1) return void errors.notSupportedChoice('status_id');
  return { pipelineId: pipeline.id, statusId };
}

function readContacts(ctx: AccountContext, item: Json, errors: ItemErrors): LinkRequest[] {
  const embedded = isObject(item._embedded) ? item._embedded : {};
  if (embedded.contacts === undefined || embedded.contacts === null) return [];
  if (!Array.isArray(embedded.contacts)) {
    errors.invalidType('_embedded.contacts', 'array');
    return [];
  }
  return embedded.contacts.flatMap((c, i): LinkRequest[] => {
    const path = `_embedded.contacts.${i}`;
    if (!isObject(c) || !isInt(c.id)) {
      errors.invalidType(`${path}.id`, 'int');
      return [];
    }
    const contact = ctx.store.contacts.get(c.id);
    if (!contact || contact.is_deleted) {
      errors.notSupportedChoice(`${path}.id`);
      return [];
    }
    const main = c.is_main === true;
    return [
      { entityType: 'leads', entityId: 0, toType: 'contacts', toId: c.id, metadata: { main_contact: main } },
    ];
  });
}

function draftLead(
  ctx: AccountContext,
  raw: unknown,
  prev: LeadRecord | undefined,
  errors: ItemErrors,
  requestId: string,
  actor: Actor,
): Draft | undefined {
  if (!isObject(raw)) return void errors.invalidType('', 'object');
  const item: Json = raw;
  const { store } = ctx;
  checkKeys(item, prev ? UPDATE_KEYS : CREATE_KEYS, errors);
  if (isObject(item._embedded)) checkKeys(item._embedded, EMBEDDED_KEYS, errors, '_embedded.');
  if (
    isObject(item._embedded) &&
    Array.isArray(item._embedded.companies) &&
    item._embedded.companies.length > 0
  ) {
    errors.notSupportedChoice('_embedded.companies.0.id');
  }
  const name = optString(item, 'name', errors);
  const price = optInt(item, 'price', errors);
  const stage = resolveStage(ctx, item, prev, errors);
  const responsible = optUser(store, item, 'responsible_user_id', errors);
  const audit = auditFields(store, item, errors);
  const closedAt = optInt(item, 'closed_at', errors);
  const lossReason = optInt(item, 'loss_reason_id', errors);
  const cf = applyCustomFields(
    ctx.cfScope('leads'),
    prev?.custom_fields_values ?? [],
    item.custom_fields_values,
    errors,
  );
  const tags = applyTags(store, 'leads', prev?.tags ?? [], item, errors);
  const contacts = readContacts(ctx, item, errors);
  if (!errors.ok || !stage) return undefined;

  const now = ctx.now();
  const statusChanged = !prev || prev.status_id !== stage.statusId || prev.pipeline_id !== stage.pipelineId;
  let closed = prev?.closed_at ?? null;
  if (closedAt !== undefined) closed = closedAt;
  else if (statusChanged) closed = isClosed(stage.statusId) ? now : null;
  const next: LeadRecord = {
    id: prev?.id ?? 0,
    name: name ?? prev?.name ?? '',
    price: price ?? prev?.price ?? 0,
    responsible_user_id: responsible ?? prev?.responsible_user_id ?? actor.userId,
    status_id: stage.statusId,
    pipeline_id: stage.pipelineId,
    loss_reason_id: 'loss_reason_id' in item ? (lossReason ?? null) : (prev?.loss_reason_id ?? null),
    created_by: prev?.created_by ?? audit.createdBy ?? actor.userId,
    updated_by: audit.updatedBy ?? actor.userId,
    created_at: prev?.created_at ?? audit.createdAt ?? now,
    updated_at: audit.updatedAt ?? now,
    closed_at: closed,
    is_deleted: false,
    custom_fields_values: cf.entries,
    tags: tags ?? prev?.tags ?? [],
  };
  return { next, prev, cf, contacts, requestId };
}

function commitLead(ctx: AccountContext, d: Draft, actor: Actor): Written<LeadRecord> {
  const { store } = ctx;
  const { next, prev } = d;
  if (!prev) {
    next.id = store.nextId('lead');
    if (next.name === '') next.name = `Сделка #${next.id}`;
  }
  store.leads.set(next.id, next);
  for (const c of d.contacts) applyLink(ctx, { ...c, entityId: next.id }, actor);
  const base = { entity_id: next.id, entity_type: 'lead', created_by: next.updated_by };
  if (!prev) {
    ctx.event({
      ...base,
      type: 'lead_added',
      value_after: [{ note: { id: store.nextId('note') } }],
      value_before: [],
    });
    ctx.webhook('leads', 'add', leadItem(ctx.itemScope(), next));
    return { record: next, requestId: d.requestId };
  }
  emitEditEvents(ctx, base, prev, next, d.cf);
  if (prev.price !== next.price) {
    ctx.event({
      ...base,
      type: 'sale_field_changed',
      value_before: [{ sale_field_value: { sale: prev.price } }],
      value_after: [{ sale_field_value: { sale: next.price } }],
    });
  }
  const moved = prev.status_id !== next.status_id || prev.pipeline_id !== next.pipeline_id;
  if (moved) {
    ctx.event({
      ...base,
      type: 'lead_status_changed',
      value_before: [{ lead_status: { id: prev.status_id, pipeline_id: prev.pipeline_id } }],
      value_after: [{ lead_status: { id: next.status_id, pipeline_id: next.pipeline_id } }],
    });
  }
  const responsibleChanged = prev.responsible_user_id !== next.responsible_user_id;
  const extra = responsibleChanged ? { oldResponsibleUserId: prev.responsible_user_id } : {};
  ctx.webhook('leads', 'update', leadItem(ctx.itemScope(), next, extra));
  if (moved) {
    const status = { oldStatusId: prev.status_id, oldPipelineId: prev.pipeline_id };
    ctx.webhook('leads', 'status', leadItem(ctx.itemScope(), next, status));
  }
  if (responsibleChanged) ctx.webhook('leads', 'responsible', leadItem(ctx.itemScope(), next, extra));
  return { record: next, requestId: d.requestId };
}
