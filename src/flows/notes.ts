/**
 * Each card transaction also becomes a note (amoCRM) or timeline comment (Bitrix24) on the contact, so
 * the history stays browsable beyond the last 10. A child's transactions go on each parent's contact.
 */
import type { CrmResult, NoteWrite, WriteOutcome } from '../connectors/contract.ts';
import { transactionLine } from '../core/derive/contact-card.ts';
import type { Client } from '../core/model/client.ts';
import { formatAmount } from '../core/model/money.ts';
import type { Transaction } from '../core/model/transaction.ts';
import { ok } from '../core/result.ts';
import { type AuditEntry, audit, writtenNoteIds } from '../store/audit-repo.ts';
import { recordSuccess } from '../store/connections-repo.ts';
import { addDeadLetters, type DeadLetterInput } from '../store/dead-letters-repo.ts';
import { clearItems, countAttempt, type DirtyItem, deferItems, dueItems } from '../store/dirty-repo.ts';
import * as lime from '../store/lime-repo.ts';
import { linksByLocal } from '../store/links-repo.ts';
import type { FlushContext, FlushStep } from './flush-context.ts';
import { REQUESTS_IN_FLIGHT, writeInParallel } from './parallel-writes.ts';

/**
 * A note waits for its contact this long between looks, and gives up this long after it was owed. The
 * wait is told by age, not by `attempts`: those count writes tried, and a tried note is looked for in the
 * CRM before it is written again (one read per contact) — a note that only waited need not be.
 */
const WAIT_FOR_CONTACT_MS = 15_000;
const MAX_WAIT_MS = 60 * 60_000;

export async function flushNotes(ctx: FlushContext): Promise<FlushStep> {
  const { runtime, conn, connector, tenant } = ctx;
  const perRequest = connector.limits.notesPerRequest;
  const items = await dueItems(runtime.db, conn.id, 'note', perRequest * REQUESTS_IN_FLIGHT);
  if (items.length === 0) return { kind: 'idle' };
  const transactions = new Map(
    (
      await lime.loadTransactions(
        runtime.db,
        tenant.id,
        items.map((i) => i.entityId),
      )
    ).map((t) => [t.transactionId, t]),
  );
  const owners = new Map(
    (
      await lime.loadClients(runtime.db, tenant.id, [
        ...new Set([...transactions.values()].map((t) => t.clientId)),
      ])
    ).map((c) => [c.clientId, c]),
  );
  const parents = await lime.parentsOf(
    runtime.db,
    tenant.id,
    [...owners.values()].filter((c) => c.category === 'child').map((c) => c.clientId),
  );
  const contactOwners = [
    ...new Set(
      [...owners.values()]
        .filter((c) => c.category === 'adult')
        .map((c) => c.clientId)
        .concat(parents.map((p) => p.parentId)),
    ),
  ];
  const links = await linksByLocal(runtime.db, conn.id, 'client', contactOwners);
  const gone: DirtyItem[] = [];
  const waiting: DirtyItem[] = [];
  const notes: { item: DirtyItem; note: NoteWrite }[] = [];
  for (const item of items) {
    const tx = transactions.get(item.entityId);
    const owner = tx ? owners.get(tx.clientId) : undefined;
    if (!tx || !owner) {
      // The transaction was erased with its client, or the client has not arrived from Lime yet.
      (tx ? waiting : gone).push(item);
      continue;
    }
    const targets =
      owner.category === 'adult'
        ? [owner.clientId]
        : parents.filter((p) => p.childId === owner.clientId).map((p) => p.parentId);
    const linked = targets.flatMap((clientId) => {
      const link = links.get(clientId);
      return link ? [link.remoteId] : [];
    });
    if (linked.length < targets.length || targets.length === 0) {
      waiting.push(item);
      continue;
    }
    for (const remoteContactId of linked) {
      notes.push({
        item,
        note: {
          ref: `${item.entityId}@${remoteContactId}`,
          remoteContactId,
          text: noteText(tx, owner, tenant.timeZone),
        },
      });
    }
  }
  const tooOld = (item: DirtyItem) => runtime.now() - item.since.getTime() >= MAX_WAIT_MS;
  const expired = waiting.filter(tooOld);
  await runtime.db.transaction(async (tx) => {
    await clearItems(tx, gone);
    await deferItems(
      tx,
      waiting.filter((item) => !tooOld(item)),
      WAIT_FOR_CONTACT_MS,
    );
    await addDeadLetters(
      tx,
      expired.map((item) => ({
        tenantId: tenant.id,
        connectionId: conn.id,
        flow: 'note',
        entityId: item.entityId,
        error: { kind: 'rejected', detail: 'the client never got a CRM contact' },
      })),
    );
    await clearItems(tx, expired);
  });
  if (notes.length === 0) return { kind: 'progress', handled: items.length };
  const looked = await alreadyWritten(ctx, notes, transactions);
  if (!looked.ok) return { kind: 'failed', error: looked.error };
  const { found, unread } = looked.value;
  // A note whose contact could not be looked at this time waits for the next step, untouched.
  const toWrite = notes.filter((n) => !found.has(n.note.ref) && !unread.has(n.note.ref));
  // From here a crash or a lost answer may hide a note that went through: the next try looks first.
  await countAttempt(runtime.db, [...new Map(toWrite.map((n) => [n.item.entityId, n.item])).values()]);
  const written = await writeInParallel(
    toWrite.map((n) => n.note),
    perRequest,
    (batch) => connector.writeNotes(conn, batch),
  );
  const outcomes = new Map<string, WriteOutcome>(written.outcomes.map((o) => [o.ref, o]));
  for (const [ref, remoteId] of found) outcomes.set(ref, { ref, ok: true, remoteId, state: null });
  const trail: AuditEntry[] = [];
  const done = new Map<string, DirtyItem>();
  const failedItems = new Set<string>();
  const letters: DeadLetterInput[] = [];
  for (const { item, note } of notes) {
    const outcome = outcomes.get(note.ref);
    const transaction = transactions.get(item.entityId) as Transaction;
    const base = {
      tenantId: tenant.id,
      connectionId: conn.id,
      source: 'crm' as const,
      operation: 'note.create',
      entity: 'client',
      entityId: transaction.clientId,
    };
    if (outcome?.ok) {
      trail.push({
        ...base,
        remoteId: outcome.remoteId,
        outcome: 'ok',
        detail: { transactionId: item.entityId },
      });
      done.set(item.entityId, item);
    } else if (outcome && !outcome.ok && outcome.error.kind !== 'unavailable') {
      trail.push({
        ...base,
        outcome: 'error',
        detail: { transactionId: item.entityId, error: outcome.error.kind },
      });
      letters.push({
        tenantId: tenant.id,
        connectionId: conn.id,
        flow: 'note',
        entityId: item.entityId,
        error: { ...outcome.error },
      });
      done.set(item.entityId, item);
    } else {
      failedItems.add(item.entityId);
    }
  }
  await runtime.db.transaction(async (tx) => {
    await addDeadLetters(tx, letters);
    await clearItems(
      tx,
      [...done.values()].filter((item) => !failedItems.has(item.entityId)),
    );
    await audit(tx, trail);
    await recordSuccess(tx, conn.id);
  });
  if (written.failure) return { kind: 'failed', error: written.failure };
  return { kind: 'progress', handled: items.length };
}

type PlannedNote = { readonly item: DirtyItem; readonly note: NoteWrite };

/** Notes of retried items found on their contact (ref → note id), and those whose contact was not read. */
type Lookup = { readonly found: Map<string, string>; readonly unread: ReadonlySet<string> };

/** A note tried before is looked for among the contact's notes written since a little before it was owed. */
const CLOCK_SLACK_MS = 10 * 60_000;

/**
 * Notes of items tried before that are already on their contact: neither CRM takes an idempotency key,
 * so a write whose answer was lost is found by its text. A note of the same text recorded for another
 * transaction (two equal purchases in one minute) is not taken for this one.
 */
async function alreadyWritten(
  ctx: FlushContext,
  notes: readonly PlannedNote[],
  transactions: ReadonlyMap<string, Transaction>,
): Promise<CrmResult<Lookup>> {
  const { runtime, conn, connector, tenant } = ctx;
  const retried = notes.filter((n) => n.item.attempts > 0);
  const found = new Map<string, string>();
  if (retried.length === 0) return ok({ found, unread: new Set() });
  const since = Math.min(...retried.map((n) => n.item.since.getTime())) - CLOCK_SLACK_MS;
  const contacts = [...new Set(retried.map((n) => n.note.remoteContactId))];
  const existing = await connector.readNotes(conn, contacts, since);
  if (!existing.ok) return existing;
  const { notes: onContacts, read } = existing.value;
  const owners = [...new Set(retried.flatMap((n) => transactions.get(n.item.entityId)?.clientId ?? []))];
  const recorded = await writtenNoteIds(runtime.db, tenant.id, conn.id, owners);
  const unclaimed = new Map<string, string[]>();
  for (const note of onContacts) {
    if (recorded.has(note.remoteId)) continue;
    const key = `${note.remoteContactId}\u0000${note.text}`;
    unclaimed.set(key, [...(unclaimed.get(key) ?? []), note.remoteId]);
  }
  const unread = new Set<string>();
  for (const { note } of retried) {
    if (!read.has(note.remoteContactId)) {
      unread.add(note.ref);
      continue;
    }
    const remoteId = unclaimed.get(`${note.remoteContactId}\u0000${note.text}`)?.shift();
    if (remoteId !== undefined) found.set(note.ref, remoteId);
  }
  return ok({ found, unread });
}

/** `Покупка · 1500.00 RUB · Касса 1` plus the items; a child's transaction names the child. */
export function noteText(tx: Transaction, owner: Client, timeZone: string): string {
  const who =
    owner.category === 'child' ? `${[owner.firstName, owner.lastName].filter(Boolean).join(' ')}: ` : '';
  const lines = [`${who}${transactionLine(tx, timeZone)}`];
  for (const item of tx.items)
    lines.push(
      `— ${item.name} × ${item.quantity} по ${formatAmount(item.price.minor)} ${item.price.currency}`,
    );
  return lines.join('\n');
}
