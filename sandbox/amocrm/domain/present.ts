import { toApiCfValues } from '../fields/present.ts';
import type {
  CatalogRecord,
  ContactRecord,
  ElementRecord,
  LeadRecord,
  NoteRecord,
  PipelineRecord,
  StatusRecord,
} from '../state/types.ts';
import type { AccountContext } from './context.ts';
import { linksOf } from './links.ts';
import { toApiTags } from './tags.ts';

// REST v4 read shapes (amocrm-api.md §4.1, §6.1, §6.5, §7, §8).

const self = (ctx: AccountContext, path: string) => ({ self: { href: ctx.link(path) } });

function catalogElementsOf(ctx: AccountContext, type: 'leads' | 'contacts', id: number): unknown[] {
  return ctx.store
    .linksFromEntity(type, id)
    .filter((l) => l.to_entity_type === 'catalog_elements')
    .map((l) => ({
      id: l.to_entity_id,
      metadata: {
        quantity: l.metadata.quantity ?? 1,
        catalog_id: l.metadata.catalog_id,
        ...(l.metadata.price_id !== undefined ? { price_id: l.metadata.price_id } : {}),
      },
    }));
}

export function toApiContact(
  ctx: AccountContext,
  c: ContactRecord,
  withs: Set<string>,
): Record<string, unknown> {
  const embedded: Record<string, unknown> = { tags: toApiTags(ctx.store, c.tags), companies: [] };
  if (withs.has('leads')) {
    embedded.leads = linksOf(ctx, 'contacts', c.id)
      .filter((l) => l.to_entity_type === 'contacts')
      .map((l) => ({ id: l.entity_id, _links: self(ctx, `/api/v4/leads/${l.entity_id}`) }));
  }
  if (withs.has('catalog_elements')) embedded.catalog_elements = catalogElementsOf(ctx, 'contacts', c.id);
  return {
    id: c.id,
    name: c.name,
    first_name: c.first_name,
    last_name: c.last_name,
    responsible_user_id: c.responsible_user_id,
    group_id: 0,
    created_by: c.created_by,
    updated_by: c.updated_by,
    created_at: c.created_at,
    updated_at: c.updated_at,
    closest_task_at: null,
    is_deleted: c.is_deleted,
    is_unsorted: false,
    custom_fields_values: toApiCfValues(ctx.store, c.custom_fields_values),
    account_id: ctx.store.account.id,
    _links: self(ctx, `/api/v4/contacts/${c.id}`),
    _embedded: embedded,
  };
}

export function toApiLead(ctx: AccountContext, l: LeadRecord, withs: Set<string>): Record<string, unknown> {
  const embedded: Record<string, unknown> = { tags: toApiTags(ctx.store, l.tags), companies: [] };
  if (withs.has('contacts')) {
    embedded.contacts = ctx.store
      .linksFromEntity('leads', l.id)
      .filter(
        (x) =>
          x.to_entity_type === 'contacts' && ctx.store.contacts.get(x.to_entity_id)?.is_deleted === false,
      )
      .map((x) => ({
        id: x.to_entity_id,
        is_main: x.metadata.main_contact === true,
        _links: self(ctx, `/api/v4/contacts/${x.to_entity_id}`),
      }));
  }
  if (withs.has('catalog_elements')) embedded.catalog_elements = catalogElementsOf(ctx, 'leads', l.id);
  return {
    id: l.id,
    name: l.name,
    price: l.price,
    responsible_user_id: l.responsible_user_id,
    group_id: 0,
    status_id: l.status_id,
    pipeline_id: l.pipeline_id,
    loss_reason_id: l.loss_reason_id,
    created_by: l.created_by,
    updated_by: l.updated_by,
    created_at: l.created_at,
    updated_at: l.updated_at,
    closed_at: l.closed_at,
    closest_task_at: null,
    is_deleted: l.is_deleted,
    custom_fields_values: toApiCfValues(ctx.store, l.custom_fields_values),
    score: null,
    account_id: ctx.store.account.id,
    labor_cost: null,
    _links: self(ctx, `/api/v4/leads/${l.id}`),
    _embedded: embedded,
  };
}

export function toApiElement(ctx: AccountContext, e: ElementRecord): Record<string, unknown> {
  return {
    id: e.id,
    catalog_id: e.catalog_id,
    name: e.name,
    created_by: e.created_by,
    updated_by: e.updated_by,
    created_at: e.created_at,
    updated_at: e.updated_at,
    is_deleted: e.is_deleted,
    custom_fields_values: toApiCfValues(ctx.store, e.custom_fields_values),
    account_id: ctx.store.account.id,
    _links: self(ctx, `/api/v4/catalogs/${e.catalog_id}/elements/${e.id}`),
  };
}

export function toApiCatalog(ctx: AccountContext, c: CatalogRecord): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    created_by: c.created_by,
    updated_by: c.updated_by,
    created_at: c.created_at,
    updated_at: c.updated_at,
    sort: c.sort,
    type: c.type,
    can_add_elements: c.can_add_elements,
    can_show_in_cards: c.can_show_in_cards,
    can_link_multiple: c.can_link_multiple,
    can_be_deleted: c.can_be_deleted,
    sdk_widget_code: null,
    account_id: ctx.store.account.id,
    _links: self(ctx, `/api/v4/catalogs/${c.id}`),
  };
}

export function toApiNote(ctx: AccountContext, n: NoteRecord): Record<string, unknown> {
  return {
    id: n.id,
    entity_id: n.entity_id,
    created_by: n.created_by,
    updated_by: n.updated_by,
    created_at: n.created_at,
    updated_at: n.updated_at,
    responsible_user_id: n.responsible_user_id,
    group_id: 0,
    note_type: n.note_type,
    params: n.params,
    account_id: ctx.store.account.id,
    is_pinned: n.is_pinned,
    _links: self(ctx, `/api/v4/${n.entity_type}/${n.entity_id}/notes/${n.id}`),
  };
}

export function toApiStatus(
  ctx: AccountContext,
  p: PipelineRecord,
  s: StatusRecord,
): Record<string, unknown> {
  return {
    id: s.id,
    name: s.name,
    sort: s.sort,
    is_editable: s.is_editable,
    pipeline_id: p.id,
    color: s.color,
    type: s.type,
    account_id: ctx.store.account.id,
    _links: self(ctx, `/api/v4/leads/pipelines/${p.id}/statuses/${s.id}`),
  };
}

export function toApiPipeline(ctx: AccountContext, p: PipelineRecord): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    sort: p.sort,
    is_main: p.is_main,
    is_unsorted_on: p.is_unsorted_on,
    is_archive: p.is_archive,
    account_id: ctx.store.account.id,
    _links: self(ctx, `/api/v4/leads/pipelines/${p.id}`),
    _embedded: {
      statuses: [...p.statuses].sort((a, b) => a.sort - b.sort).map((s) => toApiStatus(ctx, p, s)),
    },
  };
}
