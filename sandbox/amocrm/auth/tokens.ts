import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { ApiError, PROBLEM_JSON } from '../http/problem.ts';
import type { AmoKnobs } from '../options.ts';
import type { AccessTokenRecord, AuthData, GrantRecord, IntegrationRecord } from '../state/types.ts';

// OAuth 2.0 as amoCRM runs it (amocrm-api.md §2): 20-minute single-use codes, JWT access tokens,
// rotating refresh tokens (the old one dies on first use unless the grace knob is on), long-lived
// tokens, and league/oauth2-server's OAuthProblemJson errors with their `hint`s.

export interface TokenResponse {
  token_type: 'Bearer';
  expires_in: number;
  server_time: number;
  access_token: string;
  refresh_token: string;
}

export interface OAuthStats {
  codeExchanges: number;
  refreshes: number;
  refreshFailures: number;
}

const CODE_TTL_SEC = 20 * 60;
const b64url = (v: Buffer | string) => Buffer.from(v).toString('base64url');
const opaque = () => `def50200${randomBytes(96).toString('hex')}`;

export function oauthError(status: 400 | 401, hint: string): ApiError {
  return new ApiError(
    status,
    {
      hint,
      title: status === 401 ? 'Unauthorized' : 'Некорректный запрос',
      type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson',
      status,
      detail: 'В запросе отсутствует ряд параметров или параметры невалидны',
    },
    PROBLEM_JSON,
  );
}

export class TokenService {
  private data: AuthData;
  private readonly clock: Clock;
  private readonly knobs: AmoKnobs;
  private readonly apiDomain: () => string;
  private readonly accountId: number;
  private readonly userId: number;
  private tokens = new Map<string, AccessTokenRecord>();
  counters: OAuthStats = { codeExchanges: 0, refreshes: 0, refreshFailures: 0 };

  constructor(deps: {
    data: AuthData;
    clock: Clock;
    knobs: AmoKnobs;
    apiDomain: () => string;
    accountId: number;
    userId: number;
  }) {
    this.data = deps.data;
    this.clock = deps.clock;
    this.knobs = deps.knobs;
    this.apiDomain = deps.apiDomain;
    this.accountId = deps.accountId;
    this.userId = deps.userId;
    for (const t of this.data.accessTokens) this.tokens.set(t.jti, t);
  }

  toData(): AuthData {
    return this.data;
  }

  createIntegration(redirectUri: string): IntegrationRecord {
    const integration = {
      clientId: randomUUID(),
      clientSecret: randomBytes(32).toString('base64url'),
      redirectUri,
    };
    this.data.integrations.push(integration);
    return integration;
  }

  integration(clientId: string): IntegrationRecord | undefined {
    return this.data.integrations.find((i) => i.clientId === clientId);
  }

  /** The user's consent: a code for `clientId`, valid 20 minutes, usable once. */
  issueCode(clientId: string): string {
    if (!this.integration(clientId)) throw oauthError(401, 'Client authentication failed');
    const code = opaque();
    this.data.codes = this.data.codes.filter((c) => !c.used && c.expiresAt > this.clock.nowSec());
    this.data.codes.push({ code, clientId, expiresAt: this.clock.nowSec() + CODE_TTL_SEC, used: false });
    return code;
  }

  /** `POST /oauth2/access_token` with any grant type. */
  grant(body: Record<string, unknown>): TokenResponse {
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
    const grantType = str('grant_type');
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
      throw oauthError(400, 'Check the `grant_type` parameter');
    }
    const client = this.authenticateClient(str('client_id'), str('client_secret'), str('redirect_uri'));
    if (grantType === 'authorization_code') return this.exchangeCode(client, str('code'));
    try {
      const res = this.refresh(client, str('refresh_token'));
      this.counters.refreshes += 1;
      return res;
    } catch (err) {
      this.counters.refreshFailures += 1;
      throw err;
    }
  }

  private authenticateClient(clientId?: string, secret?: string, redirectUri?: string): IntegrationRecord {
    if (!clientId) throw oauthError(400, 'Check the `client_id` parameter');
    const client = this.integration(clientId);
    if (!client || client.clientSecret !== secret) throw oauthError(401, 'Client authentication failed');
    if (redirectUri === undefined) throw oauthError(400, 'Check the `redirect_uri` parameter');
    if (redirectUri !== client.redirectUri) throw oauthError(401, 'Client authentication failed');
    return client;
  }

  private exchangeCode(client: IntegrationRecord, code?: string): TokenResponse {
    if (!code) throw oauthError(400, 'Check the `code` parameter');
    const record = this.data.codes.find((c) => c.code === code);
    if (!record) throw oauthError(400, 'Cannot decrypt the authorization code');
    if (record.clientId !== client.clientId)
      throw oauthError(400, 'Authorization code was not issued to this client');
    if (record.used) throw oauthError(400, 'Authorization code has been revoked');
    if (record.expiresAt <= this.clock.nowSec()) throw oauthError(400, 'Authorization code has expired');
    record.used = true;
    const grant: GrantRecord = {
      id: randomUUID(),
      clientId: client.clientId,
      refreshToken: opaque(),
      previousRefreshToken: null,
      refreshExpiresAt: this.clock.nowSec() + this.knobs.refreshTokenTtlSec,
      revoked: false,
      usedRefreshTokens: [],
    };
    this.data.grants.push(grant);
    this.counters.codeExchanges += 1;
    return this.respond(grant);
  }

  private refresh(client: IntegrationRecord, token?: string): TokenResponse {
    if (!token) throw oauthError(400, 'Check the `refresh_token` parameter');
    const grace = this.knobs.refreshGrace;
    const grant = this.data.grants.find(
      (g) => g.refreshToken === token || (grace && g.previousRefreshToken === token),
    );
    if (!grant) {
      const used = this.data.grants.some(
        (g) => g.usedRefreshTokens.includes(token) || g.previousRefreshToken === token,
      );
      throw oauthError(400, used ? 'Token has been revoked' : 'Cannot decrypt the refresh token');
    }
    if (grant.clientId !== client.clientId) throw oauthError(400, 'Token is not linked to client');
    if (grant.revoked) throw oauthError(400, 'Token has been revoked');
    if (grant.refreshExpiresAt <= this.clock.nowSec()) throw oauthError(400, 'Token has expired');
    const retire = (t: string | null) => {
      if (t) grant.usedRefreshTokens.push(t);
    };
    if (token === grant.refreshToken) {
      // the new token was used: the one kept for grace dies; the used one survives only in grace mode
      retire(grant.previousRefreshToken);
      grant.previousRefreshToken = grace ? token : null;
      if (!grace) retire(token);
    } else {
      // grace path: the previous token again; the never-used newer token dies
      retire(grant.refreshToken);
    }
    grant.refreshToken = opaque();
    grant.refreshExpiresAt = this.clock.nowSec() + this.knobs.refreshTokenTtlSec;
    if (this.knobs.revokeAccessOnRefresh) {
      for (const t of this.data.accessTokens) if (t.grantId === grant.id) t.revoked = true;
    }
    return this.respond(grant);
  }

  private respond(grant: GrantRecord): TokenResponse {
    const ttl = this.knobs.accessTokenTtlSec;
    return {
      token_type: 'Bearer',
      expires_in: ttl,
      server_time: this.clock.nowSec(),
      access_token: this.issueAccess(grant.clientId, grant.id, ttl),
      refresh_token: grant.refreshToken,
    };
  }

  issueLongLived(ttlSec: number): string {
    return this.issueAccess(this.data.integrations[0]?.clientId ?? randomUUID(), null, ttlSec);
  }

  private issueAccess(clientId: string, grantId: string | null, ttlSec: number): string {
    const now = this.clock.nowSec();
    const jti = randomBytes(20).toString('hex');
    const record = { jti, grantId, expiresAt: now + ttlSec, revoked: false };
    this.data.accessTokens.push(record);
    this.tokens.set(jti, record);
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
    const payload = b64url(
      JSON.stringify({
        aud: clientId,
        jti,
        iat: now,
        nbf: now,
        exp: now + ttlSec,
        sub: String(this.userId),
        grant_type: grantId ? '' : 'long_lived',
        account_id: this.accountId,
        base_domain: 'amocrm.ru',
        version: 2,
        scopes: ['push_notifications', 'files', 'crm', 'files_delete', 'notifications'],
        api_domain: this.apiDomain(),
      }),
    );
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  private sign(input: string): string {
    return createHmac('sha256', this.data.signingKey).update(input).digest('base64url');
  }

  private parse(token: string): AccessTokenRecord | undefined {
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) return undefined;
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { jti?: unknown };
      return typeof claims.jti === 'string' ? this.tokens.get(claims.jti) : undefined;
    } catch {
      return undefined;
    }
  }

  /** The user a bearer token acts as, or `undefined` (unknown, expired, revoked). */
  verify(token: string): { userId: number } | undefined {
    const record = this.parse(token);
    if (!record || record.revoked || record.expiresAt <= this.clock.nowSec()) return undefined;
    if (record.grantId && this.data.grants.find((g) => g.id === record.grantId)?.revoked) return undefined;
    return { userId: this.userId };
  }

  /** Revokes an access, refresh or long-lived token; OAuth tokens take their whole installation down. */
  revoke(token: string): boolean {
    const record = this.parse(token);
    const grant = record?.grantId
      ? this.data.grants.find((g) => g.id === record.grantId)
      : this.data.grants.find((g) => g.refreshToken === token || g.previousRefreshToken === token);
    if (grant) {
      grant.revoked = true;
      for (const t of this.data.accessTokens) if (t.grantId === grant.id) t.revoked = true;
      return true;
    }
    if (record) {
      record.revoked = true;
      return true;
    }
    return false;
  }

  /** The account a refresh token belongs to (`/oauth2/account/current/subdomain`). */
  knowsRefreshToken(token: string): boolean {
    return this.data.grants.some(
      (g) => !g.revoked && (g.refreshToken === token || g.previousRefreshToken === token),
    );
  }

  resetCounters(): void {
    this.counters = { codeExchanges: 0, refreshes: 0, refreshFailures: 0 };
  }
}

export function emptyAuth(): AuthData {
  return {
    integrations: [],
    codes: [],
    grants: [],
    accessTokens: [],
    signingKey: randomBytes(32).toString('hex'),
  };
}
