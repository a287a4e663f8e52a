/**
 * What happens at a venue, one happening at a time: each action changes the Lime db and returns
 * the events a Lime installation would emit for it. Shared by the venue generator and the day player.
 */
import type { CatalogItem, VenueCatalog } from './catalog.ts';
import { localDate } from './clock.ts';
import {
  clientUpserted,
  type EventDraft,
  familyLinked,
  productUpserted,
  transactionRecorded,
} from './events.ts';
import type {
  Client,
  Product,
  ProductKind,
  RegistrationChannel,
  ServicePoint,
  ServicePointKind,
  Transaction,
  TransactionItem,
  TransactionKind,
} from './model.ts';
import { rub } from './money.ts';
import { makeAdult, makeChild } from './people.ts';
import type { Prng } from './prng.ts';
import {
  familyKey,
  type IdPool,
  indexClient,
  indexLink,
  nextProductId,
  nextTransactionId,
  recordTransaction,
  type VenueDb,
  type VenueIndex,
} from './state-store.ts';

export interface ActionContext {
  db: VenueDb;
  index: VenueIndex;
  prng: Prng;
  catalog: VenueCatalog;
}

const today = (ctx: ActionContext, at: number): string => localDate(at, ctx.db.venue.offsetMinutes);

function randomId(ctx: ActionContext, pool: IdPool): string | undefined {
  return pool.size === 0 ? undefined : pool.at(ctx.prng.int(0, pool.size - 1));
}

export function randomClient(ctx: ActionContext, childShare = 0): Client | undefined {
  const pool =
    ctx.index.children.size > 0 && ctx.prng.chance(childShare) ? ctx.index.children : ctx.index.adults;
  const id = randomId(ctx, pool);
  return id === undefined ? undefined : ctx.db.clients.get(id);
}

function addProduct(ctx: ActionContext, item: CatalogItem, at: number): EventDraft {
  const product: Product = {
    productId: nextProductId(ctx.db),
    name: item.name,
    price: rub(item.roubles),
    sku: item.sku,
    group: item.group,
    kind: item.kind,
    active: true,
  };
  ctx.db.products.set(product.productId, product);
  return productUpserted(product, at);
}

export function openCatalog(ctx: ActionContext, at: number): EventDraft[] {
  return ctx.catalog.products.map((item) => addProduct(ctx, item, at));
}

export function registerAdult(ctx: ActionContext, at: number, channel?: RegistrationChannel): EventDraft[] {
  const client = makeAdult(ctx.db, ctx.prng, today(ctx, at), channel);
  ctx.db.clients.set(client.clientId, client);
  indexClient(ctx.index, client);
  return [clientUpserted(client, at)];
}

export function registerChild(ctx: ActionContext, at: number, parent = randomClient(ctx)): EventDraft[] {
  if (!parent) return [];
  const { child, relation } = makeChild(ctx.db, ctx.prng, today(ctx, at), parent);
  const link = { parentId: parent.clientId, childId: child.clientId, relation };
  ctx.db.clients.set(child.clientId, child);
  ctx.db.families.set(familyKey(link.parentId, link.childId), link);
  indexClient(ctx.index, child);
  indexLink(ctx.index, link);
  return [clientUpserted(child, at), familyLinked(link, at)];
}

function products(ctx: ActionContext, ...kinds: ProductKind[]): Product[] {
  return [...ctx.db.products.values()].filter((p) => p.active && kinds.includes(p.kind));
}

function servicePoint(ctx: ActionContext, ...kinds: ServicePointKind[]): ServicePoint {
  const points = ctx.catalog.servicePoints.filter((point) => kinds.includes(point.kind));
  return ctx.prng.pick(points.length > 0 ? points : ctx.catalog.servicePoints);
}

const lineOf = (product: Product, quantity: number): TransactionItem => ({
  productId: product.productId,
  name: product.name,
  quantity,
  price: product.price,
});

const itemsTotal = (items: readonly TransactionItem[]): number =>
  items.reduce((sum, item) => sum + item.price * item.quantity, 0);

function record(
  ctx: ActionContext,
  at: number,
  client: Client,
  kind: TransactionKind,
  point: ServicePoint,
  items: TransactionItem[],
  amount = itemsTotal(items),
): EventDraft[] {
  const card = client.cards.length > 0 && ctx.prng.chance(0.8) ? ctx.prng.pick(client.cards) : undefined;
  const tx: Transaction = {
    transactionId: nextTransactionId(ctx.db),
    clientId: client.clientId,
    kind,
    amount,
    servicePoint: point,
    items: items.length > 0 ? items : undefined,
    at,
  };
  if (card !== undefined && point.kind !== 'website') tx.cardNumber = card;
  recordTransaction(ctx.db, ctx.index, tx);
  return [transactionRecorded(tx)];
}

export function purchase(ctx: ActionContext, at: number, client = randomClient(ctx, 0.05)): EventDraft[] {
  const tickets = products(ctx, 'ticket');
  if (!client || tickets.length === 0) return [];
  const point = servicePoint(
    ctx,
    ctx.prng.weighted([
      ['cashdesk', 55],
      ['website', 25],
      ['mobile_app', 20],
    ] as const),
  );
  const items = [
    lineOf(
      ctx.prng.pick(tickets),
      ctx.prng.weighted([
        [1, 50],
        [2, 30],
        [3, 12],
        [4, 8],
      ] as const),
    ),
  ];
  const extras = products(ctx, 'service', ...(point.kind === 'cashdesk' ? (['good'] as const) : []));
  for (let i = ctx.prng.int(0, 2); i > 0 && extras.length > 0; i--)
    items.push(lineOf(ctx.prng.pick(extras), 1));
  return record(ctx, at, client, 'purchase', point, items);
}

export function depositTopup(ctx: ActionContext, at: number, client = randomClient(ctx)): EventDraft[] {
  const deposits = products(ctx, 'deposit');
  if (!client || deposits.length === 0) return [];
  const point = servicePoint(
    ctx,
    ctx.prng.weighted([
      ['cashdesk', 50],
      ['mobile_app', 35],
      ['website', 15],
    ] as const),
  );
  return record(ctx, at, client, 'deposit_topup', point, [lineOf(ctx.prng.pick(deposits), 1)]);
}

/** A visit: a ticket written off at a turnstile, or an amount written off at a validator or by an operator. */
export function pass(ctx: ActionContext, at: number, client = randomClient(ctx, 0.25)): EventDraft[] {
  if (!client) return [];
  const where = ctx.prng.weighted([
    ['turnstile', 60],
    ['validator', 25],
    ['mobile_operator', 15],
  ] as const);
  const point = servicePoint(ctx, where);
  if (where === 'turnstile') {
    const bought = ctx.index.lastPurchase
      .get(client.clientId)
      ?.items?.find((item) => ctx.db.products.get(item.productId)?.kind === 'ticket');
    const ticket = bought ?? lineOfRandom(ctx, 'ticket');
    return ticket ? record(ctx, at, client, 'pass', point, [{ ...ticket, quantity: 1 }]) : [];
  }
  const goods = products(ctx, where === 'validator' ? 'good' : 'service', 'service');
  if (goods.length === 0 || ctx.prng.chance(0.2)) {
    return record(ctx, at, client, 'pass', point, [], rub(ctx.prng.int(15, 90) * 10));
  }
  const items = [lineOf(ctx.prng.pick(goods), 1)];
  if (ctx.prng.chance(0.3)) items.push(lineOf(ctx.prng.pick(goods), ctx.prng.int(1, 2)));
  return record(ctx, at, client, 'pass', point, items);
}

function lineOfRandom(ctx: ActionContext, kind: ProductKind): TransactionItem | undefined {
  const list = products(ctx, kind);
  return list.length > 0 ? lineOf(ctx.prng.pick(list), 1) : undefined;
}

/** Money back for a recent purchase: the whole of it, or one of its lines. */
export function refund(ctx: ActionContext, at: number, client?: Client): EventDraft[] {
  let original: Transaction | undefined;
  for (let attempt = 0; attempt < 20 && !original; attempt++) {
    const candidate = client ?? randomClient(ctx, 0.05);
    if (candidate) original = ctx.index.lastPurchase.get(candidate.clientId);
  }
  const owner = original && ctx.db.clients.get(original.clientId);
  if (!original || !owner) return [];
  ctx.index.lastPurchase.delete(owner.clientId);
  const items = original.items ?? [];
  const refunded = items.length > 1 && ctx.prng.chance(0.4) ? [ctx.prng.pick(items)] : items;
  const online = original.servicePoint.kind === 'website' || original.servicePoint.kind === 'mobile_app';
  const point = online ? original.servicePoint : servicePoint(ctx, 'cashdesk');
  return record(ctx, at, owner, 'refund', point, refunded, refunded.length > 0 ? undefined : original.amount);
}
