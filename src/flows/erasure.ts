/**
 * Lime asked to forget a person: their contact is deleted, or its personal fields blanked, per the
 * connection's policy (blanked where the CRM cannot delete by API); then the link and index go too.
 */
import type { ContactCard } from '../core/derive/contact-card.ts';
import { CARD_FIELDS } from '../core/sync/diff.ts';
import { type AuditEntry, audit } from '../store/audit-repo.ts';
import { recordSuccess } from '../store/connections-repo.ts';
import { clearItems, type DirtyItem, dueItems } from '../store/dirty-repo.ts';
import { dropLink, linksByLocal } from '../store/links-repo.ts';
import { unindexRemoteContacts } from '../store/remote-contacts-repo.ts';
import type { FlushContext, FlushStep } from './flush-context.ts';

/** Every field a contact shows, emptied. */
export const BLANK_CARD: Partial<ContactCard> = Object.fromEntries(CARD_FIELDS.map((field) => [field, null]));

export async function flushErasures(ctx: FlushContext): Promise<FlushStep> {
  const { runtime, conn, connector, tenant } = ctx;
  const items = await dueItems(runtime.db, conn.id, 'erase', connector.limits.contactsPerRequest);
  if (items.length === 0) return { kind: 'idle' };
  const links = await linksByLocal(
    runtime.db,
    conn.id,
    'client',
    items.map((i) => i.entityId),
  );
  const linked = items.filter((item) => links.has(item.entityId));
  const remoteOf = (item: DirtyItem) => links.get(item.entityId)?.remoteId ?? '';
  const remove = conn.options.erasure === 'delete' && connector.capabilities.deleteContacts;
  const result = remove
    ? await connector.deleteContacts(conn, linked.map(remoteOf))
    : await connector.writeContacts(
        conn,
        linked.map((item) => ({
          ref: item.entityId,
          remoteId: remoteOf(item),
          fields: BLANK_CARD,
          state: links.get(item.entityId)?.remoteState ?? {},
        })),
      );
  if (!result.ok) return { kind: 'failed', error: result.error };
  const outcomes = new Map(result.value.map((o) => [o.ref, o]));
  const trail: AuditEntry[] = [];
  const done: DirtyItem[] = items.filter((item) => !links.has(item.entityId));
  await runtime.db.transaction(async (tx) => {
    for (const item of linked) {
      const remoteId = remoteOf(item);
      const outcome = outcomes.get(remove ? remoteId : item.entityId);
      const settled = outcome?.ok || (outcome && !outcome.ok && outcome.error.kind === 'not_found');
      if (!settled) continue;
      await dropLink(tx, conn.id, 'client', item.entityId);
      await unindexRemoteContacts(tx, conn.id, [remoteId]);
      trail.push({
        tenantId: tenant.id,
        connectionId: conn.id,
        source: 'crm',
        operation: remove ? 'contact.delete' : 'contact.blank',
        entity: 'client',
        entityId: item.entityId,
        remoteId,
        outcome: 'ok',
      });
      done.push(item);
    }
    await clearItems(tx, done);
    await audit(tx, trail);
    await recordSuccess(tx, conn.id);
  });
  return { kind: 'progress', handled: items.length };
}
