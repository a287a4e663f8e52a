/**
 * Lime → CRM contacts: the owed clients of a connection become one batched write. Decode (load state),
 * decide (core: match, diff), encode (connector), record (links, baselines, index, trail).
 */
import type { ContactWrite, RemoteContact, WriteOutcome } from '../connectors/contract.ts';
import { type Baseline, EMPTY_BASELINE } from '../core/sync/baseline.ts';
import { afterWrite, duringWrite, planContactPush } from '../core/sync/diff.ts';
import { fingerprint } from '../core/sync/fingerprint.ts';
import { type MatchCandidate, matchContact, matchKeysOf } from '../core/sync/match.ts';
import { type AuditEntry, audit } from '../store/audit-repo.ts';
import { recordSuccess } from '../store/connections-repo.ts';
import { addDeadLetters, type DeadLetterInput } from '../store/dead-letters-repo.ts';
import {
  clearItems,
  countAttempt,
  type DirtyItem,
  dueItems,
  releaseDeferred,
  uncountAttempt,
} from '../store/dirty-repo.ts';
import {
  dropLink,
  type Link,
  linksByLocal,
  linksByRemote,
  saveLink,
  updateBaseline,
} from '../store/links-repo.ts';
import { indexRemoteContacts, matchCandidates } from '../store/remote-contacts-repo.ts';
import { type ClientCard, loadCards } from './contact-cards.ts';
import type { FlushContext, FlushStep } from './flush-context.ts';
import { REQUESTS_IN_FLIGHT, writeInParallel } from './parallel-writes.ts';

type Planned = { item: DirtyItem; write: ContactWrite; baseline: Baseline; matchedBy?: string };

export async function flushContacts(ctx: FlushContext): Promise<FlushStep> {
  const { runtime, conn, connector, tenant } = ctx;
  const perRequest = connector.limits.contactsPerRequest;
  const items = await dueItems(runtime.db, conn.id, 'contact', perRequest * REQUESTS_IN_FLIGHT);
  if (items.length === 0) return { kind: 'idle' };
  const now = runtime.now();
  const cards = await loadCards(
    runtime.db,
    tenant,
    items.map((item) => item.entityId),
    now,
  );
  const nothingToDo = items.filter((item) => !cards.has(item.entityId));
  const owed = items.filter((item) => cards.has(item.entityId));
  const links = await linksByLocal(
    runtime.db,
    conn.id,
    'client',
    owed.map((item) => item.entityId),
  );
  const matched = await matchUnlinked(
    ctx,
    owed.filter((item) => !links.has(item.entityId)),
    cards,
  );
  if (!matched.ok) return { kind: 'failed', error: matched.error };
  const planned: Planned[] = [];
  const unchanged: { item: DirtyItem; baseline: Baseline }[] = [];
  for (const item of owed) {
    const { card } = cards.get(item.entityId) as ClientCard;
    const link: MatchedLink | undefined = links.get(item.entityId) ?? matched.value.get(item.entityId);
    if (!link) {
      planned.push({
        item,
        write: { ref: item.entityId, remoteId: null, fields: card, state: {} },
        baseline: EMPTY_BASELINE,
      });
      continue;
    }
    const push = planContactPush(card, link.baseline, now);
    if (Object.keys(push.fields).length === 0) unchanged.push({ item, baseline: push.baseline });
    else
      planned.push({
        item,
        write: { ref: item.entityId, remoteId: link.remoteId, fields: push.fields, state: link.remoteState },
        baseline: push.baseline,
        ...(link.matchedBy ? { matchedBy: link.matchedBy } : {}),
      });
  }
  await runtime.db.transaction(async (tx) => {
    for (const { item, baseline } of unchanged)
      await updateBaseline(tx, conn.id, 'client', item.entityId, baseline);
    await clearItems(tx, [...nothingToDo, ...unchanged.map((u) => u.item)]);
    for (const p of planned) {
      if (p.write.remoteId === null) continue;
      await saveLink(tx, conn.id, 'client', {
        localId: p.item.entityId,
        remoteId: p.write.remoteId,
        baseline: duringWrite(p.baseline, p.write.fields),
        remoteState: p.write.state,
      });
    }
    await countAttempt(
      tx,
      planned.filter((p) => p.write.remoteId === null).map((p) => p.item),
    );
  });
  if (planned.length === 0) return { kind: 'progress', handled: items.length };
  const written = await writeInParallel(
    planned.map((p) => p.write),
    perRequest,
    (batch) => connector.writeContacts(conn, batch),
  );
  await recordOutcomes(ctx, planned, written.outcomes, cards);
  // A throttled create is certainly not in the CRM: searching for it first next time would only spend
  // requests the CRM is already refusing (a storm of 429s then never lets the write through).
  await uncountAttempt(
    runtime.db,
    planned.filter((p) => p.write.remoteId === null && written.refused.has(p.write)).map((p) => p.item),
  );
  if (written.failure) return { kind: 'failed', error: written.failure };
  return { kind: 'progress', handled: items.length };
}

type MatchedLink = Link & { matchedBy?: string };

/**
 * Before creating, look for the contact: in the match index (kept by scans, webhooks and polls), and —
 * for clients whose create was tried before (a crash may have hidden its answer) — in the CRM itself.
 */
async function matchUnlinked(
  ctx: FlushContext,
  unlinked: readonly DirtyItem[],
  cards: Map<string, ClientCard>,
) {
  const { runtime, conn, connector } = ctx;
  const result = new Map<string, MatchedLink>();
  if (unlinked.length === 0) return { ok: true as const, value: result };
  const retried = unlinked.filter((item) => item.attempts > 0).map((item) => item.entityId);
  // Contacts read from the CRM in this pass: no need to read them again below.
  const justRead = new Map<string, RemoteContact>();
  if (retried.length > 0) {
    const found = await connector.findContacts(conn, { limeIds: retried, phones: [], emails: [] });
    if (!found.ok) return found;
    await indexRemoteContacts(runtime.db, conn.id, found.value.map(toCandidate));
    for (const contact of found.value) justRead.set(contact.remoteId, contact);
  }
  const keys = unlinked.map((item) => {
    const { client } = cards.get(item.entityId) as ClientCard;
    const own = matchKeysOf([client.phone], [client.email]);
    return {
      clientId: client.clientId,
      phoneKey: own.phoneKeys[0] ?? null,
      emailKey: own.emailKeys[0] ?? null,
    };
  });
  const candidates = await matchCandidates(runtime.db, conn.id, {
    limeIds: keys.map((k) => k.clientId),
    phoneKeys: keys.flatMap((k) => (k.phoneKey ? [k.phoneKey] : [])),
    emailKeys: keys.flatMap((k) => (k.emailKey ? [k.emailKey] : [])),
  });
  const taken = await linksByRemote(
    runtime.db,
    conn.id,
    'client',
    candidates.map((c) => c.remoteId),
  );
  const claimed = new Set<string>();
  const matches = new Map<string, { remoteId: string; by: string }>();
  for (const key of keys) {
    const free = candidates.filter(
      (c) => !claimed.has(c.remoteId) && (taken.get(c.remoteId)?.localId ?? key.clientId) === key.clientId,
    );
    const match = matchContact(
      { limeId: key.clientId, phoneKey: key.phoneKey, emailKey: key.emailKey },
      free,
    );
    if (!match) continue;
    claimed.add(match.remoteId);
    matches.set(key.clientId, match);
  }
  if (matches.size === 0) return { ok: true as const, value: result };
  // A matched contact's current multi-values are needed so the first write merges instead of replacing.
  const unread = [...matches.values()].map((m) => m.remoteId).filter((remoteId) => !justRead.has(remoteId));
  const fetched =
    unread.length > 0
      ? await connector.fetchContacts(conn, unread)
      : { ok: true as const, value: [] as RemoteContact[] };
  if (!fetched.ok) return fetched;
  const byId = new Map(justRead);
  for (const contact of fetched.value) byId.set(contact.remoteId, contact);
  for (const [clientId, match] of matches) {
    const remote = byId.get(match.remoteId);
    if (!remote) continue;
    result.set(clientId, {
      localId: clientId,
      remoteId: match.remoteId,
      baseline: EMPTY_BASELINE,
      remoteState: remote.state,
      matchedBy: match.by,
    });
  }
  return { ok: true as const, value: result };
}

async function recordOutcomes(
  ctx: FlushContext,
  planned: readonly Planned[],
  outcomes: readonly WriteOutcome[],
  cards: Map<string, ClientCard>,
) {
  const { runtime, conn, tenant } = ctx;
  const byRef = new Map(outcomes.map((outcome) => [outcome.ref, outcome]));
  const trail: AuditEntry[] = [];
  await runtime.db.transaction(async (tx) => {
    const done: DirtyItem[] = [];
    const letters: DeadLetterInput[] = [];
    // What the link knows NOW (an edit judged while our write was under way) is what the write lands on.
    const current = await linksByLocal(
      tx,
      conn.id,
      'client',
      planned.map((p) => p.item.entityId),
    );
    for (const p of planned) {
      const outcome = byRef.get(p.item.entityId);
      const operation =
        p.write.remoteId === null ? 'contact.create' : p.matchedBy ? 'contact.match' : 'contact.update';
      const base = {
        tenantId: tenant.id,
        connectionId: conn.id,
        source: 'crm' as const,
        operation,
        entity: 'client',
        entityId: p.item.entityId,
      };
      if (!outcome) continue;
      if (outcome.ok) {
        await saveLink(tx, conn.id, 'client', {
          localId: p.item.entityId,
          remoteId: outcome.remoteId,
          baseline: afterWrite(current.get(p.item.entityId)?.baseline ?? p.baseline, p.write.fields),
          remoteState: outcome.state,
        });
        const { client } = cards.get(p.item.entityId) as ClientCard;
        await indexRemoteContacts(tx, conn.id, [
          {
            remoteId: outcome.remoteId,
            limeId: client.clientId,
            ...matchKeysOf([client.phone], [client.email]),
          },
        ]);
        trail.push({
          ...base,
          remoteId: outcome.remoteId,
          outcome: 'ok',
          detail: { fields: Object.keys(p.write.fields), ...(p.matchedBy ? { matchedBy: p.matchedBy } : {}) },
        });
        done.push(p.item);
      } else if (outcome.error.kind === 'not_found') {
        // Deleted in the CRM: the link goes and the client is created again on the next pass.
        await dropLink(tx, conn.id, 'client', p.item.entityId);
        trail.push({
          ...base,
          remoteId: p.write.remoteId,
          outcome: 'skipped',
          detail: { reason: 'contact deleted in the CRM; will create it again' },
        });
      } else if (outcome.error.kind === 'rejected') {
        letters.push({
          tenantId: tenant.id,
          connectionId: conn.id,
          flow: 'contact',
          entityId: p.item.entityId,
          error: { ...outcome.error },
        });
        trail.push({
          ...base,
          remoteId: p.write.remoteId,
          outcome: 'error',
          detail: { error: outcome.error.kind, message: outcome.error.detail },
        });
        done.push(p.item);
      }
    }
    await addDeadLetters(tx, letters);
    await clearItems(tx, done);
    await audit(tx, trail);
    await recordSuccess(tx, conn.id);
    // Notes waiting for these contacts can go now rather than at their next look.
    if (planned.some((p) => p.write.remoteId === null)) {
      await releaseDeferred(tx, conn.id, 'note');
      await runtime.wake(tx, [{ job: 'crm.flush', connectionId: conn.id, flow: 'note', delayMs: 0 }]);
    }
  });
}

export function toCandidate(contact: RemoteContact): MatchCandidate {
  return {
    remoteId: contact.remoteId,
    limeId: contact.limeId,
    ...matchKeysOf(contact.phones, contact.emails),
  };
}

/** Fingerprints of a CRM record's fields as it shows them now (the baseline after a scan or adoption). */
export function baselineOf(contact: RemoteContact): Baseline {
  const synced = Object.fromEntries(
    Object.entries(contact.card).map(([field, value]) => [field, fingerprint(value)]),
  );
  return { synced, inflight: {}, pendingLime: {} };
}
