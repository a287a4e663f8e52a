/** Applies what CRMs told us (webhooks) or we asked them (polls), in arrival order, once. */
import type { InboundChange, RemoteContact } from '../connectors/contract.ts';
import { dropInbound, nextInbound } from '../store/inbox-repo.ts';
import { applyRemoteContacts, applyRemoteDeletions } from './contacts-in.ts';
import type { FlushContext, FlushStep } from './flush-context.ts';
import { handlePreorderTouched } from './preorders.ts';

const ROWS_PER_STEP = 20;

export async function processInbox(ctx: FlushContext): Promise<FlushStep> {
  const rows = await nextInbound(ctx.runtime.db, ctx.conn.id, ROWS_PER_STEP);
  if (rows.length === 0) return { kind: 'idle' };
  const latest = latestPerRecord(rows.flatMap((row) => row.changes));
  const snapshots: RemoteContact[] = [];
  const touched: string[] = [];
  const deleted: string[] = [];
  const preorders: string[] = [];
  for (const change of latest) {
    if (change.kind === 'contact.snapshot') snapshots.push(change.contact);
    else if (change.kind === 'contact.touched') touched.push(change.remoteId);
    else if (change.kind === 'contact.deleted') deleted.push(change.remoteId);
    else preorders.push(change.remoteId);
  }
  if (touched.length > 0) {
    const fetched = await ctx.connector.fetchContacts(ctx.conn, touched);
    if (!fetched.ok) return { kind: 'failed', error: fetched.error };
    snapshots.push(...fetched.value);
    const found = new Set(fetched.value.map((c) => c.remoteId));
    deleted.push(...touched.filter((id) => !found.has(id)));
  }
  if (ctx.conn.options.flows.contacts) {
    await applyRemoteContacts(ctx, snapshots);
    await applyRemoteDeletions(ctx, deleted);
  }
  if (ctx.conn.options.flows.preorders) {
    for (const remoteId of preorders) {
      const result = await handlePreorderTouched(ctx, remoteId);
      if (result.kind === 'failed') return { kind: 'failed', error: result.error };
    }
  }
  await dropInbound(
    ctx.runtime.db,
    ctx.conn.id,
    rows.map((row) => row.id),
  );
  return { kind: 'progress', handled: latest.length };
}

/** Several deliveries about one record collapse into the last one (it is re-read anyway where needed). */
function latestPerRecord(changes: readonly InboundChange[]): InboundChange[] {
  const latest = new Map<string, InboundChange>();
  for (const change of changes) {
    const id = change.kind === 'contact.snapshot' ? change.contact.remoteId : change.remoteId;
    const family = change.kind === 'preorder.touched' ? 'preorder' : 'contact';
    const key = `${family}:${id}`;
    latest.delete(key);
    latest.set(key, change);
  }
  return [...latest.values()];
}
