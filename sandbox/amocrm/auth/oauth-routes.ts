import type { AccountContext } from '../domain/context.ts';
import { isObject } from '../domain/input.ts';
import { ok, type Result, type Router } from '../http/router.ts';
import { oauthError, type TokenService } from './tokens.ts';

// The token endpoint (amocrm-api.md §2.2) and the subdomain lookup by refresh token (§1.1). Both
// live on the account host, so they share the API's rate limit; neither needs a bearer token.

export function oauthRoutes(r: Router, ctx: AccountContext, tokens: () => TokenService): void {
  r.post('/oauth2/access_token', (req): Result => {
    const body = isObject(req.body) ? req.body : {};
    return { status: 200, body: tokens().grant(body), contentType: 'application/json' };
  });

  r.get('/oauth2/account/current/subdomain', (req) => {
    const token = req.headers['x-refresh-token'];
    if (typeof token !== 'string' || !tokens().knowsRefreshToken(token))
      throw oauthError(401, 'Token has been revoked');
    const { account } = ctx.store;
    const host = new URL(ctx.baseUrl).host;
    return ok({ id: account.id, subdomain: account.subdomain, domain: host, top_level_domain: 'ru' });
  });
}
