import qs from 'qs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BitrixSandbox, startBitrixSandbox } from './index.ts';
import { http, postJson, rest } from './test-support.ts';

let sandbox: BitrixSandbox;

beforeEach(async () => {
  sandbox = await startBitrixSandbox();
});

afterEach(async () => {
  await sandbox.close();
});

/** Goes through the portal's authorize page like a browser and returns the redirect query. */
async function authorize(clientId: string, state: string): Promise<URLSearchParams> {
  const page = await http(`${sandbox.portalUrl}/oauth/authorize/?client_id=${clientId}&state=${state}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('<form method="post" action="/oauth/authorize/">');
  const allow = await http(`${sandbox.portalUrl}/oauth/authorize/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: qs.stringify({ client_id: clientId, state }),
  });
  expect(allow.status).toBe(302);
  const location = new URL(allow.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe('https://app.example.com/callback');
  return location.searchParams;
}

async function token(params: Record<string, string>, via: 'get' | 'post' = 'get') {
  const url = `${sandbox.oauthUrl}/oauth/token/`;
  if (via === 'get') return http(`${url}?${qs.stringify(params)}`);
  return http(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: qs.stringify(params),
  });
}

describe('incoming webhook', () => {
  it('runs methods case-insensitively with or without .json', async () => {
    const added = await rest(sandbox.webhookUrl, 'CRM.Contact.Add.json', { fields: { NAME: 'Ann' } });
    expect(added.status).toBe(200);
    expect(added.body.result).toBe(1);
    const got = await rest(sandbox.webhookUrl, 'crm.contact.get', { id: 1 });
    expect(got.body.result.NAME).toBe('Ann');
  });

  it('rejects a wrong secret, unknown methods, malformed paths and app-only methods', async () => {
    const wrong = await rest(`${sandbox.portalUrl}/rest/1/wrongsecret00000/`, 'crm.contact.list');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      error: 'INVALID_CREDENTIALS',
      error_description: 'Invalid request credentials',
    });

    const unknown = await rest(sandbox.webhookUrl, 'crm.contact.frobnicate');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' });

    const secret = new URL(sandbox.webhookUrl).pathname.split('/')[3];
    const malformed = await rest(`${sandbox.portalUrl}/rest/${secret}/`, 'crm.contact.list');
    expect(malformed.status).toBe(404);
    expect(malformed.body.error).toBe('ERROR_METHOD_NOT_FOUND');

    const bind = await rest(sandbox.webhookUrl, 'event.bind', {
      event: 'ONCRMCONTACTADD',
      handler: 'https://x.example.com/',
    });
    expect(bind.status).toBe(403);
    expect(bind.body.error).toBe('WRONG_AUTH_TYPE');
  });
});

describe('OAuth application', () => {
  it('exchanges a code from the authorize page and calls with auth, access_token or Bearer', async () => {
    const app = (
      await postJson(`${sandbox.portalUrl}/_sandbox/apps`, {
        redirectUri: 'https://app.example.com/callback',
      })
    ).body;
    expect(app.clientId).toMatch(/^local\./);
    const redirect = await authorize(app.clientId, 'xyz');
    expect(redirect.get('state')).toBe('xyz');
    expect(redirect.get('domain')).toBe(new URL(sandbox.portalUrl).host);
    expect(redirect.get('member_id')).toMatch(/^[0-9a-f]{32}$/);
    expect(redirect.get('scope')).toContain('crm');
    expect(redirect.get('server_domain')).toBeTruthy();

    const exchanged = await token({
      grant_type: 'authorization_code',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code: redirect.get('code') ?? '',
    });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({
      client_endpoint: `${sandbox.portalUrl}/rest/`,
      expires_in: 3600,
      member_id: redirect.get('member_id'),
      server_endpoint: `${sandbox.oauthUrl}/rest/`,
      status: 'L',
    });
    const access = exchanged.body.access_token as string;
    const base = exchanged.body.client_endpoint as string;

    expect((await rest(base, 'crm.contact.add', { fields: { NAME: 'A' }, auth: access })).body.result).toBe(
      1,
    );
    expect((await rest(base, 'crm.contact.get', { id: 1, access_token: access })).body.result.ID).toBe('1');
    const bearer = await rest(
      base,
      'crm.contact.list',
      {},
      { headers: { authorization: `Bearer ${access}` } },
    );
    expect(bearer.body.total).toBe(1);
    expect((await rest(base, 'crm.contact.list', {})).body.error).toBe('NO_AUTH_FOUND');

    const reused = await token({
      grant_type: 'authorization_code',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code: redirect.get('code') ?? '',
    });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
    expect(sandbox.stats().oauth.codeExchanges).toBe(1);
  });

  it('rotates refresh tokens, kills the old pair and expires access tokens', async () => {
    const app = sandbox.createApp({ redirectUri: 'https://app.example.com/callback' });
    const installed = await sandbox.installApp(app.clientId);
    const base = `${sandbox.portalUrl}/rest/`;
    const refreshed = await token(
      {
        grant_type: 'refresh_token',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        refresh_token: installed.refreshToken,
      },
      'post',
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(installed.refreshToken);

    const again = await token({
      grant_type: 'refresh_token',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      refresh_token: installed.refreshToken,
    });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');

    const old = await rest(base, 'crm.contact.list', { auth: installed.accessToken });
    expect(old.status).toBe(401);
    expect(old.body.error).toBe('invalid_token');

    const fresh = refreshed.body.access_token as string;
    expect((await rest(base, 'crm.contact.list', { auth: fresh })).status).toBe(200);
    sandbox.advanceClock(3601 * 1000);
    const expired = await rest(base, 'crm.contact.list', { auth: fresh });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({
      error: 'expired_token',
      error_description: 'The access token provided has expired',
    });

    const badClient = await token({
      grant_type: 'refresh_token',
      client_id: app.clientId,
      client_secret: 'nope',
      refresh_token: refreshed.body.refresh_token,
    });
    expect(badClient.status).toBe(401);
    expect(badClient.body.error).toBe('invalid_client');
    expect(sandbox.stats().oauth).toEqual({ codeExchanges: 0, refreshes: 1, refreshFailures: 2 });
  });

  it('honours the accessTokenTtlSec knob', async () => {
    sandbox.configure({ accessTokenTtlSec: 60 });
    const app = sandbox.createApp({ redirectUri: 'https://app.example.com/callback' });
    const code = (await postJson(`${sandbox.portalUrl}/_sandbox/oauth/codes`, { clientId: app.clientId }))
      .body.code;
    const exchanged = await token({
      grant_type: 'authorization_code',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code,
    });
    expect(exchanged.body.expires_in).toBe(60);
    sandbox.advanceClock(61_000);
    const call = await rest(`${sandbox.portalUrl}/rest/`, 'crm.contact.list', {
      auth: exchanged.body.access_token,
    });
    expect(call.body.error).toBe('expired_token');
  });
});
