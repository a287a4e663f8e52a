/** Lime's entities: newest state (by `occurredAt`) wins; facts (transactions) are written once. */
import { and, eq, getTableColumns, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Client } from '../core/model/client.ts';
import type { FamilyLink } from '../core/model/family.ts';
import type { Product } from '../core/model/product.ts';
import type { LocalDate } from '../core/model/time.ts';
import type { Transaction } from '../core/model/transaction.ts';
import { insertRows } from './bulk-insert.ts';
import type { DbOrTx } from './db.ts';
import { cards, clients, familyLinks, products, transactions } from './schema/index.ts';

const excluded = (column: string) => sql.raw(`excluded.${column}`);
const newerOrSame = (table: string) => sql.raw(`${table}.state_at <= excluded.state_at`);

/** Upserts client states; answers the ids whose stored state changed (older states are ignored). */
export async function upsertClients(db: DbOrTx, tenantId: string, states: readonly Client[]) {
  if (states.length === 0) return [];
  const rows = states.map((c) => ({
    tenantId,
    clientId: c.clientId,
    category: c.category,
    firstName: c.firstName,
    lastName: c.lastName,
    middleName: c.middleName,
    birthDate: c.birthDate,
    gender: c.gender,
    phone: c.phone,
    email: c.email,
    registrationChannel: c.registrationChannel,
    cards: c.cards,
    marketingConsent: c.marketingConsent,
    stateAt: new Date(c.stateAt),
    erasedAt: null,
  }));
  const columns = [
    'category',
    'first_name',
    'last_name',
    'middle_name',
    'birth_date',
    'gender',
    'phone',
    'email',
    'registration_channel',
    'cards',
    'marketing_consent',
    'state_at',
    'erased_at',
  ];
  const set = sql.raw(columns.map((column) => `${column} = excluded.${column}`).join(', '));
  const changed = await insertRows<{ client_id: string; category: string }>(
    db,
    clients,
    rows,
    sql`on conflict (tenant_id, client_id) do update set ${set} where ${newerOrSame('clients')}
        returning client_id, category`,
  );
  const applied = new Set(changed.map((row) => row.client_id));
  await replaceCards(
    db,
    tenantId,
    states.filter((c) => applied.has(c.clientId)),
  );
  return changed.map((row) => ({ clientId: row.client_id, category: row.category }));
}

/** The card index follows the newest client states; a card handed to another client moves with it. */
async function replaceCards(db: DbOrTx, tenantId: string, states: readonly Client[]) {
  if (states.length === 0) return;
  await forgetCards(
    db,
    tenantId,
    states.map((c) => c.clientId),
  );
  const rows = states.flatMap((c) => c.cards.map((number) => ({ tenantId, number, clientId: c.clientId })));
  if (rows.length === 0) return;
  await db
    .insert(cards)
    .values(rows)
    .onConflictDoUpdate({
      target: [cards.tenantId, cards.number],
      set: { clientId: sql.raw('excluded.client_id') },
    });
}

export async function forgetCards(db: DbOrTx, tenantId: string, clientIds: readonly string[]) {
  if (clientIds.length === 0) return;
  await db.delete(cards).where(and(eq(cards.tenantId, tenantId), inArray(cards.clientId, [...clientIds])));
}

export async function clientByCard(db: DbOrTx, tenantId: string, number: string): Promise<string | null> {
  const [row] = await db
    .select({ clientId: cards.clientId })
    .from(cards)
    .where(and(eq(cards.tenantId, tenantId), eq(cards.number, number)));
  return row?.clientId ?? null;
}

/** Forgets a person: keeps only the id and the time, so an older state cannot bring them back. */
export async function eraseClients(
  db: DbOrTx,
  tenantId: string,
  erasures: readonly { clientId: string; at: number }[],
) {
  if (erasures.length === 0) return [];
  const rows = erasures.map((e) => ({
    tenantId,
    clientId: e.clientId,
    category: 'adult',
    firstName: null,
    registrationChannel: 'other',
    stateAt: new Date(e.at),
    erasedAt: new Date(),
  }));
  const blank = [
    'first_name',
    'last_name',
    'middle_name',
    'birth_date',
    'gender',
    'phone',
    'email',
    'marketing_consent',
  ];
  const erased = await db
    .insert(clients)
    .values(rows)
    .onConflictDoUpdate({
      target: [clients.tenantId, clients.clientId],
      set: {
        ...Object.fromEntries(blank.map((column) => [camel(column), sql`null`])),
        cards: sql`'[]'::jsonb`,
        stateAt: excluded('state_at'),
        erasedAt: excluded('erased_at'),
      },
      setWhere: newerOrSame('clients'),
    })
    .returning({ clientId: clients.clientId });
  const ids = erased.map((row) => row.clientId);
  if (ids.length > 0) {
    await db
      .delete(transactions)
      .where(and(eq(transactions.tenantId, tenantId), inArray(transactions.clientId, ids)));
    await forgetCards(db, tenantId, ids);
  }
  return ids;
}

/** When each of these people was forgotten (the erasure's `occurredAt`), for those who still are. */
export async function erasedAt(db: DbOrTx, tenantId: string, clientIds: readonly string[]) {
  if (clientIds.length === 0) return new Map<string, number>();
  const found = await db
    .select({ clientId: clients.clientId, stateAt: clients.stateAt })
    .from(clients)
    .where(
      and(
        eq(clients.tenantId, tenantId),
        inArray(clients.clientId, [...clientIds]),
        isNotNull(clients.erasedAt),
      ),
    );
  return new Map(found.map((row) => [row.clientId, row.stateAt.getTime()]));
}

export async function upsertProducts(db: DbOrTx, tenantId: string, states: readonly Product[]) {
  if (states.length === 0) return [];
  const rows = states.map((p) => ({
    tenantId,
    productId: p.productId,
    name: p.name,
    priceMinor: p.price.minor,
    currency: p.price.currency,
    sku: p.sku,
    group: p.group,
    kind: p.kind,
    active: p.active,
    deleted: p.deleted,
    stateAt: new Date(p.stateAt),
  }));
  const columns = [
    'name',
    'price_minor',
    'currency',
    'sku',
    'group_name',
    'kind',
    'active',
    'deleted',
    'state_at',
  ];
  return db
    .insert(products)
    .values(rows)
    .onConflictDoUpdate({
      target: [products.tenantId, products.productId],
      set: Object.fromEntries(
        columns.map((column) => [column === 'group_name' ? 'group' : camel(column), excluded(column)]),
      ),
      setWhere: newerOrSame('products'),
    })
    .returning({ productId: products.productId });
}

/** A withdrawn product keeps its last name and price (the CRM needs them to hide it). */
export async function deleteProducts(
  db: DbOrTx,
  tenantId: string,
  deletions: readonly { productId: string; at: number }[],
) {
  if (deletions.length === 0) return [];
  const rows = deletions.map((d) => ({
    tenantId,
    productId: d.productId,
    name: d.productId,
    priceMinor: 0,
    currency: 'RUB',
    active: false,
    deleted: true,
    stateAt: new Date(d.at),
  }));
  return db
    .insert(products)
    .values(rows)
    .onConflictDoUpdate({
      target: [products.tenantId, products.productId],
      set: { deleted: sql`true`, active: sql`false`, stateAt: excluded('state_at') },
      setWhere: newerOrSame('products'),
    })
    .returning({ productId: products.productId });
}

export async function upsertFamilyLinks(db: DbOrTx, tenantId: string, links: readonly FamilyLink[]) {
  if (links.length === 0) return [];
  return db
    .insert(familyLinks)
    .values(links.map((l) => ({ tenantId, ...l, stateAt: new Date(l.stateAt) })))
    .onConflictDoUpdate({
      target: [familyLinks.tenantId, familyLinks.parentId, familyLinks.childId],
      set: { relation: excluded('relation'), linked: excluded('linked'), stateAt: excluded('state_at') },
      setWhere: newerOrSame('family_links'),
    })
    .returning({ parentId: familyLinks.parentId, childId: familyLinks.childId });
}

/** Transactions are facts: the first write wins, a repeat is ignored. Answers the new ones. */
export async function insertTransactions(db: DbOrTx, tenantId: string, facts: readonly Transaction[]) {
  if (facts.length === 0) return [];
  const inserted = await insertRows<{ transaction_id: string; client_id: string }>(
    db,
    transactions,
    facts.map((t) => ({
      tenantId,
      transactionId: t.transactionId,
      clientId: t.clientId,
      kind: t.kind,
      amountMinor: t.amount.minor,
      currency: t.amount.currency,
      servicePoint: t.servicePoint,
      cardNumber: t.cardNumber,
      items: t.items.map((item) => ({ ...item, price: item.price.minor })),
      occurredAt: new Date(t.occurredAt),
    })),
    sql`on conflict do nothing returning transaction_id, client_id`,
  );
  return inserted.map((row) => ({ transactionId: row.transaction_id, clientId: row.client_id }));
}

/** Parents currently linked to any of these children. */
export async function parentsOf(db: DbOrTx, tenantId: string, childIds: readonly string[]) {
  if (childIds.length === 0) return [];
  return db
    .select({ parentId: familyLinks.parentId, childId: familyLinks.childId })
    .from(familyLinks)
    .where(
      and(
        eq(familyLinks.tenantId, tenantId),
        inArray(familyLinks.childId, [...childIds]),
        eq(familyLinks.linked, true),
      ),
    );
}

/** Every family link touching these people (used when a person is forgotten). */
export async function unlinkEveryoneOf(db: DbOrTx, tenantId: string, clientIds: readonly string[]) {
  if (clientIds.length === 0) return [];
  const ids = [...clientIds];
  return db
    .delete(familyLinks)
    .where(
      and(
        eq(familyLinks.tenantId, tenantId),
        sql`(${inArray(familyLinks.parentId, ids)} or ${inArray(familyLinks.childId, ids)})`,
      ),
    )
    .returning({ parentId: familyLinks.parentId, childId: familyLinks.childId });
}

export async function loadClient(db: DbOrTx, tenantId: string, clientId: string): Promise<Client | null> {
  const [row] = await db
    .select()
    .from(clients)
    .where(and(eq(clients.tenantId, tenantId), eq(clients.clientId, clientId)));
  return row && !row.erasedAt ? toClient(row) : null;
}

export async function loadClients(
  db: DbOrTx,
  tenantId: string,
  clientIds: readonly string[],
): Promise<Client[]> {
  if (clientIds.length === 0) return [];
  const found = await db
    .select()
    .from(clients)
    .where(and(eq(clients.tenantId, tenantId), inArray(clients.clientId, [...clientIds])));
  return found.filter((row) => !row.erasedAt).map(toClient);
}

export async function loadChildren(db: DbOrTx, tenantId: string, parentIds: readonly string[]) {
  if (parentIds.length === 0) return new Map<string, Client[]>();
  const found = await db
    .select({ parentId: familyLinks.parentId, child: clients })
    .from(familyLinks)
    .innerJoin(
      clients,
      and(eq(clients.tenantId, familyLinks.tenantId), eq(clients.clientId, familyLinks.childId)),
    )
    .where(
      and(
        eq(familyLinks.tenantId, tenantId),
        inArray(familyLinks.parentId, [...parentIds]),
        eq(familyLinks.linked, true),
      ),
    );
  const byParent = new Map<string, Client[]>();
  for (const { parentId, child } of found) {
    if (child.erasedAt) continue;
    byParent.set(parentId, [...(byParent.get(parentId) ?? []), toClient(child)]);
  }
  return byParent;
}

/** The newest `limit` transactions of each client, in one query (a window per client). */
export async function loadRecentTransactions(
  db: DbOrTx,
  tenantId: string,
  clientIds: readonly string[],
  limit: number,
): Promise<Map<string, Transaction[]>> {
  const byClient = new Map<string, Transaction[]>();
  if (clientIds.length === 0) return byClient;
  const ranked = db
    .select({
      ...getTableColumns(transactions),
      rank: sql<number>`row_number() over (partition by ${transactions.clientId} order by ${transactions.occurredAt} desc, ${transactions.transactionId} desc)`.as(
        'rank',
      ),
    })
    .from(transactions)
    .where(and(eq(transactions.tenantId, tenantId), inArray(transactions.clientId, [...clientIds])))
    .as('ranked');
  const found = await db.select().from(ranked).where(sql`${ranked.rank} <= ${limit}`);
  for (const { rank: _rank, ...row } of found) {
    const tx = toTransaction(row);
    byClient.set(tx.clientId, [...(byClient.get(tx.clientId) ?? []), tx]);
  }
  return byClient;
}

export async function loadTransactions(db: DbOrTx, tenantId: string, transactionIds: readonly string[]) {
  if (transactionIds.length === 0) return [];
  const found = await db
    .select()
    .from(transactions)
    .where(
      and(eq(transactions.tenantId, tenantId), inArray(transactions.transactionId, [...transactionIds])),
    );
  return found.map(toTransaction);
}

/** How many passes each client made and when the last was (visits and last visit). */
export async function passSummaries(
  db: DbOrTx,
  tenantId: string,
  clientIds: readonly string[],
): Promise<Map<string, { count: number; lastAt: number | null }>> {
  const summaries = new Map<string, { count: number; lastAt: number | null }>();
  if (clientIds.length === 0) return summaries;
  const found = await db
    .select({
      clientId: transactions.clientId,
      count: sql<number>`count(*)::int`,
      lastAt: sql<string | null>`max(${transactions.occurredAt})`,
    })
    .from(transactions)
    .where(
      and(
        eq(transactions.tenantId, tenantId),
        inArray(transactions.clientId, [...clientIds]),
        eq(transactions.kind, 'pass'),
      ),
    )
    .groupBy(transactions.clientId);
  for (const row of found) {
    summaries.set(row.clientId, {
      count: Number(row.count),
      lastAt: row.lastAt ? new Date(row.lastAt).getTime() : null,
    });
  }
  return summaries;
}

export async function loadProducts(
  db: DbOrTx,
  tenantId: string,
  productIds: readonly string[],
): Promise<Product[]> {
  if (productIds.length === 0) return [];
  const found = await db
    .select()
    .from(products)
    .where(and(eq(products.tenantId, tenantId), inArray(products.productId, [...productIds])));
  return found.map(toProduct);
}

type ClientRow = typeof clients.$inferSelect;
type TransactionRow = typeof transactions.$inferSelect;
type ProductRow = typeof products.$inferSelect;

export function toClient(row: ClientRow): Client {
  return {
    clientId: row.clientId,
    category: row.category as Client['category'],
    firstName: row.firstName ?? '',
    lastName: row.lastName,
    middleName: row.middleName,
    birthDate: row.birthDate as LocalDate | null,
    gender: row.gender as Client['gender'],
    phone: row.phone as Client['phone'],
    email: row.email as Client['email'],
    registrationChannel: row.registrationChannel as Client['registrationChannel'],
    cards: row.cards as string[],
    marketingConsent: row.marketingConsent,
    stateAt: row.stateAt.getTime(),
  };
}

export function toTransaction(row: TransactionRow): Transaction {
  const items = row.items as { productId: string; name: string; quantity: number; price: number }[];
  return {
    transactionId: row.transactionId,
    clientId: row.clientId,
    kind: row.kind as Transaction['kind'],
    amount: { minor: row.amountMinor, currency: row.currency },
    servicePoint: row.servicePoint as Transaction['servicePoint'],
    cardNumber: row.cardNumber,
    items: items.map((item) => ({ ...item, price: { minor: item.price, currency: row.currency } })),
    occurredAt: row.occurredAt.getTime(),
  };
}

export function toProduct(row: ProductRow): Product {
  return {
    productId: row.productId,
    name: row.name,
    price: { minor: row.priceMinor, currency: row.currency },
    sku: row.sku,
    group: row.group,
    kind: row.kind as Product['kind'],
    active: row.active,
    deleted: row.deleted,
    stateAt: row.stateAt.getTime(),
  };
}

function camel(column: string): string {
  return column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * A CRM edit accepted for Lime is mirrored locally at once (without moving `stateAt`), so the card
 * does not push the old value back while Lime applies it; Lime's next state overwrites it either way.
 */
export async function mirrorCrmEdit(
  db: DbOrTx,
  tenantId: string,
  clientId: string,
  changes: Partial<Record<string, string | null>>,
) {
  const columns: Record<string, keyof typeof clients.$inferInsert> = {
    firstName: 'firstName',
    lastName: 'lastName',
    middleName: 'middleName',
    birthDate: 'birthDate',
    phone: 'phone',
    email: 'email',
  };
  const set = Object.fromEntries(
    Object.entries(changes).flatMap(([field, value]) => {
      const column = columns[field];
      if (!column || (field === 'firstName' && !value)) return [];
      return [[column, value ?? null]];
    }),
  );
  if (Object.keys(set).length === 0) return;
  await db
    .update(clients)
    .set(set)
    .where(and(eq(clients.tenantId, tenantId), eq(clients.clientId, clientId)));
}
