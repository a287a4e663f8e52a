/**
 * A venue on stage for a contract test: a real hub, one CRM sandbox, a tenant, a connected and set-up
 * connection — all through the public APIs — plus helpers to play Lime and to wait for convergence.
 */
import { signPush } from '../../../src/connectors/lime/signature.ts';
import type { Engine } from '../../support/databases.ts';
import { admin, call, createTenant, eventually, startTestHub, type TestHub } from '../../support/hub.ts';
import type { CrmUnderTest } from './crm-under-test.ts';
import { limeEnd } from './lime-end.ts';

export type Stage = {
  readonly hub: TestHub;
  readonly crm: CrmUnderTest;
  readonly tenant: { id: string; apiKey: string; webhookSecret: string };
  readonly connection: { id: string; webhookUrl: string };
  send(events: unknown[]): Promise<void>;
  /** Everything Lime has been sent so far (pull), in order. */
  pulled(): Promise<{ id: string; type: string; data: Record<string, unknown> }[]>;
  /** Waits until nothing is owed to the CRM and the inbox is empty, then lets webhooks settle. */
  quiet(timeoutMs?: number): Promise<void>;
  connectionView(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
};

export async function openStage(
  crm: CrmUnderTest,
  options: { engine?: Engine; connectionOptions?: Record<string, unknown>; crmTimeoutMs?: number } = {},
): Promise<Stage> {
  await crm.start();
  const hub = await startTestHub(
    options.engine ?? 'pglite',
    {},
    { crmTimeoutMs: options.crmTimeoutMs ?? 3000 },
  );
  const tenant = await createTenant(hub);
  const created = await admin<{ id: string; webhookUrl: string }>(
    hub,
    'POST',
    `/admin/v1/tenants/${tenant.id}/connections`,
    {
      ...crm.connectionBody(),
      options: { flushDelayMs: 0, pollIntervalSeconds: 3600, ...options.connectionOptions },
    },
  );
  if (created.status !== 201)
    throw new Error(`connect failed: ${created.status} ${JSON.stringify(created.body)}`);
  const connection = created.body;
  await crm.afterConnect(hub, connection);
  const setup = await admin(hub, 'POST', `/admin/v1/connections/${connection.id}/setup`);
  if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
  const stage: Stage = {
    hub,
    crm,
    tenant,
    connection,
    ...limeEnd(hub, tenant.apiKey),
    async quiet(timeoutMs = 60_000) {
      await eventually(
        async () => {
          await crm.settle();
          const view = await stage.connectionView();
          const backlog = view.backlog as Record<string, number>;
          const owed = Object.values(backlog).reduce((sum, n) => sum + n, 0);
          const inbox = await call<{ n: number }>(hub.url, 'GET', '/healthz');
          return owed === 0 && inbox.status === 200 ? true : undefined;
        },
        timeoutMs,
        300,
      );
      // Webhooks for our last writes may still be on their way: let them arrive and be applied.
      await crm.settle();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await eventually(
        async () => {
          const view = await stage.connectionView();
          return Object.values(view.backlog as Record<string, number>).every((n) => n === 0) || undefined;
        },
        timeoutMs,
        300,
      );
    },
    async connectionView() {
      return (await admin<Record<string, unknown>>(hub, 'GET', `/admin/v1/connections/${connection.id}`))
        .body;
    },
    async stop() {
      await hub.stop();
      await crm.stop();
    },
  };
  return stage;
}

export { signPush };
