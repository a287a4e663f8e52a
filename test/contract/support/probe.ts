/**
 * What the semantic contract suites ask the hub through its public APIs, beyond what a stage offers:
 * the audit trail, option changes, a poll or a resync on demand, and raw deliveries to the webhook route.
 */
import { sql } from 'drizzle-orm';
import { rows } from '../../../src/store/db.ts';
import { admin, call, eventually } from '../../support/hub.ts';
import type { Stage } from './stage.ts';

export type AuditView = {
  readonly operation: string;
  readonly outcome: string;
  readonly entity: string;
  readonly entityId: string;
  readonly remoteId: string | null;
  readonly detail: Record<string, unknown> | null;
};

export type PulledEvent = Awaited<ReturnType<Stage['pulled']>>[number];

/** The trail of one entity (newest first), as the dashboard reads it. */
export async function activity(stage: Stage, entityId: string): Promise<AuditView[]> {
  const answer = await admin<{ entries: AuditView[] }>(
    stage.hub,
    'GET',
    `/admin/v1/tenants/${stage.tenant.id}/activity?entityId=${encodeURIComponent(entityId)}&limit=500`,
  );
  if (answer.status !== 200) throw new Error(`activity: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.entries;
}

/** Everything Lime was sent about one client or pre-order, of the given type. */
export async function pulledOf(stage: Stage, type: string, id: string): Promise<PulledEvent[]> {
  const key = type.startsWith('preorder.') ? 'preorderId' : 'clientId';
  return (await stage.pulled()).filter((e) => e.type === type && e.data[key] === id);
}

/** The CRM's id of a pre-order's lead/deal, as Lime saw it. */
export function originOf(event: PulledEvent): string {
  return String((event.data.origin as { remoteId?: unknown } | undefined)?.remoteId);
}

export async function patchConnection(stage: Stage, body: Record<string, unknown>): Promise<void> {
  const answer = await admin(stage.hub, 'PATCH', `/admin/v1/connections/${stage.connection.id}`, body);
  if (answer.status !== 200)
    throw new Error(`PATCH connection: ${answer.status} ${JSON.stringify(answer.body)}`);
}

/** Runs `body` with other connection options, then puts the stage's own back. */
export async function withOptions<T>(
  stage: Stage,
  options: Record<string, unknown>,
  body: () => Promise<T>,
): Promise<T> {
  const before = (await stage.connectionView()).options as Record<string, unknown>;
  const restore = Object.fromEntries(Object.keys(options).map((key) => [key, before[key]]));
  await patchConnection(stage, { options });
  try {
    return await body();
  } finally {
    await patchConnection(stage, { options: restore });
  }
}

/** The poll job, now (instead of waiting for the once-a-minute tick); resolves once it has run. */
export async function pollNow(stage: Stage): Promise<void> {
  const before = (await stage.connectionView()).polledAt;
  await stage.hub.queue.send('crm.poll', { connectionId: stage.connection.id });
  await eventually(async () => {
    const polledAt = (await stage.connectionView()).polledAt;
    return polledAt !== null && polledAt !== before;
  }, 60_000);
}

export type ResyncRun = { state: string; done: number; total: number; progress: number; error: unknown };

/** `POST …/resync`, then its progress until it is done. */
export async function resync(stage: Stage, scope: 'products' | 'clients' | 'all'): Promise<ResyncRun> {
  const base = `/admin/v1/connections/${stage.connection.id}/resync`;
  const started = await admin<{ runId: string }>(stage.hub, 'POST', base, { scope });
  if (started.status !== 202) throw new Error(`resync: ${started.status} ${JSON.stringify(started.body)}`);
  return eventually(async () => {
    const run = await admin<ResyncRun>(stage.hub, 'GET', `${base}/${started.body.runId}`);
    return run.body.state === 'done' ? run.body : undefined;
  }, 120_000);
}

/** A delivery to the connection's webhook URL, as a CRM would make it. */
export function deliver(stage: Stage, body: string, contentType = 'application/x-www-form-urlencoded') {
  const url = new URL(stage.connection.webhookUrl);
  return call<Record<string, unknown>>(url.origin, 'POST', url.pathname, { raw: body, contentType });
}

/** Every table of the hub that holds Lime's or a CRM's data about people. */
const PEOPLE_TABLES = [
  'clients',
  'family_links',
  'transactions',
  'inbound_events',
  'outbound_events',
  'links',
  'remote_contacts',
  'inbox',
  'dirty',
  'dead_letters',
  'audit_log',
  'preorders',
] as const;

/** The hub's tables whose rows mention `needle` anywhere (case-insensitive), for erasure checks. */
export async function tablesMentioning(stage: Stage, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const table of PEOPLE_TABLES) {
    const [row] = await rows<{ n: number }>(
      stage.hub.runtime.db,
      sql`select count(*)::int as n from ${sql.identifier(table)} t where t::text ilike ${`%${needle}%`}`,
    );
    if (Number(row?.n ?? 0) > 0) found.push(table);
  }
  return found;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
