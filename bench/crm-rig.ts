/**
 * One CRM benchmark rig, wired only through public APIs as the contract tests do: the CRM sandbox in this
 * process at its default (published) limits, the hub as its own process (`node src/cli/main.ts serve`),
 * a tenant, and a connection created, set up and left with its default options.
 */
import { amoUnderTest } from '../test/contract/support/amocrm.ts';
import { bitrixUnderTest } from '../test/contract/support/bitrix24.ts';
import type { CrmUnderTest } from '../test/contract/support/crm-under-test.ts';
import { type HubProcess, killHubProcesses, startHubProcess } from '../test/durability/hub-process.ts';
import { createTestDatabase, type Engine } from '../test/support/databases.ts';
import { ADMIN_TOKEN, admin, createTenant } from '../test/support/hub.ts';

export const CRM_NAMES = ['amocrm', 'bitrix24'] as const;
export type CrmName = (typeof CRM_NAMES)[number];

export const TIME_ZONE = 'Europe/Moscow';

export type Counters = {
  readonly requests: number;
  /** amoCRM 429 (and 403 blocks); Bitrix24 503 QUERY_LIMIT_EXCEEDED and 429 OPERATION_TIME_LIMIT. */
  readonly throttled: number;
  /** amoCRM: most requests in any sliding second; Bitrix24: the fullest the leaky bucket got. */
  readonly peak: number;
  readonly byRoute: Readonly<Record<string, number>>;
};

/** The CRM's published limit: `perSecond` after the first `free` requests (Bitrix24's bucket). */
export type Published = { readonly perSecond: number; readonly free: number };

export type CrmSide = {
  readonly name: CrmName;
  readonly under: CrmUnderTest;
  counters(): Counters;
  /** Notes (amoCRM) or timeline comments (Bitrix24) per contact id. */
  notesByContact(): Map<string, number>;
  published(): Published;
};

export type Rig = {
  readonly crm: CrmSide;
  readonly hub: HubProcess;
  readonly apiKey: string;
  readonly connectionId: string;
  /** Requests setup made. */
  readonly setupRequests: number;
  stop(): Promise<void>;
};

export function crmSide(name: CrmName): CrmSide {
  return name === 'amocrm' ? amoSide() : bitrixSide();
}

function amoSide(): CrmSide {
  const under = amoUnderTest();
  return {
    name: 'amocrm',
    under,
    counters() {
      const s = under.sandbox().stats();
      return {
        requests: s.requests,
        throttled: s.rateLimited + s.blocked,
        peak: s.maxRequestsInAnySecond,
        byRoute: s.byRoute,
      };
    },
    notesByContact() {
      const counts = new Map<string, number>();
      for (const note of under.sandbox().state.notes()) {
        if (note.entity_type !== 'contacts') continue;
        const id = String(note.entity_id);
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    },
    published: () => ({ perSecond: under.sandbox().knobs().rateLimitPerSecond, free: 0 }),
  };
}

function bitrixSide(): CrmSide {
  const under = bitrixUnderTest();
  return {
    name: 'bitrix24',
    under,
    counters() {
      const s = under.sandbox().stats();
      return {
        requests: s.requests,
        throttled: s.queryLimitExceeded + s.operationTimeLimit,
        peak: s.maxBucketLevel,
        byRoute: s.byMethod,
      };
    },
    notesByContact() {
      const counts = new Map<string, number>();
      for (const comment of under.sandbox().state.timeline().comments) {
        if (String(comment.ENTITY_TYPE).toLowerCase() !== 'contact') continue;
        const id = String(comment.ENTITY_ID);
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    },
    published() {
      const knobs = under.sandbox().configure({});
      return { perSecond: knobs.drainPerSecond, free: knobs.bucketSize };
    },
  };
}

export type RigOptions = {
  readonly engine: Engine;
  /** Another checkout to run the hub from (before/after comparisons). */
  readonly root?: string | undefined;
  readonly log: (line: string) => void;
};

export async function openRig(name: CrmName, options: RigOptions): Promise<Rig> {
  const crm = crmSide(name);
  await crm.under.start();
  const database = await createTestDatabase(options.engine);
  let hub: HubProcess | undefined;
  try {
    hub = await startHubProcess({
      dataDir: database.dataDir,
      databaseUrl: database.url,
      env: { LIMEBRIDGE_ADMIN_TOKEN: ADMIN_TOKEN },
      ...(options.root ? { root: options.root } : {}),
    });
    const tenant = await createTenant(hub, { name: 'Аквапарк «Бенчмарк»', timezone: TIME_ZONE });
    const connectionId = await connect(hub, tenant.id, crm.under);
    const setupRequests = crm.counters().requests;
    options.log(`${name}: hub pid ${hub.pid} (${options.engine}), set up with ${setupRequests} requests`);
    const running = hub;
    return {
      crm,
      hub: running,
      apiKey: tenant.apiKey,
      connectionId,
      setupRequests,
      async stop() {
        await running.stop();
        await crm.under.stop();
        await database.drop();
      },
    };
  } catch (error) {
    await killHubProcesses();
    await crm.under.stop();
    await database.drop();
    throw error;
  }
}

async function connect(hub: { url: string }, tenantId: string, crm: CrmUnderTest): Promise<string> {
  const created = await admin<{ id: string; webhookUrl: string }>(
    hub,
    'POST',
    `/admin/v1/tenants/${tenantId}/connections`,
    crm.connectionBody(),
  );
  if (created.status !== 201)
    throw new Error(`connect failed: ${created.status} ${JSON.stringify(created.body)}`);
  await crm.afterConnect(hub, created.body);
  const setup = await admin(hub, 'POST', `/admin/v1/connections/${created.body.id}/setup`);
  if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
  return created.body.id;
}

/** Items the hub still owes the connection, per flow (its `/metrics` backlog gauge). */
export async function backlogOf(rig: Rig): Promise<Record<string, number>> {
  const text = await (await fetch(`${rig.hub.url}/metrics`)).text();
  const owed: Record<string, number> = {};
  const line = /^limebridge_sync_backlog\{connection="([^"]+)",flow="([^"]+)"\} (\d+)/gm;
  for (const match of text.matchAll(line)) {
    if (match[1] === rig.connectionId && match[2]) owed[match[2]] = Number(match[3]);
  }
  return owed;
}

/** CRM requests the hub timed so far and their total time, from its `/metrics` histogram. */
export async function crmLatency(rig: Rig): Promise<{ count: number; sumMs: number }> {
  const text = await (await fetch(`${rig.hub.url}/metrics`)).text();
  const total = (suffix: string) =>
    [
      ...text.matchAll(
        new RegExp(`^limebridge_crm_request_duration_seconds_${suffix}\\{[^}]*\\} (\\S+)`, 'gm'),
      ),
    ]
      .map((match) => Number(match[1]))
      .reduce((sum, n) => sum + n, 0);
  return { count: total('count'), sumMs: total('sum') * 1000 };
}
