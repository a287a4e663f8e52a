/** The Bitrix24 sandbox's transport knobs and counters (sandbox/bitrix24/README.md). */
import { z } from 'zod';
import { call } from '../../support/hub.ts';
import type { CrmUnderTest } from './crm-under-test.ts';
import { sandboxCall } from './sandbox-call.ts';
import type { TransportKit, TransportStats } from './transport.ts';

const REDIRECT_URI = 'https://venue.example/oauth/bitrix24';
const OAUTH_PATH = '/oauth-server';

const Stats = z.object({
  requests: z.number(),
  byMethod: z.record(z.string(), z.number()),
  status: z.record(z.string(), z.number()),
  queryLimitExceeded: z.number(),
  operationTimeLimit: z.number(),
  maxBucketLevel: z.number(),
  events: z.object({ sent: z.number() }),
  oauth: z.object({ refreshes: z.number(), refreshFailures: z.number() }),
});
const App = z.object({ clientId: z.string(), clientSecret: z.string(), applicationToken: z.string() });
const Code = z.object({ code: z.string() });
const StoredOAuth = z.object({
  type: z.literal('oauth'),
  oauthUrl: z.string(),
  clientId: z.string(),
  clientSecret: z.string(),
  refreshToken: z.string(),
});

function count(byMethod: Record<string, number>, methods: readonly string[]): number {
  return methods.reduce((sum, method) => sum + (byMethod[method] ?? 0), 0);
}

export function bitrixTransport(crm: CrmUnderTest): TransportKit {
  let app: z.infer<typeof App> | undefined;
  const consent = async () => {
    if (!app) throw new Error('no application yet');
    const { code } = Code.parse(await sandboxCall(crm, 'POST', '/oauth/codes', { clientId: app.clientId }));
    return {
      auth: {
        type: 'oauth',
        portalUrl: crm.sandboxUrl(),
        oauthUrl: `${crm.sandboxUrl()}${OAUTH_PATH}`,
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        applicationToken: app.applicationToken,
        authorizationCode: code,
      },
    };
  };
  return {
    async stats(): Promise<TransportStats> {
      const s = Stats.parse(await sandboxCall(crm, 'GET', '/stats'));
      return {
        requests: s.requests,
        throttled: s.queryLimitExceeded + s.operationTimeLimit,
        blocked: 0,
        peak: s.maxBucketLevel,
        injected: (s.status['500'] ?? 0) + (s.status['502'] ?? 0),
        refreshes: s.oauth.refreshes,
        refreshFailures: s.oauth.refreshFailures,
        contactWrites: count(s.byMethod, ['crm.contact.add', 'crm.contact.update']),
        noteWrites: count(s.byMethod, ['crm.timeline.comment.add']),
        productWrites: count(s.byMethod, ['crm.product.add', 'crm.product.update']),
      };
    },
    calm: { bucketSize: 50, drainPerSecond: 2, failureRate: 0, failurePhase: 'before', hangRate: 0 },
    // Our limiter allows a burst of 40 at 1.7/s: a bucket of 5 draining 1/s overflows at once.
    stricter: { bucketSize: 5, drainPerSecond: 1 },
    // `after`: the call IS executed and its answer is lost — a retried add would duplicate.
    faults: { failureRate: 0.2, failurePhase: 'after', failureKind: 'mixed', hangRate: 0.03, hangMs: 4_000 },
    tokenTtl: (seconds) => ({ accessTokenTtlSec: seconds }),
    async oauthConnection() {
      app = App.parse(await sandboxCall(crm, 'POST', '/apps', { redirectUri: REDIRECT_URI }));
      return { kind: 'bitrix24', ...(await consent()) };
    },
    reconsent: consent,
    // The portal has no revoke call: another holder of the refresh token rotates it, which kills the
    // hub's refresh token and (revokeAccessOnRefresh) its access token, exactly as a revocation would.
    async revoke(credentials) {
      const stored = StoredOAuth.parse(credentials);
      const query = new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: stored.clientId,
        client_secret: stored.clientSecret,
        refresh_token: stored.refreshToken,
      });
      const answer = await call(stored.oauthUrl, 'GET', `/oauth/token/?${query.toString()}`);
      if (answer.status !== 200) throw new Error(`could not rotate the token: ${answer.status}`);
    },
    async deliveryItems() {
      // Bitrix24 sends one event per change: every delivery carries one item.
      const s = Stats.parse(await sandboxCall(crm, 'GET', '/stats'));
      return Array.from({ length: s.events.sent }, () => 1);
    },
  };
}
