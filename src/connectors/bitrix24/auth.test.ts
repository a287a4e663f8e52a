import { afterEach, describe, expect, it } from 'vitest';
import { testConn } from '../../../test/support/conn.ts';
import { unwrap } from '../../core/result.ts';
import type { Json } from '../contract.ts';
import { bitrix24 } from './index.ts';
import { startPortal, type TestPortal } from './test-portal.ts';
import { BOUND_EVENTS } from './webhook.ts';

let portal: TestPortal | undefined;
afterEach(async () => {
  await portal?.close();
  portal = undefined;
});

/** The HTTP path establish() gets: no credentials yet. */
const bootstrap = () => testConn({ connector: bitrix24, credentials: {}, rate: 1000 }).http;

async function oauthConnection(current: TestPortal, webhookUrl?: string) {
  const app = current.sandbox.createApp({ redirectUri: 'https://limebridge.example/oauth/callback' });
  const code = current.sandbox.issueAuthCode(app.clientId);
  const input = {
    auth: {
      type: 'oauth',
      portalUrl: current.sandbox.portalUrl,
      oauthUrl: current.sandbox.oauthUrl,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      authorizationCode: code,
      applicationToken: app.applicationToken,
    },
  };
  expect(bitrix24.auth.inputSchema.safeParse(input).success).toBe(true);
  const credentials = unwrap(await bitrix24.auth.establish(input, bootstrap()));
  const conn = testConn({
    connector: bitrix24,
    credentials,
    rate: 1000,
    ...(webhookUrl ? { webhookUrl } : {}),
  });
  return { app, credentials, conn };
}

describe('incoming webhook', () => {
  it('is checked with one cheap call and never expires', async () => {
    portal = await startPortal({ setup: false });
    const input = { auth: { type: 'webhook', url: portal.sandbox.webhookUrl, applicationToken: 'tok' } };
    const credentials = unwrap(await bitrix24.auth.establish(input, bootstrap()));
    expect(credentials).toEqual({ type: 'webhook', url: portal.sandbox.webhookUrl, applicationToken: 'tok' });
    expect(portal.sandbox.stats().requests).toBe(1);
    expect(bitrix24.auth.expiresAt(credentials)).toBeNull();
    expect(bitrix24.auth.apiBase(credentials)).toBe(portal.sandbox.webhookUrl);
    expect(JSON.stringify(bitrix24.auth.describe(credentials))).not.toContain(
      portal.sandbox.webhookUrl.split('/').at(-2),
    );
    expect(bitrix24.auth.authorizeUrl(input.auth, 'st')).toBeNull();
    const refreshed = await bitrix24.auth.refresh(credentials, bootstrap());
    expect(refreshed).toMatchObject({ ok: false, error: { kind: 'auth', refreshable: false } });
  });

  it('refuses a wrong secret and malformed input', async () => {
    portal = await startPortal({ setup: false });
    const wrong = portal.sandbox.webhookUrl.replace(/\/[^/]+\/$/, '/wrongsecret/');
    const result = await bitrix24.auth.establish({ auth: { type: 'webhook', url: wrong } }, bootstrap());
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth', refreshable: false } });
    expect(bitrix24.auth.inputSchema.safeParse({ auth: { type: 'webhook', url: 'not a url' } }).success).toBe(
      false,
    );
    const noGrant = {
      auth: { type: 'oauth', portalUrl: 'https://x.bitrix24.ru', clientId: 'a', clientSecret: 'b' },
    };
    expect(bitrix24.auth.inputSchema.safeParse(noGrant).success).toBe(false);
  });
});

describe('amend', () => {
  const webhook = { type: 'webhook', url: 'https://x.bitrix24.ru/rest/1/secret/', applicationToken: null };

  it('sets the application token and keeps every other credential', () => {
    expect(bitrix24.auth.amend(webhook, { applicationToken: ' tok-2 ' })).toEqual({
      ok: true,
      value: { ...webhook, applicationToken: 'tok-2' },
    });
  });

  it('refuses any other key, an empty token, and credentials it cannot read', () => {
    expect(bitrix24.auth.amend(webhook, { url: 'https://elsewhere/rest/1/x/' })).toMatchObject({
      ok: false,
      error: { kind: 'rejected', field: 'url' },
    });
    expect(bitrix24.auth.amend(webhook, { applicationToken: '' })).toMatchObject({
      ok: false,
      error: { kind: 'rejected', field: 'applicationToken' },
    });
    expect(bitrix24.auth.amend({}, { applicationToken: 'tok' })).toMatchObject({
      ok: false,
      error: { kind: 'rejected' },
    });
  });
});

describe('OAuth', () => {
  it('exchanges a code, binds the events by API, and finds them bound the second time', async () => {
    portal = await startPortal({ setup: false });
    const { credentials, conn } = await oauthConnection(portal, 'http://127.0.0.1:9/hooks/cn_oauth/secret');
    expect(portal.sandbox.stats().oauth.codeExchanges).toBe(1);
    expect(bitrix24.auth.expiresAt(credentials)).toBeGreaterThan(Date.now());
    expect(JSON.stringify(bitrix24.auth.describe(credentials))).not.toContain(
      (credentials as { clientSecret: string }).clientSecret,
    );
    const url = bitrix24.auth.authorizeUrl(
      {
        auth: { type: 'oauth', portalUrl: portal.sandbox.portalUrl, clientId: 'local.1', clientSecret: 's' },
      },
      'xyz',
    );
    expect(url).toBe(`${portal.sandbox.portalUrl}/oauth/authorize/?client_id=local.1&state=xyz`);

    const first = unwrap(await bitrix24.setup(conn));
    expect(first.schema).toMatchObject({ events: 'bound' });
    const bound = portal.sandbox.state
      .bindings()
      .bindings.filter((binding) => binding.handler === conn.webhookUrl);
    expect(bound.map((binding) => binding.event).sort()).toEqual([...BOUND_EVENTS].sort());
    expect(first.report.instructions).toEqual([]);
    const second = unwrap(await bitrix24.setup(conn));
    expect(second.report.items.filter((item) => item.what === 'event').map((item) => item.status)).toEqual(
      BOUND_EVENTS.map(() => 'found'),
    );
  });

  it('refreshes exactly once when the portal says the token expired, and retries the call', async () => {
    portal = await startPortal({ setup: false });
    const { conn } = await oauthConnection(portal);
    conn.setSchema(unwrap(await bitrix24.setup(conn)).schema);
    portal.sandbox.advanceClock(2 * 3600_000);
    const scanned = await bitrix24.scanContacts(conn, null);
    expect(scanned.ok).toBe(true);
    expect(conn.refreshes).toBe(1);
    expect(portal.sandbox.stats().oauth.refreshes).toBe(1);
    expect(portal.sandbox.stats().status['401']).toBe(1);
    unwrap(await bitrix24.scanContacts(conn, null));
    expect(conn.refreshes).toBe(1);
  });

  it('refreshes before the call when the stored token has run out', async () => {
    portal = await startPortal({ setup: false });
    const { credentials } = await oauthConnection(portal);
    const stale: Json = { ...(credentials as Record<string, Json>), expiresAt: Date.now() - 1000 };
    const conn = testConn({ connector: bitrix24, credentials: stale, rate: 1000 });
    unwrap(await bitrix24.setup(conn));
    expect(conn.refreshes).toBe(1);
    expect(portal.sandbox.stats().status['401'] ?? 0).toBe(0);
  });

  it('a dead refresh token is final', async () => {
    portal = await startPortal({ setup: false });
    const { credentials } = await oauthConnection(portal);
    const dead: Json = { ...(credentials as Record<string, Json>), refreshToken: 'revoked' };
    const result = await bitrix24.auth.refresh(dead, bootstrap());
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth', refreshable: false } });
  });
});
