// The authorization server (<oauthUrl>/oauth/token/) and the portal's authorize page.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isRecord, phpString } from './php.ts';
import type { Portal } from './portal.ts';
import { ADMIN_USER_ID } from './state.ts';
import { issueCode, redeemCode, rotate, type TokenPair } from './tokens.ts';

function requestParams(request: FastifyRequest): Record<string, unknown> {
  const query = isRecord(request.query) ? request.query : {};
  const body = isRecord(request.body) ? request.body : {};
  return { ...query, ...body };
}

function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply.code(status).send({ error, error_description: description });
}

export function tokenResponse(portal: Portal, pair: TokenPair, scope: string): Record<string, unknown> {
  return {
    access_token: pair.accessToken,
    client_endpoint: portal.urls.clientEndpoint,
    domain: new URL(portal.urls.oauthUrl).host,
    expires: Math.floor(pair.expiresAt / 1000),
    expires_in: portal.knobs.accessTokenTtlSec,
    member_id: portal.state.memberId,
    refresh_token: pair.refreshToken,
    scope,
    server_endpoint: portal.urls.serverEndpoint,
    status: 'L',
    user_id: ADMIN_USER_ID,
  };
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function authorizePage(clientId: string, state: string, appName: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bitrix24 — authorize application</title></head>
<body>
<h1>Allow access?</h1>
<p>The application <b>${escapeHtml(appName)}</b> requests access to your Bitrix24 account.</p>
<form method="post" action="/oauth/authorize/">
<input type="hidden" name="client_id" value="${escapeHtml(clientId)}">
<input type="hidden" name="state" value="${escapeHtml(state)}">
<button type="submit" id="allow">Allow</button>
</form>
</body></html>`;
}

export function registerOAuthRoutes(app: FastifyInstance, portal: Portal, oauthPath: string): void {
  const token = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = requestParams(request);
    const grantType = phpString(params.grant_type);
    const client = portal.state.apps[phpString(params.client_id)];
    const stats = portal.stats.oauth;
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
      return oauthError(reply, 400, 'invalid_request', 'Unsupported or missing grant_type');
    }
    if (!client || client.clientSecret !== phpString(params.client_secret) || !client.installed) {
      if (grantType === 'refresh_token') stats.refreshFailures += 1;
      return oauthError(reply, 401, 'invalid_client', 'Invalid client');
    }
    if (grantType === 'authorization_code') {
      const pair = redeemCode(portal, phpString(params.code), client.clientId);
      if (!pair) return oauthError(reply, 400, 'invalid_grant', 'Invalid authorization code');
      stats.codeExchanges += 1;
      return reply.send(tokenResponse(portal, pair, client.scope));
    }
    const refreshToken = phpString(params.refresh_token);
    const owner = portal.state.tokens[refreshToken];
    const pair = owner?.clientId === client.clientId ? rotate(portal, refreshToken) : null;
    if (!pair) {
      stats.refreshFailures += 1;
      return oauthError(reply, 400, 'invalid_grant', 'Invalid refresh token');
    }
    stats.refreshes += 1;
    return reply.send(tokenResponse(portal, pair, client.scope));
  };
  app.get(`${oauthPath}/oauth/token/`, token);
  app.post(`${oauthPath}/oauth/token/`, token);

  app.get('/oauth/authorize/', async (request, reply) => {
    const params = requestParams(request);
    const client = portal.state.apps[phpString(params.client_id)];
    if (!client)
      return reply.code(400).type('text/html').send('<html><body>Application not found</body></html>');
    return reply
      .type('text/html; charset=utf-8')
      .send(authorizePage(client.clientId, phpString(params.state), client.clientId));
  });

  app.post('/oauth/authorize/', async (request, reply) => {
    const params = requestParams(request);
    const client = portal.state.apps[phpString(params.client_id)];
    if (!client)
      return reply.code(400).type('text/html').send('<html><body>Application not found</body></html>');
    client.installed = true;
    const query = new URLSearchParams({
      code: issueCode(portal, client.clientId, ADMIN_USER_ID),
      state: phpString(params.state),
      domain: portal.urls.domain,
      member_id: portal.state.memberId,
      scope: client.scope,
      server_domain: new URL(portal.urls.oauthUrl).host,
    });
    const separator = client.redirectUri.includes('?') ? '&' : '?';
    return reply.redirect(`${client.redirectUri}${separator}${query.toString()}`, 302);
  });
}
