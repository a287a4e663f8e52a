// Read-only views of the portal for assertions (sandbox.state) and the GET /_sandbox/* dumps.
// Records are shaped like the legacy get methods return them (strings, multi-fields with ID).

import { renderContact } from './contacts.ts';
import { dealRows } from './deals.ts';
import { renderLegacy } from './entity-io.ts';
import { entitySpecs } from './field-specs.ts';
import type { Portal } from './portal.ts';
import { renderProduct } from './products.ts';
import { legacyRow } from './row-math.ts';
import type { PortalState } from './state.ts';

export interface BitrixStateView {
  contacts(): Array<Record<string, unknown>>;
  contact(id: number): Record<string, unknown> | undefined;
  /** Legacy deal shape plus CONTACT_IDS (the bound contacts, primary first). */
  deals(): Array<Record<string, unknown>>;
  deal(id: number): Record<string, unknown> | undefined;
  products(): Array<Record<string, unknown>>;
  productRows(dealId?: number): Array<Record<string, unknown>>;
  timeline(): { comments: Array<Record<string, unknown>>; logMessages: Array<Record<string, unknown>> };
  userFields(): Array<Record<string, unknown>>;
  categories(): Array<Record<string, unknown>>;
  statuses(entityId?: string): Array<Record<string, unknown>>;
  bindings(): { bindings: Array<Record<string, unknown>>; outgoingWebhooks: Array<Record<string, unknown>> };
  /** A deep copy of the whole stored state. */
  raw(): PortalState;
}

export function createStateView(portal: () => Portal): BitrixStateView {
  const dealView = (p: Portal, id: number) => {
    const deal = p.state.deals[String(id)];
    if (!deal) return undefined;
    const view = renderLegacy(deal, entitySpecs(p.state, 'deal'), p.codec, 'get');
    const primaryFirst = [...deal.contacts].sort((a, b) =>
      a.IS_PRIMARY === 'Y' ? -1 : b.IS_PRIMARY === 'Y' ? 1 : a.SORT - b.SORT,
    );
    return { ...view, CONTACT_IDS: primaryFirst.map((binding) => String(binding.CONTACT_ID)) };
  };
  return {
    contacts: () => {
      const p = portal();
      return Object.values(p.state.contacts).map((record) => renderContact(p, record));
    },
    contact: (id) => {
      const p = portal();
      const record = p.state.contacts[String(id)];
      return record ? renderContact(p, record) : undefined;
    },
    deals: () => {
      const p = portal();
      return Object.values(p.state.deals).flatMap((deal) => dealView(p, deal.ID) ?? []);
    },
    deal: (id) => dealView(portal(), id),
    products: () => {
      const p = portal();
      return Object.values(p.state.products).map((product) => renderProduct(p, product));
    },
    productRows: (dealId) => {
      const p = portal();
      const rows = dealId === undefined ? Object.values(p.state.productRows) : dealRows(p.state, dealId);
      return rows.map(legacyRow);
    },
    timeline: () => {
      const p = portal();
      const format = (ms: number) => p.codec.dates.formatDateTime(ms);
      return {
        comments: Object.values(p.state.comments).map((comment) => ({
          ...comment,
          CREATED: format(comment.CREATED),
        })),
        logMessages: Object.values(p.state.logMessages).map((entry) => ({
          ...entry,
          created: format(entry.created),
        })),
      };
    },
    userFields: () => Object.values(portal().state.userFields).map((uf) => ({ ...uf })),
    categories: () => Object.values(portal().state.categories).map((category) => ({ ...category })),
    statuses: (entityId) =>
      Object.values(portal().state.statuses)
        .filter((status) => entityId === undefined || status.ENTITY_ID === entityId)
        .map((status) => ({ ...status })),
    bindings: () => ({
      bindings: Object.values(portal().state.bindings).map((binding) => ({ ...binding })),
      outgoingWebhooks: Object.values(portal().state.outgoingWebhooks).map((hook) => ({ ...hook })),
    }),
    raw: () => structuredClone(portal().state),
  };
}
