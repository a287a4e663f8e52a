/**
 * The ways to connect each CRM, as data: which fields each needs and where they go in the request body
 * (`POST …/connections`, `…/oauth-start`, or `PATCH /admin/v1/connections/:id` for re-authorisation).
 */
import type { ConnectionInput } from '../../api/endpoints.ts';
import type { CrmKind } from '../../api/types.ts';

export type AuthFieldKey =
  | 'baseUrl'
  | 'token'
  | 'clientId'
  | 'clientSecret'
  | 'authorizationCode'
  | 'refreshToken'
  | 'url'
  | 'applicationToken'
  | 'portalUrl'
  | 'oauthUrl'
  | 'authorizeUrl';

export type MethodId =
  | 'amocrm.token'
  | 'amocrm.oauth'
  | 'amocrm.oauthCode'
  | 'bitrix24.webhook'
  | 'bitrix24.oauth'
  | 'bitrix24.oauthToken';

export type AuthField = {
  readonly key: AuthFieldKey;
  /** `root`: beside `kind` (amoCRM's baseUrl); `auth`: inside `auth`. */
  readonly at: 'root' | 'auth';
  readonly required: boolean;
  readonly secret?: boolean;
  readonly placeholder?: string;
};

export type AuthMethod = {
  readonly id: MethodId;
  readonly kind: CrmKind;
  /** The `auth.type` sent to the hub. */
  readonly type: 'long_lived_token' | 'oauth' | 'webhook';
  /** The browser goes to the CRM's consent page (`oauth-start`) instead of sending a code. */
  readonly redirect: boolean;
  readonly fields: readonly AuthField[];
};

const amoBase: AuthField = {
  key: 'baseUrl',
  at: 'root',
  required: true,
  placeholder: 'https://venue.amocrm.ru',
};
const clientId: AuthField = { key: 'clientId', at: 'auth', required: true };
const clientSecret: AuthField = { key: 'clientSecret', at: 'auth', required: true, secret: true };
const appToken: AuthField = { key: 'applicationToken', at: 'auth', required: false, secret: true };
const portal: AuthField = {
  key: 'portalUrl',
  at: 'auth',
  required: true,
  placeholder: 'https://venue.bitrix24.ru',
};
/** amoCRM's consent page: www.amocrm.ru by default, www.kommo.com for Kommo accounts. */
const amoAuthorizeUrl: AuthField = {
  key: 'authorizeUrl',
  at: 'auth',
  required: false,
  placeholder: 'https://www.amocrm.ru/oauth',
};
const oauthUrl: AuthField = {
  key: 'oauthUrl',
  at: 'auth',
  required: false,
  placeholder: 'https://oauth.bitrix.info',
};

export const AUTH_METHODS: readonly AuthMethod[] = [
  {
    id: 'amocrm.token',
    kind: 'amocrm',
    type: 'long_lived_token',
    redirect: false,
    fields: [amoBase, { key: 'token', at: 'auth', required: true, secret: true }],
  },
  {
    id: 'amocrm.oauth',
    kind: 'amocrm',
    type: 'oauth',
    redirect: true,
    fields: [amoBase, clientId, clientSecret, amoAuthorizeUrl],
  },
  {
    id: 'amocrm.oauthCode',
    kind: 'amocrm',
    type: 'oauth',
    redirect: false,
    fields: [
      amoBase,
      clientId,
      clientSecret,
      { key: 'authorizationCode', at: 'auth', required: false, secret: true },
      { key: 'refreshToken', at: 'auth', required: false, secret: true },
    ],
  },
  {
    id: 'bitrix24.webhook',
    kind: 'bitrix24',
    type: 'webhook',
    redirect: false,
    fields: [
      {
        key: 'url',
        at: 'auth',
        required: true,
        secret: true,
        placeholder: 'https://venue.bitrix24.ru/rest/1/abc123/',
      },
      appToken,
    ],
  },
  {
    id: 'bitrix24.oauth',
    kind: 'bitrix24',
    type: 'oauth',
    redirect: true,
    fields: [portal, clientId, clientSecret, appToken, oauthUrl],
  },
  {
    id: 'bitrix24.oauthToken',
    kind: 'bitrix24',
    type: 'oauth',
    redirect: false,
    fields: [
      portal,
      clientId,
      clientSecret,
      { key: 'refreshToken', at: 'auth', required: true, secret: true },
      appToken,
      oauthUrl,
    ],
  },
];

export function methodsOf(kind: CrmKind): AuthMethod[] {
  return AUTH_METHODS.filter((method) => method.kind === kind);
}

/** The request body for a method and the typed values (blank optional fields are left out). */
export function connectionBody(
  method: AuthMethod,
  values: Readonly<Record<string, string>>,
  redirectUri: string,
): Omit<ConnectionInput, 'label'> {
  const auth: Record<string, string> = { type: method.type };
  const root: { baseUrl?: string } = {};
  for (const field of method.fields) {
    const value = values[field.key]?.trim();
    if (!value) continue;
    if (field.at === 'root') root.baseUrl = value;
    else auth[field.key] = value;
  }
  if (method.kind === 'amocrm' && method.type === 'oauth') auth.redirectUri = redirectUri;
  return { kind: method.kind, ...root, auth };
}
