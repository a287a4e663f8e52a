/**
 * CRM → Lime contacts: a CRM record as it is now is judged field by field in the core (echo, first
 * sight, accepted edit, conflict) and only real edits leave as `client.changed`.
 */
import type { RemoteContact } from '../connectors/contract.ts';
import { personalData } from '../core/model/client.ts';
import { judgeRemoteEdit } from '../core/sync/conflict.ts';
import { type AuditEntry, audit } from '../store/audit-repo.ts';
import type { Tx } from '../store/db.ts';
import { markDirty } from '../store/dirty-repo.ts';
import { appendOutbound } from '../store/events-repo.ts';
import * as lime from '../store/lime-repo.ts';
import { dropLink, linksByLocal, linksByRemote, saveLink, updateBaseline } from '../store/links-repo.ts';
import { indexRemoteContacts, unindexRemoteContacts } from '../store/remote-contacts-repo.ts';
import { baselineOf, toCandidate } from './contacts-out.ts';
import type { FlushContext } from './flush-context.ts';

export async function applyRemoteContacts(
  ctx: FlushContext,
  contacts: readonly RemoteContact[],
): Promise<void> {
  const { runtime, conn } = ctx;
  if (contacts.length === 0) return;
  await runtime.db.transaction(async (tx) => {
    await indexRemoteContacts(tx, conn.id, contacts.map(toCandidate));
    const links = await linksByRemote(
      tx,
      conn.id,
      'client',
      contacts.map((c) => c.remoteId),
    );
    for (const contact of contacts) {
      const link = links.get(contact.remoteId);
      if (link) await judgeLinked(ctx, tx, contact, link);
      else await adoptIfOurs(ctx, tx, contact);
    }
  });
}

export async function applyRemoteDeletions(ctx: FlushContext, remoteIds: readonly string[]): Promise<void> {
  const { runtime, conn, tenant } = ctx;
  if (remoteIds.length === 0) return;
  await runtime.db.transaction(async (tx) => {
    const links = await linksByRemote(tx, conn.id, 'client', remoteIds);
    await unindexRemoteContacts(tx, conn.id, remoteIds);
    const trail: AuditEntry[] = [];
    for (const link of links.values()) {
      await dropLink(tx, conn.id, 'client', link.localId);
      trail.push({
        tenantId: tenant.id,
        connectionId: conn.id,
        source: 'crm',
        operation: 'contact.deleted',
        entity: 'client',
        entityId: link.localId,
        remoteId: link.remoteId,
        outcome: 'ok',
      });
    }
    await audit(tx, trail);
  });
}

async function judgeLinked(
  ctx: FlushContext,
  tx: Tx,
  contact: RemoteContact,
  link: { localId: string; baseline: Parameters<typeof judgeRemoteEdit>[2] },
) {
  const { runtime, conn, tenant } = ctx;
  const client = await lime.loadClient(tx, tenant.id, link.localId);
  if (!client) return;
  const edit = judgeRemoteEdit(contact.personal, personalData(client), link.baseline, runtime.now());
  await updateBaseline(tx, conn.id, 'client', link.localId, edit.baseline, contact.state);
  const base = {
    tenantId: tenant.id,
    connectionId: conn.id,
    source: 'crm' as const,
    entity: 'client',
    entityId: client.clientId,
    remoteId: contact.remoteId,
  };
  const trail: AuditEntry[] = [];
  const changed = Object.keys(edit.changes);
  if (changed.length > 0) {
    await appendOutbound(tx, tenant.id, [
      {
        type: 'client.changed',
        subject: `client:${client.clientId}`,
        occurredAt: runtime.now(),
        data: {
          clientId: client.clientId,
          changes: edit.changes,
          origin: { system: conn.kind, connectionId: conn.id, remoteId: contact.remoteId },
        },
      },
    ]);
    await lime.mirrorCrmEdit(tx, tenant.id, client.clientId, edit.changes);
    await runtime.wake(tx, [{ job: 'lime.push', tenantId: tenant.id }]);
    trail.push({ ...base, operation: 'client.changed', outcome: 'ok', detail: { fields: changed } });
  }
  if (edit.conflicts.length > 0) {
    // Lime's unsent change wins; writing it is already owed, this makes sure it goes soon.
    await markDirty(tx, [{ connectionId: conn.id, flow: 'contact', entityId: client.clientId }]);
    await runtime.wake(tx, [{ job: 'crm.flush', connectionId: conn.id, flow: 'contact', delayMs: 0 }]);
    trail.push({
      ...base,
      operation: 'contact.conflict',
      outcome: 'conflict',
      detail: { fields: edit.conflicts, winner: 'lime' },
    });
  }
  await audit(tx, trail);
}

/** A contact carrying the Lime id of a client we have not linked (a lost create answer, an old install). */
async function adoptIfOurs(ctx: FlushContext, tx: Tx, contact: RemoteContact) {
  const { conn, tenant, runtime } = ctx;
  if (!contact.limeId) return;
  const client = await lime.loadClient(tx, tenant.id, contact.limeId);
  if (client?.category !== 'adult') return;
  const existing = await linksByLocal(tx, conn.id, 'client', [client.clientId]);
  if (existing.has(client.clientId)) return;
  await saveLink(tx, conn.id, 'client', {
    localId: client.clientId,
    remoteId: contact.remoteId,
    baseline: baselineOf(contact),
    remoteState: contact.state,
  });
  await markDirty(tx, [{ connectionId: conn.id, flow: 'contact', entityId: client.clientId }]);
  await runtime.wake(tx, [
    { job: 'crm.flush', connectionId: conn.id, flow: 'contact', delayMs: conn.options.flushDelayMs },
  ]);
  await audit(tx, [
    {
      tenantId: tenant.id,
      connectionId: conn.id,
      source: 'crm',
      operation: 'contact.adopt',
      entity: 'client',
      entityId: client.clientId,
      remoteId: contact.remoteId,
      outcome: 'ok',
    },
  ]);
}
