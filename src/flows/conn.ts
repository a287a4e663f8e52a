/** Builds the `Conn` a connector works with: options, schema, credentials and the rate-limited HTTP path. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Conn, CrmConnector, CrmHttp, CrmKind, Json } from '../connectors/contract.ts';
import { createCrmHttp } from '../connectors/http.ts';
import { connectorFor } from '../connectors/registry.ts';
import { type ConnectionRow, openCredentials, openHookSecret } from '../store/connections-repo.ts';
import { penalizeSlot, type RateShape, reserveSlot } from '../store/rate-slots-repo.ts';
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
    throttle: (bucket) => takeSlot(runtime, `${row.id}:${bucket}`, shape),
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

/** A send this much later than its slot would crowd the slots after it, which others send on time. */
const LATE_MS = 100;
/** Slots missed in a row (an overloaded process) before the work is put off instead. */
const MAX_LATE = 5;

/**
 * Waits for a rate slot. A process that wakes late (a busy event loop, a paused VM) does not send: the
 * requests of the slots after its own may be going out on time, and a late one among them would put
 * more than the limit into some second. It takes a new slot instead; the missed one stays unused.
 */
async function takeSlot(runtime: Runtime, key: string, shape: RateShape) {
  for (let missed = 0; missed < MAX_LATE; missed += 1) {
    const wait = await reserveSlot(runtime.db, key, shape, runtime.maxSlotWaitMs);
    if (wait === null) return { retryAfterMs: runtime.maxSlotWaitMs };
    if (wait <= 0) return null;
    const due = performance.now() + wait;
    await sleep(wait);
    if (performance.now() - due <= LATE_MS) return null;
  }
  return { retryAfterMs: 1000 };
}
