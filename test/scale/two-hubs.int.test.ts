/**
 * Scale-out: two hub processes (LIMEBRIDGE_WORKERS=all) on one PostgreSQL database share pg-boss's queue.
 * Many tenants owe Lime events; every event must reach the tenant's webhook exactly once and in order,
 * and both processes must have delivered some (told apart by the TCP connection each push came on).
 */
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { createJobQueue, type JobQueue } from '../../src/queue/queue.ts';
import { type Database, openDatabase, rows } from '../../src/store/db.ts';
import { appendOutbound } from '../../src/store/events-repo.ts';
import { adminPost } from '../durability/http-post.ts';
import {
  HUB_ADMIN_TOKEN,
  type HubProcess,
  killHubProcesses,
  startHubProcess,
} from '../durability/hub-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { type LimeReceiver, startLimeReceiver } from './lime-receiver.ts';

const TENANTS = 24;
const FIRST_WAVE = 150;
const SECOND_WAVE = 80;

type Tenant = { readonly id: string; readonly path: string; readonly expected: string[] };

describe('two hub processes on one PostgreSQL', () => {
  let database: TestDatabase | undefined;
  let hubs: HubProcess[] = [];
  let receiver: LimeReceiver | undefined;
  let handle: { database: Database; queue: JobQueue } | undefined;
  afterAll(async () => {
    await handle?.queue.stop();
    await handle?.database.close();
    await Promise.all(hubs.map((hub) => hub.stop()));
    await killHubProcesses();
    await receiver?.close();
    await database?.drop();
  });

  it('deliver every outbound event once, in order per tenant, and both do work', async () => {
    database = await createTestDatabase('postgres');
    receiver = await startLimeReceiver(25);
    const target = { dataDir: database.dataDir, databaseUrl: database.url };
    // Started together: the migrations and pg-boss's own schema must cope with a concurrent start.
    hubs = await Promise.all(
      ['a', 'b'].map(() => startHubProcess({ ...target, env: { LIMEBRIDGE_WORKERS: 'all' } })),
    );
    receiver.watch(hubs.map((hub) => hub.pid));
    const tenants = await createTenants(hubs, receiver);
    handle = await openThirdHandle(database.url ?? '');

    await owe(handle, tenants, FIRST_WAVE);
    await eventually(() => (receiver?.deliveries.length ?? 0) >= TENANTS / 2);
    await owe(handle, tenants, SECOND_WAVE);
    const total = TENANTS * (FIRST_WAVE + SECOND_WAVE);
    await eventually(() => delivered(receiver) >= total);
    await eventually(async () => (await unfinishedPushes(handle?.database)) === 0);

    const deliveries = receiver.deliveries;
    const byTenant = new Map(tenants.map((t) => [t.path, [] as string[]]));
    for (const delivery of deliveries) byTenant.get(delivery.tenant)?.push(...delivery.ids);
    for (const tenant of tenants) expect(byTenant.get(tenant.path)).toEqual(tenant.expected);
    expect(delivered(receiver)).toBe(total);
    expect(deliveries.filter((d) => !d.signed)).toEqual([]);
    const perProcess = hubs.map((hub) => deliveries.filter((d) => d.pid === hub.pid).length);
    console.info(
      `[scale] ${deliveries.length} pushes of ${total} events; per process: ${perProcess.join(' / ')}`,
    );
    expect(deliveries.filter((d) => d.pid === null)).toEqual([]);
    expect(perProcess.every((count) => count > 0)).toBe(true);
    expect(await failedPushes(handle.database)).toBe(0);
  }, 180_000);
});

async function createTenants(hubs: readonly HubProcess[], receiver: LimeReceiver): Promise<Tenant[]> {
  const tenants: Tenant[] = [];
  for (let i = 0; i < TENANTS; i++) {
    const hub = hubs[i % hubs.length];
    if (!hub) throw new Error('no hub');
    const path = `venue-${i}`;
    const created = await adminPost(hub.url, HUB_ADMIN_TOKEN, '/admin/v1/tenants', {
      name: `Площадка ${i}`,
      limeWebhookUrl: `${receiver.url}/lime/${path}`,
    });
    if (created.status !== 201) throw new Error(`tenant not created: ${JSON.stringify(created)}`);
    const body = created.body as { id: string; webhookSecret: string };
    receiver.register(path, body.webhookSecret);
    tenants.push({ id: body.id, path, expected: [] });
  }
  return tenants;
}

/** A third process's handle on the same database: the setup writes the outbox directly. */
async function openThirdHandle(url: string) {
  const database = await openDatabase({ url });
  const queue = createJobQueue(database, createLogger('warn'));
  await queue.start();
  return { database, queue };
}

/** Each tenant owes `count` more `client.changed` events, appended in order; `lime.push` is woken. */
async function owe(
  handle: { database: Database; queue: JobQueue },
  tenants: readonly Tenant[],
  count: number,
) {
  const now = Date.now();
  for (const tenant of tenants) {
    const drafts = Array.from({ length: count }, (_, n) => ({
      type: 'client.changed',
      subject: `client:c-${n % 7}`,
      occurredAt: now + n,
      data: {
        clientId: `c-${n % 7}`,
        changes: { email: `guest${tenant.expected.length + n}@example.test` },
        origin: { system: 'amocrm', connectionId: 'cn_scale', remoteId: String(1000 + n) },
      },
    }));
    const ids = await handle.database.db.transaction(async (tx) => {
      const appended = await appendOutbound(tx, tenant.id, drafts);
      await handle.queue.wake(tx, [{ job: 'lime.push', tenantId: tenant.id }]);
      return appended;
    });
    tenant.expected.push(...ids);
  }
}

const delivered = (receiver: LimeReceiver | undefined) =>
  (receiver?.deliveries ?? []).reduce((total, delivery) => total + delivery.ids.length, 0);

async function unfinishedPushes(database: Database | undefined): Promise<number> {
  if (!database) return -1;
  const [found] = await rows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from pgboss.job where name = 'lime.push' and state in ('created', 'retry', 'active')`,
  );
  return Number(found?.n ?? -1);
}

async function failedPushes(database: Database): Promise<number> {
  const [found] = await rows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from pgboss.job where name = 'lime.push' and state = 'failed'`,
  );
  return Number(found?.n ?? -1);
}

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
