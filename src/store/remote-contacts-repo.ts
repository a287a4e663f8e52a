/** The match index of CRM contacts (Lime id and fingerprints of phones and e-mails). */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { MatchCandidate } from '../core/sync/match.ts';
import type { DbOrTx } from './db.ts';
import { remoteContacts } from './schema/index.ts';

export async function indexRemoteContacts(
  db: DbOrTx,
  connectionId: string,
  contacts: readonly MatchCandidate[],
) {
  const unique = new Map(contacts.map((c) => [c.remoteId, c]));
  if (unique.size === 0) return;
  await db
    .insert(remoteContacts)
    .values(
      [...unique.values()].map((c) => ({
        connectionId,
        remoteId: c.remoteId,
        limeId: c.limeId,
        phoneKeys: [...c.phoneKeys],
        emailKeys: [...c.emailKeys],
        updatedAt: new Date(),
      })),
    )
    .onConflictDoUpdate({
      target: [remoteContacts.connectionId, remoteContacts.remoteId],
      set: {
        limeId: sql.raw('excluded.lime_id'),
        phoneKeys: sql.raw('excluded.phone_keys'),
        emailKeys: sql.raw('excluded.email_keys'),
        updatedAt: sql.raw('excluded.updated_at'),
      },
    });
}

export async function unindexRemoteContacts(db: DbOrTx, connectionId: string, remoteIds: readonly string[]) {
  if (remoteIds.length === 0) return;
  await db
    .delete(remoteContacts)
    .where(
      and(eq(remoteContacts.connectionId, connectionId), inArray(remoteContacts.remoteId, [...remoteIds])),
    );
}

export async function matchCandidates(
  db: DbOrTx,
  connectionId: string,
  keys: { limeIds: string[]; phoneKeys: string[]; emailKeys: string[] },
): Promise<MatchCandidate[]> {
  const conditions = [];
  if (keys.limeIds.length > 0) conditions.push(inArray(remoteContacts.limeId, keys.limeIds));
  if (keys.phoneKeys.length > 0)
    conditions.push(sql`${remoteContacts.phoneKeys} && ${sql.param(keys.phoneKeys)}::text[]`);
  if (keys.emailKeys.length > 0)
    conditions.push(sql`${remoteContacts.emailKeys} && ${sql.param(keys.emailKeys)}::text[]`);
  if (conditions.length === 0) return [];
  const found = await db
    .select()
    .from(remoteContacts)
    .where(and(eq(remoteContacts.connectionId, connectionId), or(...conditions)));
  return found.map((row) => ({
    remoteId: row.remoteId,
    limeId: row.limeId,
    phoneKeys: row.phoneKeys,
    emailKeys: row.emailKeys,
  }));
}
