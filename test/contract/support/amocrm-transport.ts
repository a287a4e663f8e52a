/** The amoCRM sandbox's transport knobs and counters (sandbox/amocrm/README.md). */
import { z } from 'zod';
import type { CrmUnderTest } from './crm-under-test.ts';
import { sandboxCall } from './sandbox-call.ts';
import type { TransportKit, TransportStats } from './transport.ts';

const REDIRECT_URI = 'https://venue.example/oauth/amocrm';

const Stats = z.object({
  requests: z.number(),
  byRoute: z.record(z.string(), z.number()),
  maxRequestsInAnySecond: z.number(),
  rateLimited: z.number(),
  blocked: z.number(),
  hung: z.number(),
  injectedFailures: z.number(),
  lostResponses: z.number(),
  oauth: z.object({ refreshes: z.number(), refreshFailures: z.number() }),
});
const Integration = z.object({ clientId: z.string(), clientSecret: z.string(), redirectUri: z.string() });
const Code = z.object({ code: z.string() });
const Deliveries = z.array(z.object({ attempt: z.number(), items: z.number(), duplicate: z.boolean() }));
const StoredOAuth = z.object({ auth: z.object({ type: z.literal('oauth'), refreshToken: z.string() }) });

function writes(byRoute: Record<string, number>, pattern: RegExp): number {
  return Object.entries(byRoute)
    .filter(([route]) => pattern.test(route))
    .reduce((sum, [, n]) => sum + n, 0);
}

export function amoTransport(crm: CrmUnderTest): TransportKit {
  let integration: z.infer<typeof Integration> | undefined;
  const consent = async () => {
    if (!integration) throw new Error('no integration yet');
    const { code } = Code.parse(
      await sandboxCall(crm, 'POST', '/oauth/codes', { clientId: integration.clientId }),
    );
    return {
      baseUrl: crm.sandboxUrl(),
      auth: { type: 'oauth', ...integration, authorizationCode: code },
    };
  };
  return {
    async stats(): Promise<TransportStats> {
      const s = Stats.parse(await sandboxCall(crm, 'GET', '/stats'));
      return {
        requests: s.requests,
        throttled: s.rateLimited,
        blocked: s.blocked,
        peak: s.maxRequestsInAnySecond,
        injected: s.injectedFailures + s.hung + s.lostResponses,
        refreshes: s.oauth.refreshes,
        refreshFailures: s.oauth.refreshFailures,
        contactWrites: writes(s.byRoute, /^(POST|PATCH) \/api\/v4\/contacts(\/:id)?$/),
        noteWrites: writes(s.byRoute, /^POST \/api\/v4\/contacts(\/:id)?\/notes$/),
        productWrites: writes(s.byRoute, /^(POST|PATCH) \/api\/v4\/catalogs\/:[A-Za-z_]+\/elements(\/:id)?$/),
      };
    },
    calm: { rateLimitPerSecond: 7, blockAfter429: 20, failureRate: 0, hangRate: 0, lostResponseRate: 0 },
    // Our limiter takes 6/s; the 403 block is switched off so the storm stays a storm of 429s.
    stricter: { rateLimitPerSecond: 3, blockAfter429: 0 },
    faults: { failureRate: 0.2, hangRate: 0.03, hangMs: 30_000, lostResponseRate: 0.2 },
    tokenTtl: (seconds) => ({ accessTokenTtlSec: seconds }),
    async oauthConnection() {
      integration = Integration.parse(
        await sandboxCall(crm, 'POST', '/integrations', { redirectUri: REDIRECT_URI }),
      );
      return { kind: 'amocrm', ...(await consent()) };
    },
    reconsent: consent,
    async revoke(credentials) {
      const { refreshToken } = StoredOAuth.parse(credentials).auth;
      await sandboxCall(crm, 'POST', '/tokens/revoke', { token: refreshToken });
    },
    async deliveryItems() {
      return Deliveries.parse(await sandboxCall(crm, 'GET', '/webhook-deliveries'))
        .filter((d) => d.attempt === 1 && !d.duplicate)
        .map((d) => d.items);
    },
  };
}
