/** The rarer happenings: clients editing their data or asking to be forgotten, catalog changes, unlinks. */
import {
  clientDeleted,
  clientUpserted,
  type EventDraft,
  familyLinked,
  familyUnlinked,
  productDeleted,
  productUpserted,
} from './events.ts';
import type { Client } from './model.ts';
import { rub } from './money.ts';
import { FEMALE_NAMES, fullNameOf, SURNAMES, surnameFor } from './names.ts';
import { randomEmail, randomPhone } from './people.ts';
import { familyKey, indexLink, nextCardNumber, nextProductId, removeClient } from './state-store.ts';
import { type ActionContext, randomClient } from './venue-actions.ts';

const capitalised = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** Sets the corrected first name when the registration had a diminutive or a lowercase name. */
function correctFirstName(client: Client): boolean {
  const full = fullNameOf(client.firstName, client.gender);
  const fixed = full ?? capitalised(client.firstName);
  if (fixed === client.firstName) return false;
  client.firstName = fixed;
  return true;
}

/** A client's data changes at the desk or in the app: new phone, corrected name, new e-mail, … */
export function editClient(ctx: ActionContext, at: number, client = randomClient(ctx, 0.1)): EventDraft[] {
  if (!client) return [];
  const { prng } = ctx;
  if (client.category === 'child') {
    // A child's record changes when they get a bracelet card or, as a teenager, a phone.
    if (prng.chance(0.5)) client.cards.push(nextCardNumber(ctx.db));
    else client.phone = randomPhone(prng);
    return [clientUpserted(client, at)];
  }
  const edit = prng.weighted([
    ['phone', 30],
    ['name', 25],
    ['email', 20],
    ['surname', 8],
    ['consent', 10],
    ['card', 7],
  ] as const);
  if (edit === 'name' && correctFirstName(client)) return [clientUpserted(client, at)];
  if (edit === 'surname' && client.category === 'adult' && FEMALE_NAMES.includes(client.firstName)) {
    client.lastName = surnameFor(prng.pick(SURNAMES), 'female');
  } else if (edit === 'email' || edit === 'name') {
    client.email = randomEmail(prng, client.firstName, client.lastName ?? 'lime', prng.int(1960, 2005));
  } else if (edit === 'consent') {
    client.marketingConsent = !client.marketingConsent;
  } else if (edit === 'card') {
    client.cards.push(nextCardNumber(ctx.db));
  } else {
    client.phone = randomPhone(prng);
  }
  return [clientUpserted(client, at)];
}

/** The person asked to be forgotten; Lime erases them (and their family links). */
export function forgetClient(ctx: ActionContext, at: number, client = randomClient(ctx, 0.2)): EventDraft[] {
  if (!client) return [];
  removeClient(ctx.db, ctx.index, client.clientId);
  return [clientDeleted(client.clientId, at)];
}

/** A second grown-up (the other parent, a grandparent) links a child already in Lime. */
export function linkExistingChild(ctx: ActionContext, at: number): EventDraft[] {
  const childId =
    ctx.index.children.size > 0
      ? ctx.index.children.at(ctx.prng.int(0, ctx.index.children.size - 1))
      : undefined;
  const adult = randomClient(ctx);
  if (childId === undefined || !adult || ctx.index.childrenOf.get(adult.clientId)?.has(childId)) return [];
  const link = {
    parentId: adult.clientId,
    childId,
    relation: ctx.prng.chance(0.7) ? 'child' : 'grandchild',
  } as const;
  ctx.db.families.set(familyKey(link.parentId, link.childId), link);
  indexLink(ctx.index, link);
  return [familyLinked(link, at)];
}

export function unlinkFamily(ctx: ActionContext, at: number): EventDraft[] {
  const parent = randomClient(ctx);
  const childId = parent && [...(ctx.index.childrenOf.get(parent.clientId) ?? [])][0];
  if (!parent || childId === undefined) return [];
  ctx.db.families.delete(`${parent.clientId}|${childId}`);
  ctx.index.childrenOf.get(parent.clientId)?.delete(childId);
  return [familyUnlinked(parent.clientId, childId, at)];
}

export function changePrice(ctx: ActionContext, at: number): EventDraft[] {
  const candidates = [...ctx.db.products.values()].filter((p) => p.active && p.kind !== 'deposit');
  if (candidates.length === 0) return [];
  const product = ctx.prng.pick(candidates);
  const factor = ctx.prng.pick([0.9, 0.95, 1.05, 1.1, 1.15, 1.2]);
  const roubles = Math.max(10, Math.round(((product.price / 100) * factor) / 10) * 10);
  product.price = rub(roubles);
  return [productUpserted(product, at)];
}

/** A new product from the venue's list of extras (or a numbered seasonal offer when none is left). */
export function introduceProduct(ctx: ActionContext, at: number): EventDraft[] {
  const known = new Set([...ctx.db.products.values()].map((p) => p.sku));
  const extra = ctx.catalog.extras.find((item) => !known.has(item.sku));
  const productId = nextProductId(ctx.db);
  const product = extra
    ? {
        productId,
        name: extra.name,
        price: rub(extra.roubles),
        sku: extra.sku,
        group: extra.group,
        kind: extra.kind,
      }
    : {
        productId,
        name: `Сезонное предложение ${productId}`,
        price: rub(ctx.prng.int(5, 30) * 100),
        sku: `${ctx.catalog.code}-SEASON-${productId}`,
        group: 'Акции',
        kind: 'service' as const,
      };
  const created = { ...product, active: true };
  ctx.db.products.set(productId, created);
  return [productUpserted(created, at)];
}

/** A product leaves the price list: mostly deleted in Lime, sometimes only switched off. */
export function withdrawProduct(ctx: ActionContext, at: number): EventDraft[] {
  const active = [...ctx.db.products.values()].filter((p) => p.active && p.kind !== 'deposit');
  if (active.filter((p) => p.kind === 'ticket').length <= 3) return [];
  const preferred = active.filter((p) => p.kind !== 'ticket' || ctx.prng.chance(0.3));
  const product = ctx.prng.pick(preferred.length > 0 ? preferred : active);
  if (ctx.prng.chance(0.25)) {
    product.active = false;
    return [productUpserted(product, at)];
  }
  ctx.db.products.delete(product.productId);
  return [productDeleted(product.productId, at)];
}
