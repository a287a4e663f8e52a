/**
 * A full pass that repairs whatever drifted: the CRM is scanned page by page (with a checkpoint after
 * each page, so an interrupted pass resumes), baselines are reset to what the CRM shows now, records
 * carrying Lime ids are adopted, links to records gone from the CRM are dropped, and every client and
 * product is owed once more — the flushes then write only the fields that differ.
 */

import { sql } from 'drizzle-orm';
import type { Baseline } from '../core/sync/baseline.ts';
import { audit } from '../store/audit-repo.ts';
import { getConnection } from '../store/connections-repo.ts';
import { rows } from '../store/db.ts';
import { markEverythingDirty } from '../store/dirty-repo.ts';
import { dropLinksNotSeenSince, linksByRemote, touchLinks, updateBaseline } from '../store/links-repo.ts';
import {
  addResyncProgress,
  createResyncRun,
  type ResyncScope,
  resyncRun,
  updateResyncRun,
} from '../store/resync-repo.ts';
import { applyRemoteContacts } from './contacts-in.ts';
import { baselineOf } from './contacts-out.ts';
import type { FlushContext } from './flush-context.ts';
import { openContext, type RunOutcome } from './runner.ts';
import type { Runtime } from './runtime.ts';
import { wakeAllFlows } from './wake.ts';

export async function startResync(runtime: Runtime, connectionId: string, scope: ResyncScope) {
  const row = await getConnection(runtime.db, connectionId);
  if (!row) return null;
  const run = await runtime.db.transaction(async (tx) => {
    const created = await createResyncRun(tx, connectionId, scope);
    await runtime.wake(tx, [{ job: 'crm.resync', connectionId, runId: created.id }]);
    return created;
  });
  await audit(runtime.db, [
    {
      tenantId: row.tenantId,
      connectionId,
      source: 'admin',
      operation: 'resync.start',
      entity: 'connection',
      entityId: connectionId,
      outcome: 'ok',
      detail: { scope, runId: run.id },
    },
  ]);
  return { runId: run.id, state: run.state, scope };
}

type Cursor = { phase: 'products' | 'contacts' | 'finish'; page: string | null };

export async function runResync(runtime: Runtime, runId: string, budgetMs = 20_000): Promise<RunOutcome> {
  const run = await resyncRun(runtime.db, runId);
  if (!run || run.state === 'done' || run.state === 'failed') return { kind: 'done' };
  const ctx = await openContext(runtime, run.connectionId);
  if ('held' in ctx) return { kind: 'held', reason: ctx.held };
  let cursor: Cursor = run.cursor
    ? (JSON.parse(run.cursor) as Cursor)
    : { phase: run.scope === 'clients' ? 'contacts' : 'products', page: null };
  if (run.state === 'queued') {
    await updateResyncRun(runtime.db, runId, { state: 'running', total: await totalOf(ctx, run.scope) });
  }
  const deadline = runtime.now() + budgetMs;
  while (runtime.now() < deadline) {
    if (cursor.phase === 'finish') {
      await finish(ctx, runId, run.scope, run.startedAt);
      return { kind: 'done' };
    }
    const step =
      cursor.phase === 'products'
        ? await productsStep(ctx, runId)
        : await contactsStep(ctx, runId, cursor.page);
    if (!step.ok) {
      await updateResyncRun(runtime.db, runId, {
        error: { kind: step.error.kind, detail: 'detail' in step.error ? step.error.detail : '' },
      });
      return { kind: 'failed', error: step.error };
    }
    cursor = step.next ?? {
      phase: cursor.phase === 'products' && run.scope === 'all' ? 'contacts' : 'finish',
      page: null,
    };
    await updateResyncRun(runtime.db, runId, { cursor: JSON.stringify(cursor), error: null });
  }
  return { kind: 'more' };
}

async function productsStep(ctx: FlushContext, runId: string) {
  const marked = await markEverythingDirty(ctx.runtime.db, ctx.tenant.id, ctx.conn.id, 'product');
  await addResyncProgress(ctx.runtime.db, runId, marked);
  return { ok: true as const, next: null };
}

async function contactsStep(ctx: FlushContext, runId: string, page: string | null) {
  const { runtime, conn, connector } = ctx;
  const scanned = await connector.scanContacts(conn, page);
  if (!scanned.ok) return scanned;
  const contacts = scanned.value.items;
  await applyRemoteContacts(ctx, contacts);
  await runtime.db.transaction(async (tx) => {
    const links = await linksByRemote(
      tx,
      conn.id,
      'client',
      contacts.map((c) => c.remoteId),
    );
    for (const contact of contacts) {
      const link = links.get(contact.remoteId);
      if (!link) continue;
      // What the CRM shows now becomes the baseline; the next flush writes only what differs. A field
      // this CRM cannot show (absent from its card, e.g. amoCRM's middle name) keeps what was agreed.
      const shown = baselineOf(contact);
      const baseline: Baseline = {
        ...shown,
        synced: { ...link.baseline.synced, ...shown.synced },
        pendingLime: link.baseline.pendingLime,
      };
      await updateBaseline(tx, conn.id, 'client', link.localId, baseline, contact.state);
    }
    await touchLinks(
      tx,
      conn.id,
      'client',
      contacts.map((c) => c.remoteId),
    );
    await addResyncProgress(tx, runId, contacts.length);
  });
  return {
    ok: true as const,
    next: scanned.value.next ? { phase: 'contacts' as const, page: scanned.value.next } : null,
  };
}

async function finish(ctx: FlushContext, runId: string, scope: string, startedAt: Date) {
  const { runtime, conn, tenant } = ctx;
  let dropped = 0;
  let owed = 0;
  await runtime.db.transaction(async (tx) => {
    if (scope !== 'products') {
      dropped = await dropLinksNotSeenSince(tx, conn.id, 'client', startedAt);
      owed = await markEverythingDirty(tx, tenant.id, conn.id, 'contact');
    }
    await updateResyncRun(tx, runId, { state: 'done', finishedAt: new Date() });
    await audit(tx, [
      {
        tenantId: tenant.id,
        connectionId: conn.id,
        source: 'system',
        operation: 'resync.finish',
        entity: 'connection',
        entityId: conn.id,
        outcome: 'ok',
        detail: { runId, droppedLinks: dropped, owedClients: owed },
      },
    ]);
  });
  await wakeAllFlows(runtime, conn.id);
}

async function totalOf(ctx: FlushContext, scope: string): Promise<number> {
  const [counts] = await rows<{ clients: number; products: number }>(
    ctx.runtime.db,
    sql`select (select count(*)::int from clients where tenant_id = ${ctx.tenant.id} and category = 'adult' and erased_at is null) as clients,
               (select count(*)::int from products where tenant_id = ${ctx.tenant.id}) as products`,
  );
  const clients = Number(counts?.clients ?? 0);
  const products = Number(counts?.products ?? 0);
  return scope === 'products' ? products : scope === 'clients' ? clients : clients + products;
}
