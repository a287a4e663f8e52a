/** A real hub for integration tests (in-process), and small clients for its APIs. */
import { request } from 'undici';
import { readConfig } from '../../src/config.ts';
import { type Hub, startHub } from '../../src/hub.ts';
import { createLogger } from '../../src/log.ts';
import { createTestDatabase, type Engine, type TestDatabase } from './databases.ts';

export type TestHub = Hub & { readonly db: TestDatabase; stop(): Promise<void> };

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const SECRET_KEY = '0'.repeat(64);

export async function startTestHub(
  engine: Engine,
  env: Record<string, string> = {},
  extra: { crmTimeoutMs?: number } = {},
): Promise<TestHub> {
  const db = await createTestDatabase(engine);
  const config = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LIMEBRIDGE_ADMIN_TOKEN: ADMIN_TOKEN,
    LIMEBRIDGE_SECRET_KEY: SECRET_KEY,
    LIMEBRIDGE_DATA_DIR: db.dataDir,
    LOG_LEVEL: process.env.LIMEBRIDGE_TEST_LOG ?? 'silent',
    ...(db.url ? { DATABASE_URL: db.url } : {}),
    ...env,
  });
  const hub = await startHub({
    config,
    log: createLogger(config.logLevel),
    crmTimeoutMs: extra.crmTimeoutMs ?? 5_000,
  });
  return {
    ...hub,
    db,
    async stop() {
      await hub.close();
      await db.drop();
    },
  };
}

export type Answer<T = unknown> = {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
};

export async function call<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; json?: unknown; raw?: string; contentType?: string } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  if (options.raw !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const answer = await request(`${baseUrl}${path}`, {
    method: method as 'GET',
    headers,
    body: options.json !== undefined ? JSON.stringify(options.json) : options.raw,
  });
  const text = await answer.body.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: answer.statusCode, body: body as T, headers: answer.headers };
}

export const admin = <T = unknown>(hub: { url: string }, method: string, path: string, json?: unknown) =>
  call<T>(hub.url, method, path, { token: ADMIN_TOKEN, ...(json !== undefined ? { json } : {}) });

export async function createTenant(
  hub: { url: string },
  input: { name?: string; timezone?: string; limeWebhookUrl?: string } = {},
) {
  const created = await admin<{ id: string; apiKey: string; webhookSecret: string }>(
    hub,
    'POST',
    '/admin/v1/tenants',
    { name: 'Аквапарк «Волна»', ...input },
  );
  if (created.status !== 201)
    throw new Error(`tenant create failed: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

export const postEvents = (hub: { url: string }, apiKey: string, events: unknown[]) =>
  call<{ accepted: number; duplicates: number }>(hub.url, 'POST', '/v1/events', {
    token: apiKey,
    json: { events },
  });

/** Polls `check` until it returns a value (not undefined/false) or the time is up. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  stepMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
