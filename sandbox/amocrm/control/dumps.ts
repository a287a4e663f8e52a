import type { AccountContext } from '../domain/context.ts';
import { toApiLink } from '../domain/links.ts';
import { toApiContact, toApiElement, toApiLead, toApiNote, toApiPipeline } from '../domain/present.ts';
import { toApiEvent } from '../events/feed.ts';
import { toApiField } from '../fields/registry.ts';

// Read-only views of the whole account for assertions (tests) and for the demo. Entities are
// API-shaped, with every `with` applied; deleted ones are included and say `is_deleted: true`.

export type Dumped = Record<string, unknown>;

export interface AmoSandboxState {
  contacts(): Dumped[];
  contact(id: number): Dumped | undefined;
  leads(): Dumped[];
  lead(id: number): Dumped | undefined;
  notes(): Dumped[];
  catalogElements(): Dumped[];
  webhooks(): Dumped[];
  events(): Dumped[];
  customFields(): Dumped[];
  links(): Dumped[];
  pipelines(): Dumped[];
}

const ALL_WITH = new Set(['leads', 'contacts', 'catalog_elements']);

export function createStateView(ctx: () => AccountContext): AmoSandboxState {
  const contact = (id: number) => {
    const c = ctx().store.contacts.get(id);
    return c ? toApiContact(ctx(), c, ALL_WITH) : undefined;
  };
  const lead = (id: number) => {
    const l = ctx().store.leads.get(id);
    return l ? toApiLead(ctx(), l, ALL_WITH) : undefined;
  };
  return {
    contacts: () => [...ctx().store.contacts.values()].map((c) => toApiContact(ctx(), c, ALL_WITH)),
    contact,
    leads: () => [...ctx().store.leads.values()].map((l) => toApiLead(ctx(), l, ALL_WITH)),
    lead,
    notes: () =>
      [...ctx().store.notes.values()].map((n) => ({ ...toApiNote(ctx(), n), entity_type: n.entity_type })),
    catalogElements: () => [...ctx().store.elements.values()].map((e) => toApiElement(ctx(), e)),
    webhooks: () => ctx().store.webhooks.map((w) => ({ ...w, account_id: ctx().store.account.id })),
    events: () =>
      [...ctx().store.events]
        .sort((a, b) => b.seq - a.seq)
        .map((e) => toApiEvent(e, ctx().baseUrl, ctx().store.account.id)),
    customFields: () => ctx().store.fields.map((f) => toApiField(f, ctx().baseUrl, ctx().store.account.id)),
    links: () =>
      ctx()
        .store.allLinks()
        .map((l) => toApiLink(l, l.entity_type)),
    pipelines: () => ctx().store.pipelines.map((p) => toApiPipeline(ctx(), p)),
  };
}
