/**
 * A CRM webhook delivery: the secret in the URL is checked, the connector decodes the body into
 * normalised changes, they are stored and the inbox job is woken — all before answering, and fast.
 */
import type { RawWebhook } from '../connectors/contract.ts';
import { audit } from '../store/audit-repo.ts';
import { getConnection, openHookSecret } from '../store/connections-repo.ts';
import { storeInbound } from '../store/inbox-repo.ts';
import { safeEqual } from '../store/secrets.ts';
import { getTenant } from '../store/tenants-repo.ts';
import { NoConnectorError, openConn } from './conn.ts';
import type { Runtime } from './runtime.ts';

export type WebhookVerdict =
  | { readonly kind: 'accepted'; readonly changes: number }
  | { readonly kind: 'unknown_connection' }
  | { readonly kind: 'bad_secret' }
  | { readonly kind: 'refused'; readonly detail: string }
  | { readonly kind: 'ignored'; readonly detail: string };

export async function receiveWebhook(
  runtime: Runtime,
  connectionId: string,
  secret: string,
  raw: RawWebhook,
): Promise<WebhookVerdict> {
  const row = await getConnection(runtime.db, connectionId);
  if (!row) return { kind: 'unknown_connection' };
  if (!safeEqual(secret, openHookSecret(runtime.box, row))) return { kind: 'bad_secret' };
  const tenant = await getTenant(runtime.db, row.tenantId);
  if (!tenant) return { kind: 'unknown_connection' };
  let decoded: ReturnType<ReturnType<typeof openConn>['connector']['decodeWebhook']>;
  try {
    const { conn, connector } = openConn(runtime, row, tenant.timeZone);
    decoded = connector.decodeWebhook(conn, raw);
  } catch (error) {
    if (error instanceof NoConnectorError) return { kind: 'refused', detail: error.message };
    throw error;
  }
  const base = {
    tenantId: row.tenantId,
    connectionId,
    source: 'crm' as const,
    entity: 'connection',
    entityId: connectionId,
  };
  if (!decoded.ok) {
    await audit(runtime.db, [
      { ...base, operation: 'webhook', outcome: 'error', detail: { ...decoded.error } },
    ]);
    return decoded.error.kind === 'unauthorized'
      ? { kind: 'refused', detail: decoded.error.detail }
      : { kind: 'ignored', detail: decoded.error.detail };
  }
  const changes = decoded.value;
  if (changes.length > 0) {
    await runtime.db.transaction(async (tx) => {
      await storeInbound(tx, connectionId, 'webhook', changes);
      await runtime.wake(tx, [{ job: 'crm.inbox', connectionId }]);
    });
  }
  return { kind: 'accepted', changes: changes.length };
}
