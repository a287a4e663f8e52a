/**
 * A realistic burst of Lime events for robustness suites: adults, each with one child and a family
 * link, a few transactions per adult, and a product list — plus what the CRM should show afterwards.
 */
import { clientUpserted, familyLinked, productUpserted, transactionRecorded } from '../../support/events.ts';
import type { CrmUnderTest } from './crm-under-test.ts';

type TxKind = 'purchase' | 'pass' | 'deposit_topup';

export type BurstTransaction = {
  readonly kind: TxKind;
  readonly event: ReturnType<typeof transactionRecorded>;
};

export type BurstAdult = {
  readonly clientId: string;
  readonly firstName: string;
  readonly lastName: string;
  /** E.164, as the CRM shows it. */
  readonly phone: string;
  readonly email: string;
  readonly childLine: string;
  readonly transactions: readonly BurstTransaction[];
  /** The `client.upserted` Lime sent; `restated` builds a newer state from it. */
  readonly upserted: ReturnType<typeof clientUpserted>;
  /** The adult's own events: the adult, the child, their link and the transactions. */
  readonly events: readonly unknown[];
};

export type Burst = {
  readonly adults: readonly BurstAdult[];
  readonly productIds: readonly string[];
  readonly productEvents: readonly unknown[];
  /** Every event, in the order Lime would send them (products, clients, links, transactions). */
  readonly events: readonly unknown[];
};

export type BurstShape = {
  /** Keeps ids, phones and e-mails of different bursts on one stage apart. */
  readonly tag: string;
  readonly adults: number;
  readonly transactionsPerAdult: number;
  readonly products: number;
  /** `+7` and three digits of a mobile range, e.g. `+7912`; seven digits follow. */
  readonly phonePrefix: string;
};

const KINDS: readonly TxKind[] = ['purchase', 'pass', 'deposit_topup', 'pass', 'pass'];
const LABELS: Record<TxKind, string> = {
  purchase: 'Покупка',
  pass: 'Проход',
  deposit_topup: 'Пополнение депозита',
};
const AMOUNTS: Record<TxKind, string> = { purchase: '1500.00', pass: '0.00', deposit_topup: '500.00' };
const POINTS: Record<TxKind, { id: string; name: string; kind: string }> = {
  purchase: { id: 'cd-1', name: 'Касса 1', kind: 'cashdesk' },
  pass: { id: 'tt-1', name: 'Турникет 1', kind: 'turnstile' },
  deposit_topup: { id: 'cd-1', name: 'Касса 1', kind: 'cashdesk' },
};

export function makeBurst(shape: BurstShape): Burst {
  const productIds = Array.from({ length: shape.products }, (_, i) => `${shape.tag}-p${i}`);
  const products = productIds.map((productId, i) =>
    productUpserted({ productId, name: `Товар ${shape.tag}-${i}`, price: `${100 + i}.00`, sku: productId }),
  );
  const adults = Array.from({ length: shape.adults }, (_, i) => makeAdult(shape, i));
  // Each adult's events are: the adult, the child, the link, then the transactions.
  const part = (from: number, to?: number) => adults.flatMap((adult) => adult.events.slice(from, to));
  return {
    adults,
    productIds,
    productEvents: products,
    // A bulk import: the products, every adult, every child, every link, then the transactions.
    events: [...products, ...part(0, 1), ...part(1, 2), ...part(2, 3), ...part(3)],
  };
}

function makeAdult(shape: BurstShape, i: number): BurstAdult {
  const clientId = `${shape.tag}-a${i}`;
  const lastName = `Фамилия${shape.tag}${i}`;
  const phone = `${shape.phonePrefix}${String(1_000_000 + i).padStart(7, '0')}`;
  const email = `${clientId}@example.ru`;
  const upserted = clientUpserted({ clientId, firstName: `Имя${i}`, lastName, phone, email });
  const transactions = Array.from({ length: shape.transactionsPerAdult }, (_, t) => {
    const kind = KINDS[t % KINDS.length] as TxKind;
    const event = transactionRecorded(
      clientId,
      {
        transactionId: `${clientId}-t${t}`,
        kind,
        amount: AMOUNTS[kind],
        servicePoint: POINTS[kind],
      },
      `2026-11-29T10:${String(t).padStart(2, '0')}:00+03:00`,
    );
    return { kind, event };
  });
  const child = clientUpserted({
    clientId: `${clientId}-kid`,
    firstName: `Ребёнок${i}`,
    lastName,
    category: 'child',
    birthDate: '2018-06-15',
    phone: null,
  });
  return {
    clientId,
    firstName: `Имя${i}`,
    lastName,
    phone,
    email,
    childLine: `Ребёнок${i} ${lastName} — 15.06.2018`,
    transactions,
    upserted,
    events: [
      upserted,
      child,
      familyLinked(clientId, `${clientId}-kid`),
      ...transactions.map((tx) => tx.event),
    ],
  };
}

/** A newer `client.upserted` for the adult with some fields changed (as Lime sends after a CRM edit). */
export function restated(adult: BurstAdult, changes: Record<string, unknown>, occurredAt: string) {
  return clientUpserted({ ...adult.upserted.data, ...changes }, occurredAt);
}

/** The note/timeline text a transaction gets (tenant timezone Europe/Moscow). */
export function noteLine(tx: BurstTransaction): string {
  const time = tx.event.occurredAt.slice(11, 16);
  return `29.11.2026 ${time} · ${LABELS[tx.kind]} · ${AMOUNTS[tx.kind]} RUB · ${POINTS[tx.kind].name}`;
}

export type Convergence = {
  /** Everything that is not as it should be (empty when converged). */
  readonly problems: string[];
  /** Notes written more than once (a lost answer retried): reported, not a failure. */
  readonly duplicateNotes: number;
};

/**
 * What the CRM shows for a burst: one contact per adult with the right fields, one product per Lime
 * product, and every transaction's note (exactly once, or at least once when answers were lost).
 */
export function convergence(crm: CrmUnderTest, burst: Burst, notes: 'exactly' | 'at_least'): Convergence {
  const problems: string[] = [];
  let duplicateNotes = 0;
  const contacts = crm.contacts();
  for (const adult of burst.adults) {
    const mine = contacts.filter((c) => c.limeId === adult.clientId);
    if (mine.length !== 1) {
      problems.push(`${adult.clientId}: ${mine.length} contacts`);
      continue;
    }
    const [contact] = mine;
    if (!contact) continue;
    const passes = adult.transactions.filter((tx) => tx.kind === 'pass').length;
    const wrong = [
      contact.firstName === adult.firstName ? null : `firstName ${contact.firstName}`,
      contact.lastName === adult.lastName ? null : `lastName ${contact.lastName}`,
      sameList(contact.phones, [adult.phone]) ? null : `phones ${contact.phones.join(',')}`,
      contact.children === adult.childLine ? null : `children ${contact.children}`,
      contact.visits === passes ? null : `visits ${contact.visits}`,
      (contact.lastTransactions?.split('\n').length ?? 0) === Math.min(10, adult.transactions.length)
        ? null
        : 'lastTransactions',
    ].filter((w): w is string => w !== null);
    if (wrong.length > 0) problems.push(`${adult.clientId}: ${wrong.join('; ')}`);
    const texts = crm.notesOf(contact.remoteId);
    for (const tx of adult.transactions) {
      const copies = texts.filter((text) => text === noteLine(tx)).length;
      duplicateNotes += Math.max(0, copies - 1);
      if (copies === 0 || (notes === 'exactly' && copies > 1))
        problems.push(`${tx.event.data.transactionId}: ${copies} notes`);
    }
  }
  const products = crm.products();
  for (const productId of burst.productIds) {
    const copies = products.filter((p) => p.limeId === productId).length;
    if (copies !== 1) problems.push(`product ${productId}: ${copies} in the catalog`);
  }
  return { problems, duplicateNotes };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/**
 * Sends the burst as Lime does on a busy day rather than as one import: the products, then one request
 * per adult (with the child, the link and the transactions), a few requests at a time.
 */
export async function trickle(send: (events: unknown[]) => Promise<void>, burst: Burst, concurrency = 4) {
  await send([...burst.productEvents]);
  let next = 0;
  const sender = async () => {
    while (next < burst.adults.length) {
      const adult = burst.adults[next];
      next += 1;
      if (adult) await send([...adult.events]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
}

/** Sends events in requests of at most 500 (the protocol's limit). */
export async function sendAll(send: (events: unknown[]) => Promise<void>, events: readonly unknown[]) {
  for (let i = 0; i < events.length; i += 500) await send(events.slice(i, i + 500));
}
