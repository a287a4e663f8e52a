/** Loads what a set of clients' contact cards are made of and derives the cards (in the core). */

import { type ContactCard, deriveContactCard, LAST_TRANSACTIONS_SHOWN } from '../core/derive/contact-card.ts';
import type { Client } from '../core/model/client.ts';
import type { DbOrTx } from '../store/db.ts';
import * as lime from '../store/lime-repo.ts';
import type { Tenant } from '../store/tenants-repo.ts';

export type ClientCard = { readonly client: Client; readonly card: ContactCard };

/** Cards of the adults among `clientIds` (children are shown on their parents' cards, never as contacts). */
export async function loadCards(
  db: DbOrTx,
  tenant: Tenant,
  clientIds: readonly string[],
  now: number,
): Promise<Map<string, ClientCard>> {
  const adults = (await lime.loadClients(db, tenant.id, clientIds)).filter(
    (client) => client.category === 'adult',
  );
  const ids = adults.map((client) => client.clientId);
  const children = await lime.loadChildren(db, tenant.id, ids);
  const recent = await lime.loadRecentTransactions(db, tenant.id, ids, LAST_TRANSACTIONS_SHOWN);
  const passes = await lime.passSummaries(db, tenant.id, ids);
  const cards = new Map<string, ClientCard>();
  for (const client of adults) {
    const card = deriveContactCard({
      client,
      children: children.get(client.clientId) ?? [],
      recentTransactions: recent.get(client.clientId) ?? [],
      passes: passes.get(client.clientId) ?? { count: 0, lastAt: null },
      timeZone: tenant.timeZone,
      now,
    });
    cards.set(client.clientId, { client, card });
  }
  return cards;
}
