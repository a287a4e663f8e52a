import type { ItemErrors } from '../http/problem.ts';
import type { EntityKind, LinkMetadata, LinkRecord } from '../state/types.ts';
import { leadItem } from '../webhooks/items.ts';
import type { AccountContext, Actor } from './context.ts';
import { checkKeys, isInt, isObject, type Json } from './input.ts';

// Entity links (amocrm-api.md §6.7, §7.4): lead ↔ contacts (with one main contact) and lead or
// contact → catalog elements (order lines with quantity and price field).

const SINGULAR: Record<string, string> = {
  leads: 'lead',
  contacts: 'contact',
  catalog_elements: 'catalog_element',
};

const ALLOWED_TARGETS: Record<EntityKind, readonly string[]> = {
  leads: ['contacts', 'companies', 'catalog_elements'],
  contacts: ['leads', 'companies', 'customers', 'catalog_elements'],
};

export interface LinkRequest {
  entityType: EntityKind;
  entityId: number;
  toType: 'contacts' | 'leads' | 'catalog_elements';
  toId: number;
  metadata: LinkMetadata;
}

/** Validates one link/unlink item; the entity comes from the path or (mass routes) from `entity_id`. */
export function readLinkItem(
  ctx: AccountContext,
  entityType: EntityKind,
  pathEntityId: number | undefined,
  raw: unknown,
  errors: ItemErrors,
): LinkRequest | undefined {
  if (!isObject(raw)) {
    errors.invalidType('', 'object');
    return undefined;
  }
  checkKeys(
    raw,
    ['entity_id', 'entity_type', 'to_entity_id', 'to_entity_type', 'metadata', 'request_id'],
    errors,
  );
  const entityId = pathEntityId ?? (isInt(raw.entity_id) ? raw.entity_id : undefined);
  if (entityId === undefined) errors.missing('entity_id');
  else if (!entityExists(ctx, entityType, entityId)) errors.notSupportedChoice('entity_id');
  const toType = raw.to_entity_type;
  if (typeof toType !== 'string' || !ALLOWED_TARGETS[entityType].includes(toType)) {
    errors.notSupportedChoice('to_entity_type');
    return undefined;
  }
  if (toType !== 'contacts' && toType !== 'leads' && toType !== 'catalog_elements') {
    errors.notSupportedChoice('to_entity_id');
    return undefined;
  }
  if (!isInt(raw.to_entity_id)) {
    errors.invalidType('to_entity_id', 'int');
    return undefined;
  }
  const meta: Json = isObject(raw.metadata) ? raw.metadata : {};
  if (raw.metadata !== undefined && raw.metadata !== null && !isObject(raw.metadata)) {
    errors.invalidType('metadata', 'object');
  }
  if (meta.updated_by !== undefined && meta.updated_by !== null) {
    if (!isInt(meta.updated_by) || !ctx.store.user(meta.updated_by)?.is_active)
      errors.notSupportedChoice('metadata.updated_by');
  }
  const toId = raw.to_entity_id;
  let metadata: LinkMetadata = {};
  if (toType === 'catalog_elements') {
    metadata = readElementMeta(ctx, toId, meta, errors) ?? {};
  } else {
    checkKeys(meta, ['is_main', 'updated_by'], errors, 'metadata.');
    const target = toType === 'contacts' ? ctx.store.contacts.get(toId) : ctx.store.leads.get(toId);
    if (!target || target.is_deleted) errors.notSupportedChoice('to_entity_id');
    if (meta.is_main !== undefined && typeof meta.is_main !== 'boolean')
      errors.invalidType('metadata.is_main', 'bool');
    metadata = { main_contact: meta.is_main === true };
  }
  if (!errors.ok || entityId === undefined) return undefined;
  return { entityType, entityId, toType, toId, metadata };
}

function readElementMeta(
  ctx: AccountContext,
  toId: number,
  meta: Json,
  errors: ItemErrors,
): LinkMetadata | undefined {
  checkKeys(meta, ['catalog_id', 'quantity', 'price_id', 'updated_by'], errors, 'metadata.');
  if (meta.catalog_id === undefined || meta.catalog_id === null) {
    errors.missing('metadata.catalog_id');
    return undefined;
  }
  const catalog = isInt(meta.catalog_id) ? ctx.store.catalog(meta.catalog_id) : undefined;
  if (!catalog) {
    errors.notSupportedChoice('metadata.catalog_id');
    return undefined;
  }
  const element = ctx.store.elements.get(toId);
  if (!element || element.is_deleted || element.catalog_id !== catalog.id)
    errors.notSupportedChoice('to_entity_id');
  let quantity = 1;
  if (meta.quantity !== undefined && meta.quantity !== null) {
    if (typeof meta.quantity !== 'number' || !Number.isFinite(meta.quantity))
      errors.invalidType('metadata.quantity', 'numeric');
    else quantity = meta.quantity;
  }
  let priceId: number | null | undefined;
  if (meta.price_id !== undefined) {
    priceId = meta.price_id === null ? null : isInt(meta.price_id) ? meta.price_id : undefined;
    const field = priceId
      ? ctx.store.fields.find((f) => f.id === priceId && f.catalog_id === catalog.id)
      : undefined;
    if (priceId === undefined || (priceId !== null && field?.type !== 'price'))
      errors.notSupportedChoice('metadata.price_id');
  }
  return { catalog_id: catalog.id, quantity, ...(priceId !== undefined ? { price_id: priceId } : {}) };
}

function entityExists(ctx: AccountContext, type: EntityKind, id: number): boolean {
  const e = type === 'leads' ? ctx.store.leads.get(id) : ctx.store.contacts.get(id);
  return e !== undefined && !e.is_deleted;
}

/** The stored link for a request: lead→contact and x→element are stored from the owning side. */
function storedShape(r: LinkRequest): Omit<LinkRecord, 'metadata'> {
  if (r.entityType === 'contacts' && r.toType === 'leads') {
    return { entity_type: 'leads', entity_id: r.toId, to_entity_type: 'contacts', to_entity_id: r.entityId };
  }
  return {
    entity_type: r.entityType,
    entity_id: r.entityId,
    to_entity_type: r.toType === 'leads' ? 'contacts' : r.toType,
    to_entity_id: r.toId,
  };
}

export function applyLink(
  ctx: AccountContext,
  r: LinkRequest,
  actor: Actor,
): { record: LinkRecord; changed: boolean } {
  const { store } = ctx;
  const shape = storedShape(r);
  const existing = store.getLink(shape);
  let record: LinkRecord;
  if (shape.to_entity_type === 'contacts') {
    const siblings = store
      .linksFromEntity('leads', shape.entity_id)
      .filter((l) => l.to_entity_type === 'contacts');
    const hasMain = siblings.some((l) => l.metadata.main_contact && l.to_entity_id !== shape.to_entity_id);
    const main = r.metadata.main_contact === true || !hasMain;
    if (main) for (const l of siblings) l.metadata = { main_contact: false };
    record = { ...shape, metadata: { main_contact: main } };
  } else {
    record = { ...shape, metadata: r.metadata };
  }
  store.putLink(record);
  if (!existing) linkEvents(ctx, record, actor, 'link');
  return { record, changed: JSON.stringify(existing?.metadata) !== JSON.stringify(record.metadata) };
}

export function applyUnlink(ctx: AccountContext, r: LinkRequest, actor: Actor): boolean {
  const shape = storedShape(r);
  const existing = ctx.store.getLink(shape);
  if (!existing || !ctx.store.removeLink(shape)) return false;
  linkEvents(ctx, existing, actor, 'unlink');
  return true;
}

function linkEvents(ctx: AccountContext, l: LinkRecord, actor: Actor, kind: 'link' | 'unlink'): void {
  const suffix = kind === 'link' ? 'linked' : 'unlinked';
  const item = (type: string, id: number) => [{ [kind]: { entity: { type, id } } }];
  const from = SINGULAR[l.entity_type] ?? l.entity_type;
  const to = SINGULAR[l.to_entity_type] ?? l.to_entity_type;
  const base = { created_by: actor.userId, value_before: [] };
  if (l.to_entity_type === 'contacts') {
    ctx.event({
      ...base,
      type: `contact_${suffix}`,
      entity_type: from,
      entity_id: l.entity_id,
      value_after: item(to, l.to_entity_id),
    });
    ctx.event({
      ...base,
      type: `${from}_${suffix}`,
      entity_type: to,
      entity_id: l.to_entity_id,
      value_after: item(from, l.entity_id),
    });
    return;
  }
  ctx.event({
    ...base,
    type: `entity_${suffix}`,
    entity_type: from,
    entity_id: l.entity_id,
    value_after: item(to, l.to_entity_id),
  });
}

/**
 * Product lines changed on these leads. Whether amoCRM fires `update_lead` for that is not
 * documented; it does only when the `productLinksFireLeadUpdate` knob is on.
 */
export function productsChanged(ctx: AccountContext, leadIds: Iterable<number>, actor: Actor): void {
  if (!ctx.knobs.productLinksFireLeadUpdate) return;
  for (const id of new Set(leadIds)) {
    const lead = ctx.store.leads.get(id);
    if (!lead || lead.is_deleted) continue;
    lead.updated_at = ctx.now();
    lead.updated_by = actor.userId;
    ctx.webhook('leads', 'update', leadItem(ctx.itemScope(), lead));
  }
}

/** A link as `/links` and the link routes print it, seen from `perspective`. */
export function toApiLink(l: LinkRecord, perspective: EntityKind): Record<string, unknown> {
  if (l.to_entity_type === 'contacts' && perspective === 'contacts') {
    return {
      entity_id: l.to_entity_id,
      entity_type: 'contacts',
      to_entity_id: l.entity_id,
      to_entity_type: 'leads',
      metadata: { main_contact: l.metadata.main_contact === true },
    };
  }
  const metadata =
    l.to_entity_type === 'contacts'
      ? { main_contact: l.metadata.main_contact === true }
      : {
          quantity: l.metadata.quantity ?? 1,
          catalog_id: l.metadata.catalog_id,
          ...(l.metadata.price_id !== undefined ? { price_id: l.metadata.price_id } : {}),
        };
  return {
    entity_id: l.entity_id,
    entity_type: l.entity_type,
    to_entity_id: l.to_entity_id,
    to_entity_type: l.to_entity_type,
    metadata,
  };
}

/** All links of an entity from its own point of view (contacts also see the leads they belong to). */
export function linksOf(ctx: AccountContext, type: EntityKind, id: number): LinkRecord[] {
  const own = ctx.store.linksFromEntity(type, id);
  if (type === 'leads') return own;
  const leads = ctx.store
    .linksToEntity('contacts', id)
    .filter((l) => ctx.store.leads.get(l.entity_id)?.is_deleted === false);
  return [...leads, ...own];
}
