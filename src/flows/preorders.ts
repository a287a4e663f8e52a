/**
 * Pre-orders. In: a lead/deal entering `Передать в Лайм` is read, checked in the core, and sent to Lime
 * (`preorder.created`, or `preorder.updated` when sent before); its amount and stage are written back.
 * Out: Lime's status moves it on (stage, amount when re-priced, notes).
 */
import { createHash } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { CrmError } from '../connectors/contract.ts';
import type { Money } from '../core/model/money.ts';
import { formatAmount } from '../core/model/money.ts';
import type { PreorderComposition } from '../core/model/preorder.ts';
import { composePreorder, problemNote } from '../core/sync/preorder-rules.ts';
import { type AuditEntry, audit } from '../store/audit-repo.ts';
import { recordSuccess } from '../store/connections-repo.ts';
import { clearItems, dueItems, markDirty } from '../store/dirty-repo.ts';
import { appendOutbound } from '../store/events-repo.ts';
import { saveLink } from '../store/links-repo.ts';
import {
  type CrmPending,
  ensurePreorder,
  mergePending,
  preorderByRemote,
  updatePreorder,
} from '../store/preorders-repo.ts';
import { preorders } from '../store/schema/index.ts';
import type { FlushContext, FlushStep } from './flush-context.ts';

export type PreorderTouch =
  | { readonly kind: 'handled' }
  | { readonly kind: 'failed'; readonly error: CrmError };

/** A lead/deal changed in the CRM: re-read it (webhooks are hints) and act on its stage. */
export async function handlePreorderTouched(ctx: FlushContext, remoteId: string): Promise<PreorderTouch> {
  const { runtime, conn, connector, tenant } = ctx;
  const read = await connector.readPreorder(conn, remoteId);
  if (!read.ok)
    return read.error.kind === 'not_found'
      ? cancelIfSent(ctx, remoteId, 'Сделка удалена в CRM')
      : { kind: 'failed', error: read.error };
  const lead = read.value;
  if (!lead) return cancelIfSent(ctx, remoteId, 'Сделка удалена в CRM');
  if (lead.stage === 'lost') return cancelIfSent(ctx, remoteId, 'Сделка закрыта в CRM как нереализованная');
  if (lead.stage !== 'to_lime') return { kind: 'handled' };
  const composed = composePreorder(lead);
  const base = { tenantId: tenant.id, connectionId: conn.id, source: 'crm' as const, entity: 'preorder' };
  await runtime.db.transaction(async (tx) => {
    const row = await ensurePreorder(tx, tenant.id, conn.id, remoteId);
    await saveLink(tx, conn.id, 'preorder', { localId: row.id, remoteId });
    if (!composed.ok) {
      const problemFp = fingerprintOf(composed.error);
      if (row.problemFp === problemFp) return;
      await updatePreorder(tx, row.id, {
        problemFp,
        crmPending: mergePending({ notes: [problemNote(composed.error)] }),
      });
      await markDirty(tx, [{ connectionId: conn.id, flow: 'preorder', entityId: row.id }]);
      await runtime.wake(tx, [{ job: 'crm.flush', connectionId: conn.id, flow: 'preorder', delayMs: 0 }]);
      await audit(tx, [
        {
          ...base,
          operation: 'preorder.refused',
          entityId: row.id,
          remoteId,
          outcome: 'skipped',
          detail: { problems: composed.error.map((p) => p.kind) },
        },
      ]);
      return;
    }
    const composition = composed.value;
    const compositionFp = fingerprintOf(composition);
    const pending = row.crmPending as CrmPending | null;
    // Already sent and the stage move is still owed: this is the same hand-over seen again.
    if (row.compositionFp === compositionFp && pending?.stage === 'sent') return;
    const type = row.sentCount > 0 ? 'preorder.updated' : 'preorder.created';
    await appendOutbound(tx, tenant.id, [
      {
        type,
        subject: `preorder:${row.id}`,
        occurredAt: runtime.now(),
        data: preorderEventData(row.id, conn, remoteId, composition),
      },
    ]);
    await updatePreorder(tx, row.id, {
      composition: storedComposition(composition),
      compositionFp,
      problemFp: null,
      sentCount: row.sentCount + 1,
      crmPending: mergePending({
        stage: 'sent',
        amountMinor: composition.total.minor,
        currency: composition.total.currency,
      }),
    });
    await markDirty(tx, [{ connectionId: conn.id, flow: 'preorder', entityId: row.id }]);
    await runtime.wake(tx, [
      { job: 'crm.flush', connectionId: conn.id, flow: 'preorder', delayMs: 0 },
      { job: 'lime.push', tenantId: tenant.id },
    ]);
    await audit(tx, [
      {
        ...base,
        operation: type,
        entityId: row.id,
        remoteId,
        outcome: 'ok',
        detail: { lines: composition.lines.length },
      },
    ]);
  });
  return { kind: 'handled' };
}

async function cancelIfSent(ctx: FlushContext, remoteId: string, reason: string): Promise<PreorderTouch> {
  const { runtime, conn, tenant } = ctx;
  await runtime.db.transaction(async (tx) => {
    const row = await preorderByRemote(tx, conn.id, remoteId);
    if (
      !row ||
      row.sentCount === 0 ||
      row.crmCancelledAt ||
      ['cancelled', 'rejected', 'completed'].includes(row.limeStatus ?? '')
    )
      return;
    await appendOutbound(tx, tenant.id, [
      {
        type: 'preorder.cancelled',
        subject: `preorder:${row.id}`,
        occurredAt: runtime.now(),
        data: { preorderId: row.id, origin: originOf(conn, remoteId), reason },
      },
    ]);
    await updatePreorder(tx, row.id, { crmCancelledAt: new Date() });
    await runtime.wake(tx, [{ job: 'lime.push', tenantId: tenant.id }]);
    await audit(tx, [
      {
        tenantId: tenant.id,
        connectionId: conn.id,
        source: 'crm',
        operation: 'preorder.cancelled',
        entity: 'preorder',
        entityId: row.id,
        remoteId,
        outcome: 'ok',
      },
    ]);
  });
  return { kind: 'handled' };
}

/** What is owed to the leads/deals (stage, amount, notes) is written, then cleared if nothing new came. */
export async function flushPreorders(ctx: FlushContext): Promise<FlushStep> {
  const { runtime, conn, connector, tenant } = ctx;
  const items = await dueItems(runtime.db, conn.id, 'preorder', 10);
  if (items.length === 0) return { kind: 'idle' };
  const rows = await runtime.db
    .select()
    .from(preorders)
    .where(
      inArray(
        preorders.id,
        items.map((i) => i.entityId),
      ),
    );
  for (const row of rows) {
    const pending = (row.crmPending ?? {}) as CrmPending;
    const stage = pending.stage as 'sent' | 'accepted' | 'won' | 'lost' | undefined;
    const amount: Money | undefined =
      pending.amountMinor !== undefined
        ? { minor: pending.amountMinor, currency: pending.currency ?? 'RUB' }
        : undefined;
    const notes = pending.notes ?? [];
    if (!stage && !amount && notes.length === 0) continue;
    const written = await connector.writePreorder(conn, {
      remoteId: row.remoteId,
      ...(stage ? { stage } : {}),
      ...(amount ? { amount } : {}),
      notes,
    });
    if (!written.ok) {
      if (written.error.kind === 'not_found' || written.error.kind === 'rejected') {
        await audit(runtime.db, [
          {
            tenantId: tenant.id,
            connectionId: conn.id,
            source: 'crm',
            operation: 'preorder.write',
            entity: 'preorder',
            entityId: row.id,
            remoteId: row.remoteId,
            outcome: 'error',
            detail: { error: written.error.kind, message: written.error.detail },
          },
        ]);
        await updatePreorder(runtime.db, row.id, { crmPending: null });
        continue;
      }
      return { kind: 'failed', error: written.error };
    }
    await runtime.db.transaction(async (tx) => {
      // Only what was written is cleared; anything Lime said meanwhile stays owed.
      const [fresh] = await tx
        .select({ crmPending: preorders.crmPending })
        .from(preorders)
        .where(eq(preorders.id, row.id));
      const now = (fresh?.crmPending ?? {}) as CrmPending;
      const rest: CrmPending = {
        ...(now.stage !== pending.stage ? { stage: now.stage } : {}),
        ...(now.amountMinor !== pending.amountMinor
          ? { amountMinor: now.amountMinor, currency: now.currency }
          : {}),
        notes: (now.notes ?? []).slice(notes.length),
      };
      const empty = !rest.stage && rest.amountMinor === undefined && (rest.notes ?? []).length === 0;
      await updatePreorder(tx, row.id, { crmPending: empty ? null : rest });
      const trail: AuditEntry[] = [
        {
          tenantId: tenant.id,
          connectionId: conn.id,
          source: 'crm',
          operation: 'preorder.write',
          entity: 'preorder',
          entityId: row.id,
          remoteId: row.remoteId,
          outcome: 'ok',
          detail: {
            ...(stage ? { stage } : {}),
            ...(amount ? { amount: formatAmount(amount.minor) } : {}),
            notes: notes.length,
          },
        },
      ];
      await audit(tx, trail);
      await recordSuccess(tx, conn.id);
    });
  }
  await clearItems(runtime.db, items);
  return { kind: 'progress', handled: items.length };
}

function preorderEventData(
  preorderId: string,
  conn: FlushContext['conn'],
  remoteId: string,
  composition: PreorderComposition,
) {
  return {
    preorderId,
    origin: originOf(conn, remoteId),
    client: composition.client,
    lines: composition.lines.map((line) => ({
      productId: line.productId,
      name: line.name,
      quantity: line.quantity,
      price: formatAmount(line.price.minor),
      amount: formatAmount(line.amount.minor),
    })),
    total: formatAmount(composition.total.minor),
    currency: composition.total.currency,
    ...(composition.comment ? { comment: composition.comment } : {}),
    ...(composition.visitDate ? { visitDate: composition.visitDate } : {}),
  };
}

function originOf(conn: FlushContext['conn'], remoteId: string) {
  return { system: conn.kind, connectionId: conn.id, remoteId };
}

function storedComposition(composition: PreorderComposition) {
  return { lines: composition.lines.length, total: composition.total };
}

function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);
}
