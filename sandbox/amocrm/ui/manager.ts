import { deleteElement } from '../domain/catalogs.ts';
import { createContacts, deleteContact, updateContacts } from '../domain/contacts.ts';
import type { AccountContext, Actor } from '../domain/context.ts';
import { isInt, isObject, type Json } from '../domain/input.ts';
import { createLeads, updateLeads } from '../domain/leads.ts';
import { applyLink, applyUnlink, productsChanged } from '../domain/links.ts';
import { createNotes } from '../domain/notes.ts';
import { notFound, Validation } from '../http/problem.ts';
import { SEED } from '../state/seed.ts';
import type { EntityKind } from '../state/types.ts';

// A human manager ("Мария Менеджер") working in the amoCRM interface. Edits go through the same
// operations as API writes, so they feed the events feed and fire webhooks the same way — they are
// just never rate limited and are made by another user.

export interface UiProductLine {
  elementId: number;
  quantity: number;
  priceId?: number | null;
}

export interface UiLeadInput {
  name?: string;
  price?: number;
  pipelineId?: number;
  statusId?: number;
  contactId?: number;
  products?: UiProductLine[];
}

export class ManagerUi {
  private readonly ctx: () => AccountContext;
  private readonly changed: () => void;
  readonly actor: Actor = { userId: SEED.managerUserId };

  constructor(ctx: () => AccountContext, changed: () => void) {
    this.ctx = ctx;
    this.changed = changed;
  }

  /** Creates a contact from an API-shaped object (`first_name`, `custom_fields_values`, …). */
  createContact(input: Json): { id: number } {
    const [w] = createContacts(this.ctx(), [input], this.actor);
    this.changed();
    return { id: w?.record.id ?? 0 };
  }

  /** Edits a contact with an API-shaped partial object. */
  updateContact(id: number, patch: Json): void {
    updateContacts(this.ctx(), [patch], this.actor, id);
    this.changed();
  }

  deleteContact(id: number): void {
    deleteContact(this.ctx(), id, this.actor);
    this.changed();
  }

  createLead(input: UiLeadInput): { id: number } {
    const item: Json = { name: input.name ?? '' };
    if (input.price !== undefined) item.price = input.price;
    if (input.pipelineId !== undefined) item.pipeline_id = input.pipelineId;
    if (input.statusId !== undefined) item.status_id = input.statusId;
    if (input.contactId !== undefined)
      item._embedded = { contacts: [{ id: input.contactId, is_main: true }] };
    const ctx = this.ctx();
    if (input.products) this.checkProducts(input.products);
    const [w] = createLeads(ctx, [item], this.actor);
    const id = w?.record.id ?? 0;
    if (input.products) this.writeProducts(id, input.products);
    this.changed();
    return { id };
  }

  moveLead(id: number, to: { statusId: number; pipelineId?: number }): void {
    const patch: Json = { status_id: to.statusId };
    if (to.pipelineId !== undefined) patch.pipeline_id = to.pipelineId;
    updateLeads(this.ctx(), [patch], this.actor, id);
    this.changed();
  }

  /** Replaces the lead's product lines ("Товары" tab). */
  setLeadProducts(id: number, products: UiProductLine[]): void {
    const lead = this.ctx().store.leads.get(id);
    if (!lead || lead.is_deleted) throw notFound('Lead not found');
    this.checkProducts(products);
    this.writeProducts(id, products);
    this.changed();
  }

  addNote(entity: EntityKind, entityId: number, text: string): { id: number } {
    const [w] = createNotes(
      this.ctx(),
      entity,
      [{ note_type: 'common', params: { text } }],
      this.actor,
      entityId,
    );
    this.changed();
    return { id: w?.record.id ?? 0 };
  }

  deleteCatalogElement(id: number): void {
    deleteElement(this.ctx(), id, this.actor);
    this.changed();
  }

  private checkProducts(products: unknown): asserts products is UiProductLine[] {
    const v = new Validation();
    const errors = v.item('0');
    if (!Array.isArray(products)) errors.invalidType('products', 'array');
    else {
      for (const [i, p] of (products as unknown[]).entries()) {
        if (!isObject(p) || !isInt(p.elementId)) {
          errors.invalidType(`products.${i}.elementId`, 'int');
          continue;
        }
        const el = this.ctx().store.elements.get(p.elementId);
        if (!el || el.is_deleted) errors.notSupportedChoice(`products.${i}.elementId`);
        if (typeof p.quantity !== 'number' || !(p.quantity > 0))
          errors.invalidType(`products.${i}.quantity`, 'numeric');
      }
    }
    v.throwIfAny();
  }

  private writeProducts(leadId: number, products: UiProductLine[]): void {
    const ctx = this.ctx();
    const wanted = new Map(products.map((p) => [p.elementId, p]));
    let changed = false;
    for (const l of ctx.store.linksFromEntity('leads', leadId)) {
      if (l.to_entity_type !== 'catalog_elements' || wanted.has(l.to_entity_id)) continue;
      const request = { entityType: 'leads' as const, entityId: leadId, toType: 'catalog_elements' as const };
      changed = applyUnlink(ctx, { ...request, toId: l.to_entity_id, metadata: {} }, this.actor) || changed;
    }
    for (const p of products) {
      const el = ctx.store.elements.get(p.elementId);
      if (!el) continue;
      const metadata = {
        catalog_id: el.catalog_id,
        quantity: p.quantity,
        ...(p.priceId !== undefined ? { price_id: p.priceId } : {}),
      };
      const res = applyLink(
        ctx,
        { entityType: 'leads', entityId: leadId, toType: 'catalog_elements', toId: el.id, metadata },
        this.actor,
      );
      changed = res.changed || changed;
    }
    if (changed) productsChanged(ctx, [leadId], this.actor);
  }
}
