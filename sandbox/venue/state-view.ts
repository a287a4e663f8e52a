/** A compact, JSON-friendly view of the Lime db for the dashboard demo (`GET /lime/state`). */
import { formatTimestamp } from './clock.ts';
import { formatMoney } from './money.ts';
import type { VenueDb } from './state-store.ts';

export interface StateViewContext {
  mode: 'push' | 'pull';
  running: boolean;
  pace: unknown;
  queued: number;
}

export function describeState(db: VenueDb, context: StateViewContext): unknown {
  let adults = 0;
  for (const client of db.clients.values()) if (client.category === 'adult') adults += 1;
  const offset = db.venue.offsetMinutes;
  return {
    venue: db.venue,
    ...context,
    counts: {
      clients: db.clients.size,
      adults,
      children: db.clients.size - adults,
      products: db.products.size,
      familyLinks: db.families.size,
      transactions: db.seq.transaction,
      preorders: db.preorders.size,
      eventsMinted: db.seq.event,
    },
    pullCursor: db.pullCursor,
    products: [...db.products.values()].map((product) => ({ ...product, price: formatMoney(product.price) })),
    recentTransactions: db.transactions.slice(-10).map((tx) => ({
      transactionId: tx.transactionId,
      clientId: tx.clientId,
      kind: tx.kind,
      amount: formatMoney(tx.amount),
      servicePoint: tx.servicePoint.name,
      at: formatTimestamp(tx.at, offset),
    })),
    preorders: [...db.preorders.values()].slice(-20),
  };
}
