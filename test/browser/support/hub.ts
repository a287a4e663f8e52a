/** A real hub in-process on a free port with a temp PGlite directory, and the HTTP calls the tests make. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../../src/config.ts';
import { type Hub, startHub } from '../../../src/hub.ts';
import { createLogger } from '../../../src/log.ts';

export const ADMIN_TOKEN = 'browser-test-admin-token-0123456789';

export type BrowserHub = { readonly hub: Hub; readonly url: string; stop(): Promise<void> };

export async function startBrowserHub(): Promise<BrowserHub> {
  const dataDir = mkdtempSync(join(tmpdir(), 'limebridge-browser-'));
  const config = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LIMEBRIDGE_ADMIN_TOKEN: ADMIN_TOKEN,
    LIMEBRIDGE_SECRET_KEY: '1'.repeat(64),
    LIMEBRIDGE_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LIMEBRIDGE_TEST_LOG ?? 'silent',
  });
  const hub = await startHub({ config, log: createLogger(config.logLevel), crmTimeoutMs: 5_000 });
  return {
    hub,
    url: hub.url,
    async stop() {
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function postJson<T>(
  url: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function adminGet<T>(hub: BrowserHub, path: string): Promise<T> {
  const response = await fetch(`${hub.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function adminPost<T>(hub: BrowserHub, path: string, body: unknown): Promise<T> {
  const answer = await postJson<T>(`${hub.url}${path}`, body, ADMIN_TOKEN);
  if (answer.status >= 300) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A `client.upserted` event as Lime sends it (lime-protocol.md §2). */
export function clientEvent(clientId: string, firstName: string, extra: Record<string, unknown> = {}) {
  return {
    id: `evt-${clientId}-${Date.now()}`,
    type: 'client.upserted',
    occurredAt: new Date().toISOString(),
    data: {
      clientId,
      firstName,
      lastName: 'Иванова',
      category: 'adult',
      registrationChannel: 'cashdesk',
      phone: '+7 916 123-45-67',
      email: `${clientId}@example.ru`,
      ...extra,
    },
  };
}

export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
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
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
