/**
 * Refreshing a rotating OAuth token exactly once per rotation, even with several processes: an
 * in-process single flight, then a lease on the connection row, then a re-read — whoever refreshed
 * first wins and everyone else uses the new token. Never declare a token dead before re-reading.
 */
import type { CrmConnector, CrmHttp, CrmResult, Json } from '../connectors/contract.ts';
import { err, ok } from '../core/result.ts';
import { fingerprint } from '../core/sync/fingerprint.ts';
import { audit } from '../store/audit-repo.ts';
import * as repo from '../store/connections-repo.ts';
import type { Runtime } from './runtime.ts';

const inFlight = new Map<string, Promise<CrmResult<Json>>>();
const LEASE_MS = 30_000;
const WAIT_STEP_MS = 150;

export function refreshCredentials(
  runtime: Runtime,
  connector: CrmConnector,
  connection: { id: string; tenantId: string },
  stale: Json,
  http: CrmHttp,
): Promise<CrmResult<Json>> {
  const running = inFlight.get(connection.id);
  if (running) return running;
  const attempt = refreshOnce(runtime, connector, connection, stale, http).finally(() =>
    inFlight.delete(connection.id),
  );
  inFlight.set(connection.id, attempt);
  return attempt;
}

async function refreshOnce(
  runtime: Runtime,
  connector: CrmConnector,
  connection: { id: string; tenantId: string },
  stale: Json,
  http: CrmHttp,
): Promise<CrmResult<Json>> {
  const staleFp = fingerprint(JSON.stringify(stale));
  const deadline = runtime.now() + LEASE_MS;
  while (runtime.now() < deadline) {
    const current = await currentCredentials(runtime, connection.id);
    if (!current) return err({ kind: 'auth', refreshable: false, detail: 'the connection is gone' });
    if (fingerprint(JSON.stringify(current)) !== staleFp) return ok(current);
    if (await repo.takeTokenLease(runtime.db, connection.id, LEASE_MS)) {
      return refreshUnderLease(runtime, connector, connection, staleFp, http);
    }
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
  return err({ kind: 'unavailable', detail: 'another process is still refreshing the token' });
}

async function refreshUnderLease(
  runtime: Runtime,
  connector: CrmConnector,
  connection: { id: string; tenantId: string },
  staleFp: string,
  http: CrmHttp,
): Promise<CrmResult<Json>> {
  const current = await currentCredentials(runtime, connection.id);
  if (!current) return err({ kind: 'auth', refreshable: false, detail: 'the connection is gone' });
  if (fingerprint(JSON.stringify(current)) !== staleFp) {
    await repo.releaseTokenLease(runtime.db, connection.id);
    return ok(current);
  }
  const refreshed = await connector.auth.refresh(current, http);
  if (refreshed.ok) {
    await repo.saveCredentials(runtime.db, runtime.box, connection.id, refreshed.value);
    await audit(runtime.db, [
      {
        tenantId: connection.tenantId,
        connectionId: connection.id,
        source: 'system',
        operation: 'token.refresh',
        entity: 'connection',
        entityId: connection.id,
        outcome: 'ok',
      },
    ]);
    return refreshed;
  }
  await repo.releaseTokenLease(runtime.db, connection.id);
  // A rotation race looks like a revoked token: only a token that is still the stored one is dead.
  const again = await currentCredentials(runtime, connection.id);
  if (again && fingerprint(JSON.stringify(again)) !== staleFp) return ok(again);
  if (refreshed.error.kind === 'auth') {
    await repo.updateConnection(runtime.db, connection.id, { state: 'needs_reauth' });
    await audit(runtime.db, [
      {
        tenantId: connection.tenantId,
        connectionId: connection.id,
        source: 'system',
        operation: 'token.refresh',
        entity: 'connection',
        entityId: connection.id,
        outcome: 'error',
        detail: { error: refreshed.error.kind, message: refreshed.error.detail },
      },
    ]);
    return err({ kind: 'auth', refreshable: false, detail: refreshed.error.detail });
  }
  return refreshed;
}

async function currentCredentials(runtime: Runtime, connectionId: string): Promise<Json | null> {
  const row = await repo.getConnection(runtime.db, connectionId);
  return row ? repo.openCredentials(runtime.box, row) : null;
}
