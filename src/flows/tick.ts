/**
 * Once a minute, for the whole cluster: wake flushes that have work but no job (a crash, a retry that
 * gave up), polls that are due, pushes to Lime that are due, and recompute the cards of parents whose
 * child had a birthday (the "nearest child birthday" moves on).
 */
import { eq, sql } from 'drizzle-orm';
import { localDateAt } from '../core/model/time.ts';
import { listConnections } from '../store/connections-repo.ts';
import { rows } from '../store/db.ts';
import { dueFlows, type Flow, markDirty } from '../store/dirty-repo.ts';
import { tenants } from '../store/schema/index.ts';
import { listTenants } from '../store/tenants-repo.ts';
import { resolveOptions } from './connection-options.ts';
import type { WakeRequest } from './ports.ts';
import type { Runtime } from './runtime.ts';

export async function tick(runtime: Runtime): Promise<void> {
  const wakes: WakeRequest[] = [];
  for (const due of await dueFlows(runtime.db))
    wakes.push({ job: 'crm.flush', connectionId: due.connectionId, flow: due.flow as Flow, delayMs: 0 });
  const now = runtime.now();
  for (const connection of await listConnections(runtime.db)) {
    if (connection.state !== 'active' || !connection.schema) continue;
    const interval = resolveOptions(connection.kind, connection.options).pollIntervalSeconds * 1000;
    if (!connection.polledAt || now - connection.polledAt.getTime() >= interval)
      wakes.push({ job: 'crm.poll', connectionId: connection.id });
    const [inbox] = await rows<{ n: number }>(
      runtime.db,
      sql`select count(*)::int as n from inbox where connection_id = ${connection.id}`,
    );
    if (Number(inbox?.n ?? 0) > 0) wakes.push({ job: 'crm.inbox', connectionId: connection.id });
  }
  for (const row of await rows<{ tenant_id: string }>(
    runtime.db,
    sql`select distinct o.tenant_id from outbound_events o join tenants t on t.id = o.tenant_id
        left join lime_delivery d on d.tenant_id = o.tenant_id
        where t.lime_webhook_url is not null and o.seq > coalesce(d.delivered_seq, 0)
          and (d.next_attempt_at is null or d.next_attempt_at <= now())`,
  )) {
    wakes.push({ job: 'lime.push', tenantId: row.tenant_id });
  }
  await sweepBirthdays(runtime);
  await runtime.db.transaction((tx) => runtime.wake(tx, wakes));
}

/** Parents of children whose birthday was yesterday (or earlier since the last sweep) are owed again. */
export async function sweepBirthdays(runtime: Runtime): Promise<void> {
  for (const tenant of await listTenants(runtime.db)) {
    const today = localDateAt(runtime.now(), tenant.timeZone);
    const [row] = await runtime.db
      .select({ swept: tenants.birthdaysSweptOn })
      .from(tenants)
      .where(eq(tenants.id, tenant.id));
    const swept = row?.swept ?? null;
    if (swept === today) continue;
    const since = swept ?? today;
    const parents = await rows<{ parent_id: string }>(
      runtime.db,
      sql`select distinct f.parent_id from family_links f
          join clients c on c.tenant_id = f.tenant_id and c.client_id = f.child_id
          where f.tenant_id = ${tenant.id} and f.linked and c.birth_date is not null and c.erased_at is null
            and exists (
              select 1 from generate_series(${since}::date, ${today}::date - 1, interval '1 day') d
              where to_char(d, 'MM-DD') = to_char(c.birth_date, 'MM-DD')
                 or (to_char(c.birth_date, 'MM-DD') = '02-29' and to_char(d, 'MM-DD') = '02-28'
                     and not (extract(year from d)::int % 4 = 0 and (extract(year from d)::int % 100 <> 0 or extract(year from d)::int % 400 = 0)))
            )`,
    );
    const connections = (await listConnections(runtime.db, tenant.id)).filter(
      (c) => resolveOptions(c.kind, c.options).flows.contacts,
    );
    await runtime.db.transaction(async (tx) => {
      await markDirty(
        tx,
        connections.flatMap((c) =>
          parents.map((p) => ({ connectionId: c.id, flow: 'contact' as const, entityId: p.parent_id })),
        ),
      );
      await tx.update(tenants).set({ birthdaysSweptOn: today }).where(eq(tenants.id, tenant.id));
    });
  }
}
