/**
 * Two ways in (bitrix24-api.md §1): an incoming webhook (the secret is in the URL, nothing expires) or
 * a local application's OAuth (access token for 1 h in the `auth` parameter, refresh tokens rotate).
 * Either way the events' application token is kept here, for `decodeWebhook`.
 */
import { z } from 'zod';
import { err, ok } from '../../core/result.ts';
import type { AuthAdapter, CrmHttp, CrmRequest, CrmResult, Json } from '../contract.ts';
import { BxEnvelope, BxToken } from './wire.ts';

export const DEFAULT_OAUTH_URL = 'https://oauth.bitrix.info';

const WebhookInput = z.object({
  type: z.literal('webhook'),
  url: z.url().regex(/\/rest\/\d+\/[^/]+\/?$/, 'must look like https://<portal>/rest/<user>/<secret>/'),
  applicationToken: z.string().min(1).optional(),
});
const OAuthSettings = z.object({
  type: z.literal('oauth'),
  portalUrl: z.url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  applicationToken: z.string().min(1).optional(),
  oauthUrl: z.url().optional(),
});
/** What the consent page needs: the portal and the app. */
const ConsentSettings = OAuthSettings.pick({ type: true, portalUrl: true, clientId: true });
const OAuthInput = OAuthSettings.extend({
  refreshToken: z.string().min(1).optional(),
  authorizationCode: z.string().min(1).optional(),
}).refine((input) => input.refreshToken || input.authorizationCode, {
  message: 'give a refreshToken or an authorizationCode',
});
const BxAuthInput = z.object({ auth: z.discriminatedUnion('type', [WebhookInput, OAuthInput]) });
/** What `amend` may change without a new consent: the token that proves events come from the portal. */
const BxAuthPatch = z.object({ applicationToken: z.string().trim().min(1) }).strict();

const WebhookCredentials = z.object({
  type: z.literal('webhook'),
  url: z.string(),
  applicationToken: z.string().nullable(),
});
const OAuthCredentials = z.object({
  type: z.literal('oauth'),
  portalUrl: z.string(),
  oauthUrl: z.string(),
  clientId: z.string(),
  clientSecret: z.string(),
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresAt: z.number(),
  /** absent in credentials stored before it was kept */
  issuedAt: z.number().optional(),
  memberId: z.string().nullable(),
  applicationToken: z.string().nullable(),
});
const BxCredentials = z.discriminatedUnion('type', [WebhookCredentials, OAuthCredentials]);
type OAuthCredentials = z.infer<typeof OAuthCredentials>;
export type BxCredentials = z.infer<typeof BxCredentials>;

export function readCredentials(credentials: Json): BxCredentials | null {
  const parsed = BxCredentials.safeParse(credentials);
  return parsed.success ? parsed.data : null;
}

export const bitrixAuth: AuthAdapter = {
  inputSchema: BxAuthInput,

  async establish(input, http) {
    const { auth } = BxAuthInput.parse(input);
    if (auth.type === 'webhook') {
      const url = withSlash(auth.url);
      const checked = await checkScope(http, {
        method: 'POST',
        path: `${url}scope`,
        json: {},
        anonymous: true,
      });
      if (!checked.ok) return checked;
      return ok({ type: 'webhook', url, applicationToken: auth.applicationToken ?? null });
    }
    const base = {
      type: 'oauth' as const,
      portalUrl: withoutSlash(auth.portalUrl),
      oauthUrl: withoutSlash(auth.oauthUrl ?? DEFAULT_OAUTH_URL),
      clientId: auth.clientId,
      clientSecret: auth.clientSecret,
      applicationToken: auth.applicationToken ?? null,
    };
    const grant: Record<string, string> = auth.authorizationCode
      ? { grant_type: 'authorization_code', code: auth.authorizationCode }
      : { grant_type: 'refresh_token', refresh_token: auth.refreshToken ?? '' };
    const tokens = await requestTokens(http, base, grant);
    if (!tokens.ok) return tokens;
    const credentials = { ...base, ...tokens.value };
    const checked = await checkScope(http, {
      method: 'POST',
      path: `${credentials.portalUrl}/rest/scope`,
      json: { auth: credentials.accessToken },
      anonymous: true,
    });
    return checked.ok ? ok(credentials) : checked;
  },

  apiBase(credentials) {
    const parsed = readCredentials(credentials);
    if (!parsed) return '';
    return parsed.type === 'webhook' ? parsed.url : `${parsed.portalUrl}/rest/`;
  },

  apply(request, credentials) {
    const parsed = readCredentials(credentials);
    if (parsed?.type !== 'oauth') return request;
    if (isPlainObject(request.json))
      return { ...request, json: { ...request.json, auth: parsed.accessToken } };
    const query = `auth=${encodeURIComponent(parsed.accessToken)}`;
    return { ...request, query: request.query ? `${request.query}&${query}` : query };
  },

  expiresAt(credentials) {
    const parsed = readCredentials(credentials);
    return parsed?.type === 'oauth' ? parsed.expiresAt : null;
  },

  issuedAt(credentials) {
    const parsed = readCredentials(credentials);
    return parsed?.type === 'oauth' ? (parsed.issuedAt ?? null) : null;
  },

  async refresh(credentials, http) {
    const parsed = readCredentials(credentials);
    if (parsed?.type !== 'oauth') {
      return err({ kind: 'auth', refreshable: false, detail: 'an incoming webhook has no token to refresh' });
    }
    const tokens = await requestTokens(http, parsed, {
      grant_type: 'refresh_token',
      refresh_token: parsed.refreshToken,
    });
    return tokens.ok ? ok({ ...parsed, ...tokens.value }) : tokens;
  },

  describe(credentials): Json {
    const parsed = readCredentials(credentials);
    if (!parsed) return null;
    const token = parsed.applicationToken ? hint(parsed.applicationToken) : null;
    if (parsed.type === 'webhook') {
      return {
        type: 'webhook',
        url: parsed.url.replace(/\/rest\/(\d+)\/[^/]+\//, '/rest/$1/***/'),
        applicationToken: token,
      };
    }
    return {
      type: 'oauth',
      portalUrl: parsed.portalUrl,
      oauthUrl: parsed.oauthUrl,
      clientId: parsed.clientId,
      clientSecret: hint(parsed.clientSecret),
      expiresAt: parsed.expiresAt,
      applicationToken: token,
    };
  },

  carryOver(previous, fresh) {
    const [before, after] = [readCredentials(previous), readCredentials(fresh)];
    if (!before?.applicationToken || !after || after.applicationToken) return fresh;
    // The token belongs to the outgoing webhook (webhook auth) or to the app (OAuth): the same one only.
    const same =
      before.type === 'webhook' && after.type === 'webhook'
        ? new URL(before.url).host === new URL(after.url).host
        : before.type === 'oauth' && after.type === 'oauth'
          ? before.portalUrl === after.portalUrl && before.clientId === after.clientId
          : false;
    return same ? { ...(fresh as Record<string, Json>), applicationToken: before.applicationToken } : fresh;
  },

  amend(credentials, patch) {
    const stored = readCredentials(credentials) ? credentials : null;
    if (stored === null || typeof stored !== 'object' || Array.isArray(stored))
      return err({ kind: 'rejected', detail: 'no Bitrix24 credentials are stored' });
    const checked = BxAuthPatch.safeParse(patch);
    // Merged into what is stored as is, so a field this schema does not read yet is kept.
    if (checked.success) return ok({ ...stored, ...checked.data });
    // A key that may not change says more than the token it lacks.
    const { issues } = checked.error;
    const issue = issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? issues[0];
    const field = issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path.join('.');
    return err({
      kind: 'rejected',
      detail: issue?.message ?? 'invalid patch',
      ...(field ? { field } : {}),
    });
  },

  authorizeUrl(settings, state) {
    const direct = ConsentSettings.safeParse(settings);
    const wrapped = z.object({ auth: ConsentSettings }).safeParse(settings);
    const oauth = direct.success ? direct.data : wrapped.success ? wrapped.data.auth : null;
    if (!oauth) return null;
    const query = new URLSearchParams({ client_id: oauth.clientId, state });
    return `${withoutSlash(oauth.portalUrl)}/oauth/authorize/?${query.toString()}`;
  },
};

/** `<oauthUrl>/oauth/token/` as the docs show it: a GET with the grant in the query. */
async function requestTokens(
  http: CrmHttp,
  app: Pick<OAuthCredentials, 'oauthUrl' | 'clientId' | 'clientSecret'>,
  grant: Record<string, string>,
): Promise<
  CrmResult<Pick<OAuthCredentials, 'accessToken' | 'refreshToken' | 'expiresAt' | 'issuedAt' | 'memberId'>>
> {
  const query = new URLSearchParams({ ...grant, client_id: app.clientId, client_secret: app.clientSecret });
  const answer = await http({
    method: 'GET',
    path: `${app.oauthUrl}/oauth/token/`,
    query: query.toString(),
    anonymous: true,
    bucket: 'oauth',
  });
  if (!answer.ok) return answer;
  const token = BxToken.safeParse(answer.value.json);
  if (!token.success)
    return err({ kind: 'auth', refreshable: false, detail: 'the token endpoint answered no tokens' });
  const issuedAt = Date.now();
  return ok({
    accessToken: token.data.access_token,
    refreshToken: token.data.refresh_token,
    expiresAt: issuedAt + token.data.expires_in * 1000,
    issuedAt,
    memberId: token.data.member_id ?? null,
  });
}

/** One cheap call that proves the credentials and that the `crm` scope was granted. */
async function checkScope(http: CrmHttp, request: CrmRequest): Promise<CrmResult<void>> {
  const answer = await http(request);
  if (!answer.ok) return answer;
  const envelope = BxEnvelope.safeParse(answer.value.json);
  const scopes = envelope.success && Array.isArray(envelope.data.result) ? envelope.data.result : [];
  if (!scopes.includes('crm')) {
    return err({
      kind: 'auth',
      refreshable: false,
      detail: `the crm scope is not granted (scopes: ${scopes.join(', ') || 'none'})`,
    });
  }
  return ok(undefined);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function withoutSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function hint(secret: string): string {
  return secret.length <= 6 ? '***' : `${secret.slice(0, 3)}…${secret.slice(-2)}`;
}
