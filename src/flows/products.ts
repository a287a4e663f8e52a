/** Lime's product list → the CRM's product catalog, matched by the Lime product id. */
import type { ProductWrite, RemoteProduct } from '../connectors/contract.ts';
import { type AuditEntry, audit } from '../store/audit-repo.ts';
import { recordSuccess } from '../store/connections-repo.ts';
import { addDeadLetters, type DeadLetterInput } from '../store/dead-letters-repo.ts';
import { clearItems, countAttempt, type DirtyItem, dueItems } from '../store/dirty-repo.ts';
import * as lime from '../store/lime-repo.ts';
import { countLinks, dropLink, linksByLocal, saveLink } from '../store/links-repo.ts';
import type { FlushContext, FlushStep } from './flush-context.ts';

export async function flushProducts(ctx: FlushContext): Promise<FlushStep> {
  const { runtime, conn, connector, tenant } = ctx;
  const items = await dueItems(runtime.db, conn.id, 'product', connector.limits.productsPerRequest);
  if (items.length === 0) return { kind: 'idle' };
  const products = new Map(
    (
      await lime.loadProducts(
        runtime.db,
        tenant.id,
        items.map((i) => i.entityId),
      )
    ).map((p) => [p.productId, p]),
  );
  const links = await linksByLocal(runtime.db, conn.id, 'product', [...products.keys()]);
  const adopted = await adoptExisting(
    ctx,
    items.filter((item) => !links.has(item.entityId)),
  );
  if (!adopted.ok) return { kind: 'failed', error: adopted.error };
  const writes: { item: DirtyItem; write: ProductWrite }[] = [];
  const skipped: DirtyItem[] = [];
  for (const item of items) {
    const product = products.get(item.entityId);
    const remoteId = links.get(item.entityId)?.remoteId ?? adopted.value.get(item.entityId)?.remoteId ?? null;
    // A product withdrawn before it ever reached the CRM needs nothing.
    if (!product || (product.deleted && remoteId === null)) {
      skipped.push(item);
      continue;
    }
    writes.push({
      item,
      write: { ref: item.entityId, remoteId, action: product.deleted ? 'remove' : 'upsert', product },
    });
  }
  await runtime.db.transaction(async (tx) => {
    await clearItems(tx, skipped);
    await countAttempt(
      tx,
      writes.filter((w) => w.write.remoteId === null).map((w) => w.item),
    );
  });
  if (writes.length === 0) return { kind: 'progress', handled: items.length };
  const written = await connector.writeProducts(
    conn,
    writes.map((w) => w.write),
  );
  if (!written.ok) return { kind: 'failed', error: written.error };
  const outcomes = new Map(written.value.map((o) => [o.ref, o]));
  const trail: AuditEntry[] = [];
  const done: DirtyItem[] = [];
  const letters: DeadLetterInput[] = [];
  await runtime.db.transaction(async (tx) => {
    for (const { item, write } of writes) {
      const outcome = outcomes.get(item.entityId);
      if (!outcome) continue;
      const operation =
        write.action === 'remove' ? 'product.remove' : write.remoteId ? 'product.update' : 'product.create';
      const base = {
        tenantId: tenant.id,
        connectionId: conn.id,
        source: 'crm' as const,
        operation,
        entity: 'product',
        entityId: item.entityId,
      };
      if (outcome.ok) {
        if (write.action === 'remove') await dropLink(tx, conn.id, 'product', item.entityId);
        else
          await saveLink(tx, conn.id, 'product', {
            localId: item.entityId,
            remoteId: outcome.remoteId,
            remoteState: outcome.state,
          });
        trail.push({ ...base, remoteId: outcome.remoteId, outcome: 'ok' });
        done.push(item);
      } else if (outcome.error.kind === 'not_found') {
        await dropLink(tx, conn.id, 'product', item.entityId);
        if (write.action === 'remove') done.push(item);
        trail.push({
          ...base,
          remoteId: write.remoteId,
          outcome: 'skipped',
          detail: { reason: 'gone from the CRM' },
        });
      } else if (outcome.error.kind === 'rejected') {
        letters.push({
          tenantId: tenant.id,
          connectionId: conn.id,
          flow: 'product',
          entityId: item.entityId,
          error: { ...outcome.error },
        });
        trail.push({
          ...base,
          outcome: 'error',
          detail: { error: outcome.error.kind, message: outcome.error.detail },
        });
        done.push(item);
      }
    }
    await addDeadLetters(tx, letters);
    await clearItems(tx, done);
    await audit(tx, trail);
    await recordSuccess(tx, conn.id);
  });
  return { kind: 'progress', handled: items.length };
}

/**
 * Products without a link may already be in the catalog (an earlier install, or a create whose answer
 * was lost): when the connection has no product links yet, or a create was tried before, the catalog
 * is scanned (it is small) and products carrying a Lime id are adopted.
 */
async function adoptExisting(ctx: FlushContext, unlinked: readonly DirtyItem[]) {
  const { runtime, conn, connector } = ctx;
  const adopted = new Map<string, RemoteProduct>();
  if (unlinked.length === 0) return { ok: true as const, value: adopted };
  const linked = (await countLinks(runtime.db, conn.id)).product ?? 0;
  if (linked > 0 && unlinked.every((item) => item.attempts === 0))
    return { ok: true as const, value: adopted };
  const wanted = new Set(unlinked.map((item) => item.entityId));
  let cursor: string | null = null;
  do {
    const page = await connector.scanProducts(conn, cursor);
    if (!page.ok) return page;
    for (const product of page.value.items)
      if (product.productId && wanted.has(product.productId)) adopted.set(product.productId, product);
    cursor = page.value.next;
  } while (cursor);
  return { ok: true as const, value: adopted };
}
