/** Builds the `Conn` a connector works with: options, schema, credentials and the rate-limited HTTP path. */
import type { Conn, CrmConnector, CrmHttp, CrmKind, Json } from '../connectors/contract.ts';
import { createCrmHttp } from '../connectors/http.ts';
import { connectorFor } from '../connectors/registry.ts';
import { type ConnectionRow, openCredentials, openHookSecret } from '../store/connections-repo.ts';
import { penalizeSlot, reserveSlot } from '../store/rate-slots-repo.ts';
import { resolveOptions } from './connection-options.ts';
import { refreshCredentials } from './credentials.ts';
import { hookUrl, type Runtime } from './runtime.ts';

export type OpenConn = { readonly conn: Conn; readonly connector: CrmConnector };

export class NoConnectorError extends Error {
  readonly kind: string;
  constructor(kind: string) {
    super(`no connector for CRM kind "${kind}"`);
    this.kind = kind;
  }
}

export function openConn(runtime: Runtime, row: ConnectionRow, timeZone: string): OpenConn {
  const connector = connectorFor(row.kind as CrmKind);
  if (!connector) throw new NoConnectorError(row.kind);
  let credentials: Json = openCredentials(runtime.box, row);
  const owner = { id: row.id, tenantId: row.tenantId };
  const shape = { rate: connector.limits.requestsPerSecond, burst: connector.limits.burst };
  const http: CrmHttp = createCrmHttp({
    auth: connector.auth,
    classify: (response) => connector.classify(response),
    credentials: async () => credentials,
    refresh: async (stale) => {
      const fresh = await refreshCredentials(runtime, connector, owner, stale, http);
      if (fresh.ok) credentials = fresh.value;
      return fresh;
    },
    throttle: async (bucket) => {
      const key = `${row.id}:${bucket}`;
      const wait = await reserveSlot(runtime.db, key, shape, runtime.maxSlotWaitMs);
      if (wait === null) return { retryAfterMs: runtime.maxSlotWaitMs };
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      return null;
    },
    penalize: (bucket, delayMs) => penalizeSlot(runtime.db, `${row.id}:${bucket}`, shape, delayMs),
    timeoutMs: runtime.crmTimeoutMs,
    now: runtime.now,
    observe: ({ request, status, ms }) =>
      runtime.observeCrm?.({
        kind: row.kind,
        method: `${request.method} ${request.path.split('?')[0]}`,
        status,
        ms,
      }),
  });
  const conn: Conn = {
    id: row.id,
    tenantId: row.tenantId,
    kind: row.kind as CrmKind,
    options: resolveOptions(row.kind, row.options),
    schema: (row.schema ?? null) as Json,
    get credentials() {
      return credentials;
    },
    webhookUrl: hookUrl(runtime, row.id, openHookSecret(runtime.box, row)),
    timeZone,
    http,
    now: runtime.now,
  };
  return { conn, connector };
}
