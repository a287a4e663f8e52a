/**
 * One venue (tenant) connected to several CRMs at once on one real hub, all through the public APIs:
 * the multi-CRM counterpart of `openStage`.
 */
import { admin, createTenant, eventually, startTestHub, type TestHub } from '../../support/hub.ts';
import type { CrmUnderTest } from './crm-under-test.ts';
import { limeEnd, type PulledEvent } from './lime-end.ts';

export type { PulledEvent };

export type VenueLine = {
  readonly crm: CrmUnderTest;
  readonly connection: { id: string; webhookUrl: string };
  view(): Promise<Record<string, unknown>>;
};

export type Venue = {
  readonly hub: TestHub;
  readonly tenant: { id: string; apiKey: string };
  readonly lines: readonly VenueLine[];
  send(events: unknown[]): Promise<void>;
  pulled(): Promise<PulledEvent[]>;
  /** Waits until no connection owes anything and every CRM's webhooks have been applied. */
  quiet(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

export async function openVenue(crms: readonly CrmUnderTest[]): Promise<Venue> {
  for (const crm of crms) await crm.start();
  const hub = await startTestHub('pglite', {}, { crmTimeoutMs: 3000 });
  const tenant = await createTenant(hub);
  const lines: VenueLine[] = [];
  for (const crm of crms) lines.push(await connect(hub, tenant.id, crm));
  const owedNothing = async () => {
    for (const line of lines) {
      await line.crm.settle();
      const backlog = (await line.view()).backlog as Record<string, number>;
      if (Object.values(backlog).some((n) => n > 0)) return undefined;
    }
    return true;
  };
  return {
    hub,
    tenant,
    lines,
    ...limeEnd(hub, tenant.apiKey),
    async quiet(timeoutMs = 90_000) {
      await eventually(owedNothing, timeoutMs, 300);
      // Webhooks for the last writes may still be on their way: let them arrive and be applied.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await eventually(owedNothing, timeoutMs, 300);
    },
    async stop() {
      await hub.stop();
      for (const crm of crms) await crm.stop();
    },
  };
}

async function connect(hub: TestHub, tenantId: string, crm: CrmUnderTest): Promise<VenueLine> {
  const created = await admin<{ id: string; webhookUrl: string }>(
    hub,
    'POST',
    `/admin/v1/tenants/${tenantId}/connections`,
    { ...crm.connectionBody(), options: { flushDelayMs: 0, pollIntervalSeconds: 3600 } },
  );
  if (created.status !== 201)
    throw new Error(`connect failed: ${created.status} ${JSON.stringify(created.body)}`);
  const connection = created.body;
  await crm.afterConnect(hub, connection);
  const setup = await admin(hub, 'POST', `/admin/v1/connections/${connection.id}/setup`);
  if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
  return {
    crm,
    connection,
    async view() {
      return (await admin<Record<string, unknown>>(hub, 'GET', `/admin/v1/connections/${connection.id}`))
        .body;
    },
  };
}
