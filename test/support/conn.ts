/**
 * A `Conn` for connector tests: the real HTTP path (createCrmHttp) with an in-memory rate limiter and
 * in-memory credentials, so a connector can be exercised against a sandbox without a database.
 */
import type { Conn, ConnectionOptions, CrmConnector, Json } from '../../src/connectors/contract.ts';
import { createCrmHttp } from '../../src/connectors/http.ts';
import { DEFAULT_PREORDER_STAGES } from '../../src/flows/connection-options.ts';

export type TestConn = Conn & { setSchema(schema: Json): void; refreshes: number };

export function testConn(input: {
  connector: CrmConnector;
  credentials: Json;
  schema?: Json;
  options?: Partial<ConnectionOptions>;
  timeZone?: string;
  webhookUrl?: string;
  /** Requests per second for the in-memory limiter (default: the connector's own). */
  rate?: number;
}): TestConn {
  let credentials = input.credentials;
  let schema = input.schema ?? null;
  let refreshes = 0;
  let nextSlot = 0;
  const interval = 1000 / (input.rate ?? input.connector.limits.requestsPerSecond);
  const http = createCrmHttp({
    auth: input.connector.auth,
    classify: (response) => input.connector.classify(response),
    credentials: async () => credentials,
    refresh: async (stale) => {
      if (stale !== credentials) return { ok: true, value: credentials };
      const fresh = await input.connector.auth.refresh(credentials, http);
      if (fresh.ok) {
        credentials = fresh.value;
        refreshes += 1;
      }
      return fresh;
    },
    throttle: async () => {
      const now = Date.now();
      const at = Math.max(now, nextSlot);
      nextSlot = at + interval;
      if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
      return null;
    },
    penalize: async (_bucket, delayMs) => {
      nextSlot = Math.max(nextSlot, Date.now() + delayMs);
    },
    timeoutMs: 5_000,
    now: Date.now,
  });
  const options: ConnectionOptions = {
    fieldNames: { ...input.connector.defaultFieldNames, ...input.options?.fieldNames },
    erasure: input.options?.erasure ?? 'delete',
    flows: { products: true, contacts: true, notes: true, preorders: true, ...input.options?.flows },
    preorderPipeline: input.options?.preorderPipeline ?? 'Предзаказы',
    preorderStages: { ...DEFAULT_PREORDER_STAGES, ...input.options?.preorderStages },
    flushDelayMs: 0,
    pollIntervalSeconds: 60,
  };
  return {
    id: 'cn_test',
    tenantId: 'tn_test',
    kind: input.connector.kind,
    options,
    get schema() {
      return schema;
    },
    get credentials() {
      return credentials;
    },
    get refreshes() {
      return refreshes;
    },
    setSchema(next: Json) {
      schema = next;
    },
    webhookUrl: input.webhookUrl ?? 'http://127.0.0.1:9/hooks/cn_test/secret',
    timeZone: input.timeZone ?? 'Europe/Moscow',
    http,
    now: Date.now,
  };
}
