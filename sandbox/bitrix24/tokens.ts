// OAuth applications and tokens of the portal: codes, rotating refresh tokens, expiring access tokens.

import type { Portal } from './portal.ts';
import { type AppRecord, nextId, type PortalState, randomToken, type TokenRecord } from './state.ts';

const REFRESH_TTL_MS = 180 * 86_400_000;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

export function createApp(
  portal: Portal,
  redirectUri: string,
  installUrl: string | null,
  scope: string,
): AppRecord {
  const app: AppRecord = {
    id: nextId(portal.state, 'app'),
    clientId: `local.${randomToken(13, '0123456789abcdef')}.${randomToken(8, '0123456789')}`,
    clientSecret: randomToken(50, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
    redirectUri,
    installUrl,
    applicationToken: randomToken(32, '0123456789abcdef'),
    scope,
    installed: false,
  };
  portal.state.apps[app.clientId] = app;
  portal.changed();
  return app;
}

function store(state: PortalState, token: string, record: TokenRecord): void {
  state.tokens[token] = record;
}

export function issueCode(portal: Portal, clientId: string, userId: number): string {
  const code = randomToken(32, '0123456789abcdef');
  store(portal.state, code, {
    kind: 'code',
    clientId,
    userId,
    expiresAt: portal.now() + portal.knobs.authCodeTtlSec * 1000,
    revoked: false,
  });
  portal.changed();
  return code;
}

export function issuePair(portal: Portal, clientId: string, userId: number): TokenPair {
  const now = portal.now();
  const accessToken = randomToken(32);
  const refreshToken = randomToken(32);
  const expiresAt = now + portal.knobs.accessTokenTtlSec * 1000;
  store(portal.state, accessToken, { kind: 'access', clientId, userId, expiresAt, revoked: false });
  store(portal.state, refreshToken, {
    kind: 'refresh',
    clientId,
    userId,
    expiresAt: now + REFRESH_TTL_MS,
    revoked: false,
  });
  pruneTokens(portal);
  portal.changed();
  return { accessToken, refreshToken, expiresAt };
}

/** Token cache for event deliveries: one live access token per (app, user). */
const eventTokens = new WeakMap<PortalState, Map<string, string>>();

export function eventAccessToken(
  portal: Portal,
  clientId: string,
  userId: number,
): { token: string; expiresAt: number } {
  let cache = eventTokens.get(portal.state);
  if (!cache) {
    cache = new Map();
    eventTokens.set(portal.state, cache);
  }
  const key = `${clientId}:${userId}`;
  const cached = cache.get(key);
  const record = cached ? portal.state.tokens[cached] : undefined;
  if (cached && record && !record.revoked && record.expiresAt - portal.now() > 60_000) {
    return { token: cached, expiresAt: record.expiresAt };
  }
  const token = randomToken(32);
  const expiresAt = portal.now() + portal.knobs.accessTokenTtlSec * 1000;
  store(portal.state, token, { kind: 'access', clientId, userId, expiresAt, revoked: false });
  cache.set(key, token);
  portal.changed();
  return { token, expiresAt };
}

/** Drops long-dead tokens so a long demo run does not grow the state file forever. */
function pruneTokens(portal: Portal): void {
  const horizon = portal.now() - 86_400_000;
  for (const [token, record] of Object.entries(portal.state.tokens)) {
    if (record.expiresAt < horizon) delete portal.state.tokens[token];
  }
}

/** Refresh tokens die on first use; optionally the access tokens of that app+user die with them. */
export function rotate(portal: Portal, refreshToken: string): TokenPair | null {
  const record = portal.state.tokens[refreshToken];
  if (record?.kind !== 'refresh' || record.revoked || record.expiresAt <= portal.now()) return null;
  record.revoked = true;
  if (portal.knobs.revokeAccessOnRefresh) {
    for (const other of Object.values(portal.state.tokens)) {
      if (other.kind === 'access' && other.clientId === record.clientId && other.userId === record.userId) {
        other.revoked = true;
      }
    }
  }
  return issuePair(portal, record.clientId, record.userId);
}

export function redeemCode(portal: Portal, code: string, clientId: string): TokenPair | null {
  const record = portal.state.tokens[code];
  if (record?.kind !== 'code' || record.revoked || record.clientId !== clientId) return null;
  record.revoked = true;
  if (record.expiresAt <= portal.now()) return null;
  return issuePair(portal, clientId, record.userId);
}
