import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AmoSandbox, startAmoSandbox } from '../index.ts';
import { type Api, client } from '../test-support.ts';

const REDIRECT = 'https://hub.example.com/amo/callback';

describe('OAuth', () => {
  let sandbox: AmoSandbox;
  let anon: Api;
  let app: { clientId: string; clientSecret: string };

  beforeEach(async () => {
    sandbox = await startAmoSandbox({ rateLimitPerSecond: 0 });
    anon = client(sandbox.baseUrl);
    const res = await anon('POST', '/_sandbox/integrations', { redirectUri: REDIRECT });
    app = res.json;
  });
  afterEach(() => sandbox.close());

  const exchange = (code: string) =>
    anon('POST', '/oauth2/access_token', {
      client_id: app.clientId,
      client_secret: app.clientSecret,
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
    });
  const refresh = (refreshToken: string) =>
    anon('POST', '/oauth2/access_token', {
      client_id: app.clientId,
      client_secret: app.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      redirect_uri: REDIRECT,
    });
  const code = async () =>
    (await anon('POST', '/_sandbox/oauth/codes', { clientId: app.clientId })).json.code as string;
  const account = (token: string) => client(sandbox.baseUrl, token)('GET', '/api/v4/account');

  it('the consent page redirects with code, referer, state, platform and client_id', async () => {
    const page = await anon('GET', `/oauth?client_id=${app.clientId}&state=xyz&mode=post_message`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Разрешить');
    const allow = await anon('GET', `/oauth/allow?client_id=${app.clientId}&state=xyz`);
    expect(allow.status).toBe(302);
    const location = new URL(allow.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.searchParams.get('platform')).toBe('1');
    expect(location.searchParams.get('client_id')).toBe(app.clientId);
    expect(location.searchParams.get('referer')).toBe(new URL(sandbox.baseUrl).host);
    const tokens = await exchange(location.searchParams.get('code') ?? '');
    expect(tokens.status).toBe(200);
  });

  it('exchanges a code once, within 20 minutes, and answers OAuthProblemJson otherwise', async () => {
    const c = await code();
    const first = await exchange(c);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    expect(first.json).toMatchObject({ token_type: 'Bearer', expires_in: 86400 });
    expect(first.json.access_token.split('.')).toHaveLength(3);
    expect(first.json.refresh_token).toMatch(/^def50200/);
    expect(typeof first.json.server_time).toBe('number');
    expect((await account(first.json.access_token)).status).toBe(200);

    const again = await exchange(c);
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({
      hint: 'Authorization code has been revoked',
      type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson',
      status: 400,
    });

    const late = await code();
    sandbox.advanceClock(21 * 60);
    expect((await exchange(late)).json.hint).toBe('Authorization code has expired');
    expect((await exchange('garbage')).json.hint).toBe('Cannot decrypt the authorization code');
  });

  it('accepts a form-encoded token request', async () => {
    const c = await code();
    const body = new URLSearchParams({
      client_id: app.clientId,
      client_secret: app.clientSecret,
      grant_type: 'authorization_code',
      code: c,
      redirect_uri: REDIRECT,
    }).toString();
    const res = await anon('POST', '/oauth2/access_token', body, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(200);
  });

  it('rotates refresh tokens: the old one dies on first use, the old access token too', async () => {
    const first = (await exchange(await code())).json;
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.json.refresh_token).not.toBe(first.refresh_token);
    const reuse = await refresh(first.refresh_token);
    expect(reuse.status).toBe(400);
    expect(reuse.json.hint).toBe('Token has been revoked');
    expect((await account(first.access_token)).status).toBe(401);
    expect((await account(second.json.access_token)).status).toBe(200);
    expect((await refresh(second.json.refresh_token)).status).toBe(200);
    expect(sandbox.stats().oauth).toEqual({ codeExchanges: 1, refreshes: 2, refreshFailures: 1 });
  });

  it('with refreshGrace the previous refresh token works until the new one is used', async () => {
    sandbox.configure({ refreshGrace: true });
    const first = (await exchange(await code())).json;
    const lost = (await refresh(first.refresh_token)).json; // the answer "got lost"
    const retried = await refresh(first.refresh_token);
    expect(retried.status).toBe(200);
    expect((await refresh(lost.refresh_token)).json.hint).toBe('Token has been revoked');
    const next = await refresh(retried.json.refresh_token);
    expect(next.status).toBe(200);
    expect((await refresh(first.refresh_token)).json.hint).toBe('Token has been revoked');
  });

  it('expired and revoked tokens get 401 problem+json', async () => {
    sandbox.configure({ accessTokenTtlSec: 60 });
    const t = (await exchange(await code())).json;
    expect(t.expires_in).toBe(60);
    expect((await account(t.access_token)).status).toBe(200);
    sandbox.advanceClock(61);
    const expired = await account(t.access_token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(expired.json).toMatchObject({ title: 'Unauthorized', status: 401 });

    const longLived = (await anon('POST', '/_sandbox/long-lived-tokens', { ttlSec: 3600 })).json.token;
    expect((await account(longLived)).status).toBe(200);
    expect((await anon('POST', '/_sandbox/tokens/revoke', { token: longLived })).json).toEqual({
      revoked: true,
    });
    expect((await account(longLived)).status).toBe(401);
    expect((await account('not-a-token')).status).toBe(401);
  });

  it('rejects a wrong secret or redirect_uri', async () => {
    const res = await anon('POST', '/oauth2/access_token', {
      client_id: app.clientId,
      client_secret: 'wrong',
      grant_type: 'authorization_code',
      code: await code(),
      redirect_uri: REDIRECT,
    });
    expect(res.status).toBe(401);
    const other = await anon('POST', '/oauth2/access_token', {
      client_id: app.clientId,
      client_secret: app.clientSecret,
      grant_type: 'authorization_code',
      code: await code(),
      redirect_uri: 'https://elsewhere.example.com/cb',
    });
    expect(other.status).toBe(401);
  });
});
