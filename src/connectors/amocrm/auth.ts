/**
 * amoCRM authorisation: a long-lived token (Bearer, no refresh) or OAuth 2.0 with rotating refresh
 * tokens, both against the account's own host (`POST {baseUrl}/oauth2/access_token`). Any base URL
 * is honoured as given, so the same code talks to amoCRM or to its sandbox.
 */
import { z } from 'zod';
import { err, ok } from '../../core/result.ts';
import type { AuthAdapter, CrmHttp, CrmResult, Json } from '../contract.ts';
import { decode } from './client.ts';
import { AmoTokenAnswer } from './wire.ts';

export const DEFAULT_AUTHORIZE_URL = 'https://www.amocrm.ru/oauth';

const baseUrl = z
  .string()
  .url()
  .refine((url) => /^https?:\/\//.test(url), 'must be an http(s) URL')
  .transform((url) => url.replace(/\/+$/, ''));

const OAuthInput = z.object({
  type: z.literal('oauth'),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  redirectUri: z.string().url(),
  authorizationCode: z.string().min(1).optional(),
  refreshToken: z.string().min(1).optional(),
  authorizeUrl: z.string().url().optional(),
});

export const AmoAuthInput = z.object({
  baseUrl,
  auth: z.discriminatedUnion('type', [
    z.object({ type: z.literal('long_lived_token'), token: z.string().min(1) }),
    OAuthInput.refine((auth) => auth.authorizationCode || auth.refreshToken, {
      message: 'OAuth needs an authorizationCode or a refreshToken',
    }),
  ]),
});
export type AmoAuthInput = z.infer<typeof AmoAuthInput>;

const OAuthCredentials = z.object({
  type: z.literal('oauth'),
  clientId: z.string(),
  clientSecret: z.string(),
  redirectUri: z.string(),
  authorizeUrl: z.string().optional(),
  accessToken: z.string(),
  refreshToken: z.string(),
  /** epoch ms */
  expiresAt: z.number(),
  /** epoch ms, on the clock of `expiresAt` (absent in credentials stored before it was kept) */
  issuedAt: z.number().optional(),
});
const AmoCredentials = z.object({
  baseUrl: z.string(),
  auth: z.discriminatedUnion('type', [
    z.object({ type: z.literal('long_lived_token'), token: z.string() }),
    OAuthCredentials,
  ]),
});
type AmoCredentials = z.infer<typeof AmoCredentials>;
type OAuthCredentials = z.infer<typeof OAuthCredentials>;

function read(credentials: Json): AmoCredentials | null {
  const parsed = AmoCredentials.safeParse(credentials);
  return parsed.success ? parsed.data : null;
}

function toJson(credentials: AmoCredentials): Json {
  return JSON.parse(JSON.stringify(credentials)) as Json;
}

type Client = Pick<OAuthCredentials, 'clientId' | 'clientSecret' | 'redirectUri'>;

async function tokenRequest(
  http: CrmHttp,
  base: string,
  client: Client,
  grant:
    | { grant_type: 'authorization_code'; code: string }
    | { grant_type: 'refresh_token'; refresh_token: string },
): Promise<CrmResult<{ accessToken: string; refreshToken: string; expiresAt: number; issuedAt: number }>> {
  const answer = await http({
    method: 'POST',
    path: `${base}/oauth2/access_token`,
    anonymous: true,
    json: {
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uri: client.redirectUri,
      ...grant,
    },
  });
  if (!answer.ok) {
    const { error } = answer;
    // A code or refresh token the server refuses is dead: only a new consent helps.
    if (error.kind === 'auth' || error.kind === 'rejected')
      return err({ kind: 'auth', refreshable: false, detail: error.detail });
    return answer;
  }
  const token = decode(AmoTokenAnswer, answer.value.json, 'oauth2/access_token');
  if (!token.ok) return token;
  const expiresAt = expiryOf(token.value);
  return ok({
    accessToken: token.value.access_token,
    refreshToken: token.value.refresh_token,
    expiresAt,
    issuedAt: expiresAt - token.value.expires_in * 1000,
  });
}

/** The JWT's own `exp` when readable, else the server's clock plus `expires_in`. */
function expiryOf(token: AmoTokenAnswer): number {
  const payload = token.access_token.split('.')[1];
  if (payload) {
    try {
      const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
      if (typeof exp === 'number' && Number.isFinite(exp)) return exp * 1000;
    } catch {
      // not a JWT: fall through
    }
  }
  const issuedAt = token.server_time ? token.server_time * 1000 : Date.now();
  return issuedAt + token.expires_in * 1000;
}

function hint(secret: string): string {
  return secret.length <= 8 ? '…' : `${secret.slice(0, 4)}…${secret.slice(-4)}`;
}

export const amoAuth: AuthAdapter = {
  inputSchema: AmoAuthInput,

  async establish(input, http) {
    const parsed = AmoAuthInput.safeParse(input);
    if (!parsed.success)
      return err({ kind: 'rejected', detail: parsed.error.issues[0]?.message ?? 'invalid auth' });
    const { baseUrl: base, auth } = parsed.data;
    if (auth.type === 'long_lived_token') return ok(toJson({ baseUrl: base, auth }));
    const grant = auth.authorizationCode
      ? ({ grant_type: 'authorization_code', code: auth.authorizationCode } as const)
      : ({ grant_type: 'refresh_token', refresh_token: auth.refreshToken ?? '' } as const);
    const tokens = await tokenRequest(http, base, auth, grant);
    if (!tokens.ok) return tokens;
    const { clientId, clientSecret, redirectUri, authorizeUrl } = auth;
    return ok(
      toJson({
        baseUrl: base,
        auth: {
          type: 'oauth',
          clientId,
          clientSecret,
          redirectUri,
          ...(authorizeUrl ? { authorizeUrl } : {}),
          ...tokens.value,
        },
      }),
    );
  },

  apiBase(credentials) {
    return read(credentials)?.baseUrl ?? '';
  },

  apply(request, credentials) {
    const auth = read(credentials)?.auth;
    if (!auth) return request;
    const token = auth.type === 'oauth' ? auth.accessToken : auth.token;
    return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
  },

  expiresAt(credentials) {
    const auth = read(credentials)?.auth;
    return auth?.type === 'oauth' ? auth.expiresAt : null;
  },

  issuedAt(credentials) {
    const auth = read(credentials)?.auth;
    return auth?.type === 'oauth' ? (auth.issuedAt ?? null) : null;
  },

  async refresh(credentials, http) {
    const current = read(credentials);
    if (!current) return err({ kind: 'auth', refreshable: false, detail: 'no amoCRM credentials stored' });
    if (current.auth.type !== 'oauth') {
      return err({
        kind: 'auth',
        refreshable: false,
        detail: 'the long-lived token was refused: issue a new one',
      });
    }
    const grant = { grant_type: 'refresh_token', refresh_token: current.auth.refreshToken } as const;
    const tokens = await tokenRequest(http, current.baseUrl, current.auth, grant);
    if (!tokens.ok) return tokens;
    return ok(toJson({ baseUrl: current.baseUrl, auth: { ...current.auth, ...tokens.value } }));
  },

  describe(credentials): Json {
    const current = read(credentials);
    if (!current) return null;
    if (current.auth.type === 'long_lived_token') {
      return { baseUrl: current.baseUrl, type: 'long_lived_token', token: hint(current.auth.token) };
    }
    const { clientId, redirectUri, expiresAt } = current.auth;
    return {
      baseUrl: current.baseUrl,
      type: 'oauth',
      clientId,
      redirectUri,
      accessToken: hint(current.auth.accessToken),
      refreshToken: hint(current.auth.refreshToken),
      expiresAt: new Date(expiresAt).toISOString(),
    };
  },

  amend(_credentials, patch) {
    const key = patch !== null && typeof patch === 'object' ? Object.keys(patch)[0] : undefined;
    return err({
      kind: 'rejected',
      detail: 'amoCRM credentials have no setting to change on their own: re-authorise instead',
      ...(key ? { field: key } : {}),
    });
  },

  // A consent gives back everything amoCRM credentials hold.
  carryOver: (_previous, fresh) => fresh,

  authorizeUrl(settings, state) {
    const parsed = z
      .object({ auth: OAuthInput.partial({ authorizationCode: true, refreshToken: true }) })
      .safeParse(settings);
    if (!parsed.success) return null;
    const { clientId, authorizeUrl } = parsed.data.auth;
    const url = new URL(authorizeUrl ?? DEFAULT_AUTHORIZE_URL);
    url.searchParams.set('client_id', clientId);
    url.searchParams.set('state', state);
    url.searchParams.set('mode', 'post_message');
    return url.toString();
  },
};
