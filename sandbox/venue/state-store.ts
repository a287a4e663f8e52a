/** The simulated Lime database, the indexes derived from it, and its JSON state file. */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Client, FamilyLink, LimeEvent, Preorder, Product, Transaction, VenueType } from './model.ts';

export interface VenueInfo {
  type: VenueType;
  name: string;
  code: string;
  seed: string;
  /** The venue's UTC offset in minutes (Moscow: 180). */
  offsetMinutes: number;
}

type Sequence = 'client' | 'product' | 'transaction' | 'event' | 'card' | 'order';

export interface VenueDb {
  venue: VenueInfo;
  clients: Map<string, Client>;
  products: Map<string, Product>;
  /** Keyed by `parentId|childId`. */
  families: Map<string, FamilyLink>;
  /** The most recent transactions, oldest first (capped). */
  transactions: Transaction[];
  preorders: Map<string, Preorder>;
  seq: Record<Sequence, number>;
  /** Last `occurredAt` (ms) per entity, so state events of one entity never share a second. */
  lastStamp: Map<string, number>;
  /** Ids of hub events already applied (most recent, capped). */
  seenInbound: Set<string>;
  pullCursor: string | null;
  /** Prefix of the event ids this installation mints. */
  idPrefix: string;
  bootstrapped: boolean;
  venueTime: number;
}

export const TRANSACTIONS_KEPT = 5000;
export const SEEN_INBOUND_KEPT = 50_000;

export function createDb(venue: VenueInfo, idPrefix: string, venueTime: number): VenueDb {
  return {
    venue,
    clients: new Map(),
    products: new Map(),
    families: new Map(),
    transactions: [],
    preorders: new Map(),
    seq: { client: 0, product: 0, transaction: 0, event: 0, card: 0, order: 0 },
    lastStamp: new Map(),
    seenInbound: new Set(),
    pullCursor: null,
    idPrefix,
    bootstrapped: false,
    venueTime,
  };
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

export function nextClientId(db: VenueDb): string {
  db.seq.client += 1;
  return String(100_000 + db.seq.client);
}

export function nextProductId(db: VenueDb): string {
  db.seq.product += 1;
  return `${db.venue.code}-${pad(db.seq.product, 3)}`;
}

export function nextTransactionId(db: VenueDb): string {
  db.seq.transaction += 1;
  return `T${pad(db.seq.transaction, 8)}`;
}

export function nextCardNumber(db: VenueDb): string {
  db.seq.card += 1;
  return `77${pad(db.seq.card, 8)}`;
}

export function nextOrderNumber(db: VenueDb): string {
  db.seq.order += 1;
  return `ЛМ-${pad(db.seq.order, 6)}`;
}

export function nextEventId(db: VenueDb): string {
  db.seq.event += 1;
  return `${db.idPrefix}-${pad(db.seq.event, 7)}`;
}

export function familyKey(parentId: string, childId: string): string {
  return `${parentId}|${childId}`;
}

export function rememberInbound(db: VenueDb, id: string): void {
  db.seenInbound.add(id);
  if (db.seenInbound.size <= SEEN_INBOUND_KEPT) return;
  const oldest = db.seenInbound.values().next();
  if (!oldest.done) db.seenInbound.delete(oldest.value);
}

/** An id list with O(1) random pick, add and remove. */
export class IdPool {
  readonly #ids: string[] = [];
  readonly #positions = new Map<string, number>();

  add(id: string): void {
    if (this.#positions.has(id)) return;
    this.#positions.set(id, this.#ids.length);
    this.#ids.push(id);
  }

  remove(id: string): void {
    const position = this.#positions.get(id);
    if (position === undefined) return;
    const last = this.#ids.pop() as string;
    this.#positions.delete(id);
    if (last !== id) {
      this.#ids[position] = last;
      this.#positions.set(last, position);
    }
  }

  get size(): number {
    return this.#ids.length;
  }

  at(index: number): string | undefined {
    return this.#ids[index];
  }
}

/** Lookups the actions need, rebuilt from the db (never persisted). */
export interface VenueIndex {
  adults: IdPool;
  children: IdPool;
  childrenOf: Map<string, Set<string>>;
  lastPurchase: Map<string, Transaction>;
}

export function buildIndex(db: VenueDb): VenueIndex {
  const index: VenueIndex = {
    adults: new IdPool(),
    children: new IdPool(),
    childrenOf: new Map(),
    lastPurchase: new Map(),
  };
  for (const client of db.clients.values()) indexClient(index, client);
  for (const link of db.families.values()) indexLink(index, link);
  for (const tx of db.transactions) if (tx.kind === 'purchase') index.lastPurchase.set(tx.clientId, tx);
  return index;
}

export function indexClient(index: VenueIndex, client: Client): void {
  (client.category === 'child' ? index.children : index.adults).add(client.clientId);
}

export function indexLink(index: VenueIndex, link: FamilyLink): void {
  const set = index.childrenOf.get(link.parentId) ?? new Set<string>();
  set.add(link.childId);
  index.childrenOf.set(link.parentId, set);
}

export function recordTransaction(db: VenueDb, index: VenueIndex, tx: Transaction): void {
  db.transactions.push(tx);
  if (db.transactions.length > TRANSACTIONS_KEPT * 1.2)
    db.transactions.splice(0, db.transactions.length - TRANSACTIONS_KEPT);
  if (tx.kind === 'purchase') index.lastPurchase.set(tx.clientId, tx);
}

export function removeClient(db: VenueDb, index: VenueIndex, clientId: string): void {
  db.clients.delete(clientId);
  index.adults.remove(clientId);
  index.children.remove(clientId);
  index.childrenOf.delete(clientId);
  index.lastPurchase.delete(clientId);
  for (const [key, link] of db.families) {
    if (link.parentId !== clientId && link.childId !== clientId) continue;
    db.families.delete(key);
    index.childrenOf.get(link.parentId)?.delete(link.childId);
  }
}

// Maps and Sets survive JSON as tagged arrays.
const replacer = (_key: string, value: unknown): unknown => {
  if (value instanceof Map) return { $map: [...value] };
  if (value instanceof Set) return { $set: [...value] };
  return value;
};

const reviver = (_key: string, value: unknown): unknown => {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if ('$map' in value) return new Map(value.$map as [unknown, unknown][]);
    if ('$set' in value) return new Set(value.$set as unknown[]);
  }
  return value;
};

export interface SavedState {
  version: 1;
  db: VenueDb;
  /** Events generated but not yet acknowledged by the hub. */
  outbox: LimeEvent[];
  /** The generated venue, while `start()` has not sent it yet. */
  bootstrap?: LimeEvent[];
  prngState: number;
}

export async function saveState(file: string, state: SavedState): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(state, replacer));
  await rename(temporary, file);
}

export async function loadState(file: string): Promise<SavedState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const state = JSON.parse(text, reviver) as SavedState;
  if (state.version !== 1) throw new Error(`unsupported venue state file version in ${file}`);
  return state;
}
