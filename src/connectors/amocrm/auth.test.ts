import { afterEach, describe, expect, it } from 'vitest';
import { type AmoSandbox, startAmoSandbox } from '../../../sandbox/amocrm/index.ts';
import { testConn } from '../../../test/support/conn.ts';
import type { CrmResponse, CrmResult, Json } from '../contract.ts';
import { DEFAULT_AUTHORIZE_URL } from './auth.ts';
import { amocrm } from './index.ts';

const REDIRECT = 'https://hub.example/oauth/amocrm';

function bare() {
  return testConn({ connector: amocrm, credentials: {}, rate: 500 });
}

async function establish(input: unknown): Promise<CrmResult<Json>> {
  return amocrm.auth.establish(amocrm.auth.inputSchema.parse(input), bare().http);
}

function account(conn: ReturnType<typeof testConn>): Promise<CrmResult<CrmResponse>> {
  return conn.http({ method: 'GET', path: 'api/v4/account' });
}

describe('amoCRM auth and transport against the sandbox', () => {
  let sandbox: AmoSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('uses a long-lived token as given and describes it without the secret', async () => {
    sandbox = await startAmoSandbox({ rateLimitPerSecond: 0 });
    const token = sandbox.longLivedToken();
    const credentials = await establish({
      baseUrl: `${sandbox.baseUrl}/`,
      auth: { type: 'long_lived_token', token },
    });
    if (!credentials.ok) throw new Error(JSON.stringify(credentials.error));
    expect(amocrm.auth.apiBase(credentials.value)).toBe(sandbox.baseUrl);
    expect(amocrm.auth.expiresAt(credentials.value)).toBeNull();
    expect(JSON.stringify(amocrm.auth.describe(credentials.value))).not.toContain(token);
    expect(
      amocrm.auth.authorizeUrl({ baseUrl: sandbox.baseUrl, auth: { type: 'long_lived_token' } }, 's'),
    ).toBeNull();
    const conn = testConn({ connector: amocrm, credentials: credentials.value, rate: 500 });
    expect(await account(conn)).toMatchObject({ ok: true, value: { status: 200 } });

    sandbox.revokeToken(token);
    const refused = await account(conn);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'auth', refreshable: false } });
  });

  it('exchanges an OAuth code, then refreshes exactly once when the token has run out', async () => {
    sandbox = await startAmoSandbox({ rateLimitPerSecond: 0 });
    const integration = sandbox.createIntegration(REDIRECT);
    const input = {
      baseUrl: sandbox.baseUrl,
      auth: {
        type: 'oauth',
        clientId: integration.clientId,
        clientSecret: integration.clientSecret,
        redirectUri: REDIRECT,
        authorizationCode: sandbox.authorize(integration.clientId),
      },
    };
    const credentials = await establish(input);
    if (!credentials.ok) throw new Error(JSON.stringify(credentials.error));
    const expiresAt = amocrm.auth.expiresAt(credentials.value) ?? 0;
    expect(expiresAt).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const described = JSON.stringify(amocrm.auth.describe(credentials.value));
    expect(described).not.toContain(integration.clientSecret);

    const conn = testConn({ connector: amocrm, credentials: credentials.value, rate: 500 });
    expect(await account(conn)).toMatchObject({ ok: true, value: { status: 200 } });
    expect(conn.refreshes).toBe(0);

    sandbox.advanceClock(2 * 86_400);
    expect(await account(conn)).toMatchObject({ ok: true, value: { status: 200 } });
    expect(conn.refreshes).toBe(1);
    expect(await account(conn)).toMatchObject({ ok: true, value: { status: 200 } });
    expect(conn.refreshes).toBe(1);
    expect(sandbox.stats().oauth).toMatchObject({ refreshes: 1 });

    // The code was single-use: a second exchange is refused for good.
    const reused = await establish(input);
    expect(reused).toMatchObject({ ok: false, error: { kind: 'auth', refreshable: false } });
  });

  it('refreshes before the call when the stored expiry has passed', async () => {
    sandbox = await startAmoSandbox({ rateLimitPerSecond: 0 });
    const integration = sandbox.createIntegration(REDIRECT);
    const credentials = await establish({
      baseUrl: sandbox.baseUrl,
      auth: {
        type: 'oauth',
        clientId: integration.clientId,
        clientSecret: integration.clientSecret,
        redirectUri: REDIRECT,
        authorizationCode: sandbox.authorize(integration.clientId),
      },
    });
    if (!credentials.ok) throw new Error('establish');
    const stale = JSON.parse(
      JSON.stringify(credentials.value).replace(/"expiresAt":\d+/, `"expiresAt":${Date.now() - 1000}`),
    ) as Json;
    expect(amocrm.auth.expiresAt(stale)).toBeLessThan(Date.now());
    const conn = testConn({ connector: amocrm, credentials: stale, rate: 500 });
    expect(await account(conn)).toMatchObject({ ok: true, value: { status: 200 } });
    expect(conn.refreshes).toBe(1);
    expect(sandbox.stats().status['401'] ?? 0).toBe(0);
  });

  it('validates the connection input and builds the consent URL', () => {
    const missing = amocrm.auth.inputSchema.safeParse({
      baseUrl: 'https://x.amocrm.ru',
      auth: { type: 'oauth', clientId: 'c', clientSecret: 's', redirectUri: REDIRECT },
    });
    expect(missing.success).toBe(false);
    const url = amocrm.auth.authorizeUrl(
      {
        baseUrl: 'https://x.amocrm.ru',
        auth: { type: 'oauth', clientId: 'abc', clientSecret: 's', redirectUri: REDIRECT },
      },
      'st-1',
    );
    expect(url).toBe(`${DEFAULT_AUTHORIZE_URL}?client_id=abc&state=st-1&mode=post_message`);
  });

  it('has nothing to amend: any patch is refused, naming its key', () => {
    const credentials = { baseUrl: 'https://x.amocrm.ru', auth: { type: 'long_lived_token', token: 't' } };
    expect(amocrm.auth.amend(credentials, { applicationToken: 'tok' })).toMatchObject({
      ok: false,
      error: { kind: 'rejected', field: 'applicationToken' },
    });
  });

  it('maps 429 (HTML and JSON), the 403 block and 5xx answers', async () => {
    sandbox = await startAmoSandbox({ rateLimitPerSecond: 1, blockAfter429: 0 });
    const conn = testConn({
      connector: amocrm,
      credentials: {
        baseUrl: sandbox.baseUrl,
        auth: { type: 'long_lived_token', token: sandbox.longLivedToken() },
      },
      rate: 1000,
    });
    const burst = await Promise.all([account(conn), account(conn), account(conn)]);
    const limited = burst.filter((r) => !r.ok);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toMatchObject({ ok: false, error: { kind: 'rate_limited', retryAfterMs: 1000 } });

    sandbox.configure({ rateLimitBody: 'json' });
    sandbox.reset();
    const json = await Promise.all([account(conn), account(conn), account(conn)]);
    expect(json.find((r) => !r.ok)).toMatchObject({ ok: false, error: { kind: 'rate_limited' } });

    sandbox.reset();
    sandbox.configure({ rateLimitPerSecond: 1, blockAfter429: 1, blockMs: 60_000 });
    await Promise.all([account(conn), account(conn)]);
    expect(await account(conn)).toMatchObject({ ok: false, error: { kind: 'blocked' } });

    sandbox.reset();
    sandbox.configure({ rateLimitPerSecond: 0, blockAfter429: 0, failureRate: 1 });
    const failures = await Promise.all(Array.from({ length: 12 }, () => account(conn)));
    for (const failure of failures) {
      expect(failure.ok).toBe(false);
      if (!failure.ok) expect(['unavailable', 'rate_limited']).toContain(failure.error.kind);
    }
  });
});
