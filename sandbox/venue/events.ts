/** Builds the `data` of each Lime event type from the db's records and stamps the envelope. */
import { formatTimestamp } from './clock.ts';
import type { Client, FamilyLink, LimeEvent, Preorder, PreorderLine, Product, Transaction } from './model.ts';
import { formatMoney } from './money.ts';
import { nextEventId, type VenueDb } from './state-store.ts';

/** An event before it gets its id and `occurredAt`. */
export interface EventDraft {
  type: string;
  data: Record<string, unknown>;
  at: number;
  /** State events of one entity get strictly increasing seconds. */
  entity?: string;
}

export function stampEvent(db: VenueDb, draft: EventDraft): LimeEvent {
  let at = draft.at;
  if (draft.entity) {
    const last = db.lastStamp.get(draft.entity);
    if (last !== undefined && at < last + 1000) at = last + 1000;
    db.lastStamp.set(draft.entity, at);
  }
  return {
    id: nextEventId(db),
    type: draft.type,
    occurredAt: formatTimestamp(at, db.venue.offsetMinutes),
    data: draft.data,
  };
}

/** Adds the optional fields that have a value (absent fields stay absent on the wire). */
function withOptional(
  data: Record<string, unknown>,
  optional: Record<string, unknown>,
): Record<string, unknown> {
  for (const key in optional) if (optional[key] !== undefined) data[key] = optional[key];
  return data;
}

export function productUpserted(product: Product, at: number): EventDraft {
  return {
    type: 'product.upserted',
    entity: `product:${product.productId}`,
    at,
    data: {
      productId: product.productId,
      name: product.name,
      price: formatMoney(product.price),
      currency: 'RUB',
      sku: product.sku,
      group: product.group,
      kind: product.kind,
      active: product.active,
    },
  };
}

export function productDeleted(productId: string, at: number): EventDraft {
  return { type: 'product.deleted', entity: `product:${productId}`, at, data: { productId } };
}

export function clientUpserted(client: Client, at: number): EventDraft {
  return {
    type: 'client.upserted',
    entity: `client:${client.clientId}`,
    at,
    data: withOptional(
      {
        clientId: client.clientId,
        firstName: client.firstName,
        category: client.category,
        registrationChannel: client.registrationChannel,
        marketingConsent: client.marketingConsent,
      },
      {
        lastName: client.lastName,
        middleName: client.middleName,
        birthDate: client.birthDate,
        gender: client.gender,
        phone: client.phone,
        email: client.email,
        cards: client.cards.length > 0 ? client.cards.map((number) => ({ number })) : undefined,
      },
    ),
  };
}

export function clientDeleted(clientId: string, at: number): EventDraft {
  return { type: 'client.deleted', entity: `client:${clientId}`, at, data: { clientId } };
}

export function familyLinked(link: FamilyLink, at: number): EventDraft {
  return {
    type: 'family.linked',
    entity: `family:${link.parentId}|${link.childId}`,
    at,
    data: { parentId: link.parentId, childId: link.childId, relation: link.relation },
  };
}

export function familyUnlinked(parentId: string, childId: string, at: number): EventDraft {
  return {
    type: 'family.unlinked',
    entity: `family:${parentId}|${childId}`,
    at,
    data: { parentId, childId },
  };
}

export function transactionRecorded(tx: Transaction): EventDraft {
  return {
    type: 'transaction.recorded',
    at: tx.at,
    data: withOptional(
      {
        transactionId: tx.transactionId,
        clientId: tx.clientId,
        kind: tx.kind,
        amount: formatMoney(tx.amount),
        currency: 'RUB',
        servicePoint: tx.servicePoint,
      },
      {
        cardNumber: tx.cardNumber,
        items: tx.items?.map((item) => ({ ...item, price: formatMoney(item.price) })),
      },
    ),
  };
}

export function linesTotal(lines: readonly PreorderLine[]): number {
  return lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
}

export function wireLines(lines: readonly PreorderLine[]): Record<string, unknown>[] {
  return lines.map((line) => ({
    productId: line.productId,
    name: line.name,
    quantity: line.quantity,
    price: formatMoney(line.price),
    amount: formatMoney(line.price * line.quantity),
  }));
}

export interface StatusExtras {
  reason?: string;
  prepaidAmount?: number;
  /** Present when Lime re-priced the order. */
  lines?: PreorderLine[];
}

export function preorderStatusChanged(preorder: Preorder, at: number, extras: StatusExtras = {}): EventDraft {
  return {
    type: 'preorder.status_changed',
    entity: `preorder:${preorder.preorderId}`,
    at,
    data: withOptional(
      { preorderId: preorder.preorderId, status: preorder.status },
      {
        limeOrderNumber: preorder.limeOrderNumber,
        reason: extras.reason,
        prepaidAmount: extras.prepaidAmount === undefined ? undefined : formatMoney(extras.prepaidAmount),
        lines: extras.lines ? wireLines(extras.lines) : undefined,
        total: extras.lines ? formatMoney(linesTotal(extras.lines)) : undefined,
      },
    ),
  };
}
