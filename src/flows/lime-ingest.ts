/**
 * Lime → limebridge: one request of events is stored, applied and turned into owed work in ONE
 * transaction, and answered only after it commits (lime-protocol.md §2).
 */
import type { ConnectionOptions } from '../connectors/contract.ts';
import type { LimeEvent, LimeEventData } from '../connectors/lime/wire.ts';
import type { Client } from '../core/model/client.ts';
import type { FamilyLink } from '../core/model/family.ts';
import type { Product } from '../core/model/product.ts';
import type { Transaction } from '../core/model/transaction.ts';
import { newestPerKey } from '../core/sync/coalesce.ts';
import { planStatusWrite } from '../core/sync/preorder-rules.ts';
import { type AuditEntry, audit } from '../store/audit-repo.ts';
import type { Db, Tx } from '../store/db.ts';
import { type DirtyMark, type Flow, markDirty } from '../store/dirty-repo.ts';
import { erasePayloads, erasePayloadsOf, recordInbound } from '../store/events-repo.ts';
import * as lime from '../store/lime-repo.ts';
import { applyLimeStatuses, preorderById } from '../store/preorders-repo.ts';
import { transactionRunAgain } from '../store/retry-transaction.ts';
import { type Tenant, tenantConnectionIds } from '../store/tenants-repo.ts';
import { resolveOptions } from './connection-options.ts';
import type { Wake, WakeRequest } from './ports.ts';

export type IngestResult = { readonly accepted: number; readonly duplicates: number };

type Touched = { contacts: Set<string>; notes: Set<string>; products: Set<string>; erased: Set<string> };

export async function ingestEvents(
  db: Db,
  wake: Wake,
  tenant: Tenant,
  events: readonly LimeEvent[],
): Promise<IngestResult> {
  return transactionRunAgain(db, async (tx) => {
    const fresh = await recordInbound(tx, tenant.id, events.map(toRecord));
    const seen = new Set<string>();
    const newEvents = events.filter((e) => fresh.has(e.id) && !seen.has(e.id) && seen.add(e.id));
    const touched: Touched = {
      contacts: new Set(),
      notes: new Set(),
      products: new Set(),
      erased: new Set(),
    };
    const trail: AuditEntry[] = [];
    await applyProducts(tx, tenant, newEvents, touched);
    await applyClients(tx, tenant, newEvents, touched);
    const remembered = await withoutForgotten(tx, tenant, newEvents);
    await applyFamily(tx, tenant, remembered, touched);
    await applyTransactions(tx, tenant, remembered, touched);
    const preorderWork = await applyPreorderStatuses(tx, tenant, newEvents);
    await owe(tx, wake, tenant, touched, preorderWork);
    for (const event of events) {
      const duplicate = !newEvents.includes(event);
      trail.push({
        tenantId: tenant.id,
        source: 'lime',
        operation: event.type,
        entity: entityOf(event),
        entityId: subjectOf(event),
        outcome: duplicate ? 'duplicate' : 'ok',
        detail: { eventId: event.id },
      });
    }
    await audit(tx, trail);
    return { accepted: newEvents.length, duplicates: events.length - newEvents.length };
  });
}

async function applyProducts(tx: Tx, tenant: Tenant, events: readonly LimeEvent[], touched: Touched) {
  const states = newestPerKey(
    events.filter((e) => e.type === 'product.upserted' || e.type === 'product.deleted'),
    (e) => (e.data as { productId: string }).productId,
    (e) => e.occurredAt,
  );
  const upserts = states.flatMap((e) =>
    e.type === 'product.upserted' ? [toProduct(e.data, e.occurredAt)] : [],
  );
  const deletions = states.flatMap((e) =>
    e.type === 'product.deleted' ? [{ productId: e.data.productId, at: e.occurredAt }] : [],
  );
  for (const row of await lime.upsertProducts(tx, tenant.id, upserts)) touched.products.add(row.productId);
  for (const row of await lime.deleteProducts(tx, tenant.id, deletions)) touched.products.add(row.productId);
}

async function applyClients(tx: Tx, tenant: Tenant, events: readonly LimeEvent[], touched: Touched) {
  const states = newestPerKey(
    events.filter((e) => e.type === 'client.upserted' || e.type === 'client.deleted'),
    (e) => (e.data as { clientId: string }).clientId,
    (e) => e.occurredAt,
  );
  const upserts = states.flatMap((e) =>
    e.type === 'client.upserted' ? [toClient(e.data, e.occurredAt)] : [],
  );
  const erasures = states.flatMap((e) =>
    e.type === 'client.deleted' ? [{ clientId: e.data.clientId, at: e.occurredAt }] : [],
  );
  const changed = await lime.upsertClients(tx, tenant.id, upserts);
  const children: string[] = [];
  for (const row of changed) {
    if (row.category === 'child') children.push(row.clientId);
    else touched.contacts.add(row.clientId);
  }
  const erased = await lime.eraseClients(tx, tenant.id, erasures);
  if (erased.length > 0) {
    for (const id of erased) touched.erased.add(id);
    const unlinked = await lime.unlinkEveryoneOf(tx, tenant.id, erased);
    for (const link of unlinked) if (!touched.erased.has(link.parentId)) touched.contacts.add(link.parentId);
    await erasePayloads(tx, tenant.id, erased);
  }
  for (const row of await lime.parentsOf(tx, tenant.id, children)) touched.contacts.add(row.parentId);
}

/**
 * Links and transactions from before a person was forgotten may still arrive late: they are not
 * applied, and the payloads of such late events about that person are not kept.
 */
async function withoutForgotten(tx: Tx, tenant: Tenant, events: readonly LimeEvent[]) {
  const forgotten = await lime.erasedAt(tx, tenant.id, [...new Set(events.flatMap(peopleOf))]);
  if (forgotten.size === 0) return events;
  const before = (clientId: string, at: number) =>
    at <= (forgotten.get(clientId) ?? Number.NEGATIVE_INFINITY);
  const late = events.filter((e) => peopleOf(e).some((clientId) => before(clientId, e.occurredAt)));
  const aboutForgotten = late.filter((e) => before(subjectOf(e), e.occurredAt)).map((e) => e.id);
  await erasePayloadsOf(tx, tenant.id, aboutForgotten);
  return events.filter((e) => !late.includes(e));
}

function peopleOf(event: LimeEvent): string[] {
  switch (event.type) {
    case 'client.upserted':
    case 'client.deleted':
    case 'transaction.recorded':
      return [event.data.clientId];
    case 'family.linked':
    case 'family.unlinked':
      return [event.data.parentId, event.data.childId];
    default:
      return [];
  }
}

async function applyFamily(tx: Tx, tenant: Tenant, events: readonly LimeEvent[], touched: Touched) {
  const states = newestPerKey(
    events.filter((e) => e.type === 'family.linked' || e.type === 'family.unlinked'),
    (e) => {
      const data = e.data as { parentId: string; childId: string };
      return `${data.parentId}\u0000${data.childId}`;
    },
    (e) => e.occurredAt,
  );
  const links: FamilyLink[] = states.map((e) => {
    const data = e.data as { parentId: string; childId: string; relation?: string };
    return {
      parentId: data.parentId,
      childId: data.childId,
      relation: data.relation ?? 'child',
      linked: e.type === 'family.linked',
      stateAt: e.occurredAt,
    };
  });
  for (const row of await lime.upsertFamilyLinks(tx, tenant.id, links)) touched.contacts.add(row.parentId);
}

async function applyTransactions(tx: Tx, tenant: Tenant, events: readonly LimeEvent[], touched: Touched) {
  const facts = events.flatMap((e) =>
    e.type === 'transaction.recorded' ? [toTransaction(e.data, e.occurredAt)] : [],
  );
  const inserted = await lime.insertTransactions(tx, tenant.id, facts);
  const owners = new Set(inserted.map((row) => row.clientId));
  const categories = await lime.loadClients(tx, tenant.id, [...owners]);
  const childIds = categories.filter((c) => c.category === 'child').map((c) => c.clientId);
  for (const row of inserted) {
    touched.notes.add(row.transactionId);
    if (!childIds.includes(row.clientId)) touched.contacts.add(row.clientId);
  }
  for (const row of await lime.parentsOf(tx, tenant.id, childIds)) touched.contacts.add(row.parentId);
}

async function applyPreorderStatuses(tx: Tx, tenant: Tenant, events: readonly LimeEvent[]) {
  const changes = newestPerKey(
    events.flatMap((e) => (e.type === 'preorder.status_changed' ? [{ at: e.occurredAt, data: e.data }] : [])),
    (change) => change.data.preorderId,
    (change) => change.at,
  );
  const updates = [];
  for (const { at, data } of changes) {
    const row = await preorderById(tx, tenant.id, data.preorderId);
    if (!row) continue;
    const sent = row.composition as { total?: { minor: number; currency: string } } | null;
    const currency = sent?.total?.currency ?? 'RUB';
    const write = planStatusWrite(
      {
        status: data.status,
        reason: data.reason ?? null,
        limeOrderNumber: data.limeOrderNumber ?? null,
        repricedTotal: data.total != null ? { minor: data.total, currency } : null,
      },
      sent?.total ?? null,
    );
    updates.push({
      preorderId: data.preorderId,
      status: data.status,
      at,
      limeOrderNumber: data.limeOrderNumber ?? null,
      pending: {
        stage: write.stage,
        ...(write.amount ? { amountMinor: write.amount.minor, currency: write.amount.currency } : {}),
        notes: [...write.notes],
      },
    });
  }
  return applyLimeStatuses(tx, tenant.id, updates);
}

/** Every connection of the tenant owes the CRM what changed; the flushes are woken in this transaction. */
async function owe(
  tx: Tx,
  wake: Wake,
  tenant: Tenant,
  touched: Touched,
  preorders: readonly { id: string; connectionId: string }[],
) {
  const marks: DirtyMark[] = [];
  const wakes = new Map<string, WakeRequest>();
  const need = (connectionId: string, flow: Flow, ids: Iterable<string>, options: ConnectionOptions) => {
    for (const entityId of ids) marks.push({ connectionId, flow, entityId });
    if (marks.some((m) => m.connectionId === connectionId && m.flow === flow)) {
      wakes.set(`${connectionId}:${flow}`, {
        job: 'crm.flush',
        connectionId,
        flow,
        delayMs: options.flushDelayMs,
      });
    }
  };
  for (const connection of await tenantConnectionIds(tx, tenant.id)) {
    const options = resolveOptions(connection.kind, connection.options);
    if (options.flows.products) need(connection.id, 'product', touched.products, options);
    if (options.flows.contacts) need(connection.id, 'contact', touched.contacts, options);
    if (options.flows.contacts) need(connection.id, 'erase', touched.erased, options);
    if (options.flows.notes) need(connection.id, 'note', touched.notes, options);
    const own = preorders.filter((p) => p.connectionId === connection.id).map((p) => p.id);
    if (options.flows.preorders) need(connection.id, 'preorder', own, options);
  }
  await markDirty(tx, marks);
  await wake(tx, [...wakes.values()]);
}

function toRecord(event: LimeEvent) {
  return {
    eventId: event.id,
    type: event.type,
    subject: subjectOf(event),
    occurredAt: event.occurredAt,
    payload: event.data,
  };
}

/** The person, product or pre-order an event is about (what erasure and the trail look up). */
export function subjectOf(event: LimeEvent): string {
  switch (event.type) {
    case 'product.upserted':
    case 'product.deleted':
      return event.data.productId;
    case 'client.upserted':
    case 'client.deleted':
      return event.data.clientId;
    case 'family.linked':
    case 'family.unlinked':
      return event.data.childId;
    case 'transaction.recorded':
      return event.data.clientId;
    case 'preorder.status_changed':
      return event.data.preorderId;
  }
}

function entityOf(event: LimeEvent): string {
  if (event.type.startsWith('product.')) return 'product';
  if (event.type.startsWith('preorder.')) return 'preorder';
  return 'client';
}

function toClient(data: LimeEventData['client.upserted'], at: number): Client {
  return {
    clientId: data.clientId,
    category: data.category,
    firstName: data.firstName,
    lastName: data.lastName ?? null,
    middleName: data.middleName ?? null,
    birthDate: data.birthDate ?? null,
    gender: data.gender ?? null,
    phone: data.phone ?? null,
    email: data.email ?? null,
    registrationChannel: data.registrationChannel,
    cards: data.cards.map((card) => card.number),
    marketingConsent: data.marketingConsent ?? null,
    stateAt: at,
  };
}

function toProduct(data: LimeEventData['product.upserted'], at: number): Product {
  return {
    productId: data.productId,
    name: data.name,
    price: { minor: data.price, currency: data.currency },
    sku: data.sku ?? null,
    group: data.group ?? null,
    kind: data.kind ?? null,
    active: data.active,
    deleted: false,
    stateAt: at,
  };
}

function toTransaction(data: LimeEventData['transaction.recorded'], at: number): Transaction {
  return {
    transactionId: data.transactionId,
    clientId: data.clientId,
    kind: data.kind,
    amount: { minor: data.amount, currency: data.currency },
    servicePoint: data.servicePoint,
    cardNumber: data.cardNumber ?? null,
    items: data.items.map((item) => ({ ...item, price: { minor: item.price, currency: data.currency } })),
    occurredAt: at,
  };
}
