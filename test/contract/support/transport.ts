/**
 * Transport-level knobs and counters of a CRM sandbox in CRM-neutral words, for the robustness suites:
 * limits, injected faults, OAuth consent and revocation, webhook deliveries. Each CRM brings a kit that
 * talks to its sandbox's control API (`/_sandbox/...`).
 */
import type { Json } from '../../../src/connectors/contract.ts';
import { getConnection, openCredentials } from '../../../src/store/connections-repo.ts';
import { amoTransport } from './amocrm-transport.ts';
import { bitrixTransport } from './bitrix24-transport.ts';
import type { CrmUnderTest } from './crm-under-test.ts';
import type { Stage } from './stage.ts';

export type TransportStats = {
  readonly requests: number;
  /** "Too many requests" answers: amoCRM 429; Bitrix24 503 QUERY_LIMIT_EXCEEDED and 429 OPERATION_TIME_LIMIT. */
  readonly throttled: number;
  /** amoCRM's 403 account block (Bitrix24 has none). */
  readonly blocked: number;
  /** The most requests in any sliding second (amoCRM), or the fullest the leaky bucket got (Bitrix24). */
  readonly peak: number;
  /** Failures, hangs and lost answers the sandbox injected. */
  readonly injected: number;
  readonly refreshes: number;
  readonly refreshFailures: number;
  /** Contact create/update requests (amoCRM) or commands (Bitrix24). */
  readonly contactWrites: number;
  readonly noteWrites: number;
  readonly productWrites: number;
};

export type Knobs = Record<string, unknown>;

export type TransportKit = {
  stats(): Promise<TransportStats>;
  /** The CRM's own published limits (the sandbox's defaults), every fault off. */
  readonly calm: Knobs;
  /** Limits stricter than the share our limiter takes, so the sandbox throttles. */
  readonly stricter: Knobs;
  /** ~20 % 5xx, a few hangs, and writes applied but answered with an error. */
  readonly faults: Knobs;
  tokenTtl(seconds: number): Knobs;
  /** A new OAuth integration/app and the user's consent: the body that connects with it. */
  oauthConnection(): Promise<Record<string, unknown>>;
  /** A new consent for the same integration: `auth` (and what goes with it) for a PATCH. */
  reconsent(): Promise<Record<string, unknown>>;
  /** The tokens the hub holds stop working (the integration was revoked, or refreshed by someone else). */
  revoke(credentials: Json): Promise<void>;
  /** Items carried by each first delivery of a webhook, oldest first. */
  deliveryItems(): Promise<number[]>;
};

export function transportOf(crm: CrmUnderTest): TransportKit {
  return crm.kind === 'amocrm' ? amoTransport(crm) : bitrixTransport(crm);
}

/** The credentials the hub stores for the stage's connection (decrypted with the test key). */
export async function storedCredentials(stage: Stage): Promise<Json> {
  const row = await getConnection(stage.hub.runtime.db, stage.connection.id);
  if (!row) throw new Error('the connection is gone');
  return openCredentials(stage.hub.runtime.box, row);
}

/** Counter differences between two snapshots. */
export function delta(before: TransportStats, after: TransportStats): TransportStats {
  const keys = Object.keys(after) as (keyof TransportStats)[];
  return Object.fromEntries(
    keys.map((key) => [key, key === 'peak' ? after.peak : after[key] - before[key]]),
  ) as TransportStats;
}

/**
 * A CRM under test whose connection is an OAuth one (a fresh integration, consented before connecting)
 * with short-lived access tokens; everything else is the CRM's own adapter.
 */
export function withOAuth(crm: CrmUnderTest, kit: TransportKit, accessTokenTtlSec: number): CrmUnderTest {
  let body: Record<string, unknown> | undefined;
  return {
    ...crm,
    async start() {
      await crm.start();
      crm.configure(kit.tokenTtl(accessTokenTtlSec));
      body = await kit.oauthConnection();
    },
    connectionBody() {
      if (!body) throw new Error('start the sandbox first');
      return body;
    },
    // Setup subscribes to the CRM's webhooks/events itself over OAuth.
    async afterConnect() {},
  };
}
