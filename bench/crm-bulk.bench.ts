/**
 * CRM bulk load and steady state, per CRM: the generated venue (10,000 adults with children, 50,000
 * transactions, its products) posted to a hub connected to the CRM's sandbox at its published limits,
 * timed until the CRM shows all of it; then a stream of changes, as CRM requests per change and lag.
 * Options: `--crm=amocrm|bitrix24` (default both), `--engine=postgres|pglite|both` (default postgres),
 * `--clients=<n>` (10000), `--steady-seconds=<s>` (60, 0 = skip), `--steady-rate=<changes/s>` (30),
 * `--baseline=<checkout dir> [--baseline-label=<text>]` (the same run against that tree's hub, alternating).
 */
import { buildVenue } from '../sandbox/venue/index.ts';
import { connectorFor } from '../src/connectors/registry.ts';
import type { Engine } from '../test/support/databases.ts';
import type { BenchContext, Benchmark } from './benchmark.ts';
import { acceptable } from './crm-acceptable.ts';
import { createModel } from './crm-expect.ts';
import { runBulk, runSteady } from './crm-load.ts';
import { type CrmRow, renderCrmBench } from './crm-report.ts';
import { CRM_NAMES, type CrmName, openRig, type Rig } from './crm-rig.ts';
import { mixLine } from './crm-stream.ts';
import { loadNow } from './machine.ts';

export const benchmark: Benchmark = {
  name: 'crm-bulk',
  description:
    'amoCRM and Bitrix24: bulk load of 10,000 clients + 50,000 transactions (time ÷ rate bound, requests per client, 429/503) and steady-state requests per change',
  run: runCrmBench,
};

export type CrmPlan = {
  readonly crms: readonly CrmName[];
  readonly engines: readonly Engine[];
  readonly clients: number;
  readonly transactionsPerClient: number;
  readonly steadySeconds: number;
  readonly steadyRate: number;
  readonly tickMs: number;
  readonly baseline: { readonly root: string; readonly label: string } | null;
};

const SEED = 1;

export function planOf(flags: ReadonlyMap<string, string | true>): CrmPlan {
  const text = (key: string) => {
    const value = flags.get(key);
    return typeof value === 'string' ? value : undefined;
  };
  const crm = text('crm');
  const engine = text('engine') ?? 'postgres';
  const baseline = text('baseline');
  return {
    crms: crm ? CRM_NAMES.filter((name) => crm.split(',').includes(name)) : CRM_NAMES,
    engines: engine === 'both' ? ['postgres', 'pglite'] : [engine === 'pglite' ? 'pglite' : 'postgres'],
    clients: Number(text('clients') ?? 10_000),
    transactionsPerClient: 5,
    steadySeconds: Number(text('steady-seconds') ?? 60),
    steadyRate: Number(text('steady-rate') ?? 30),
    tickMs: 500,
    baseline: baseline ? { root: baseline, label: text('baseline-label') ?? baseline } : null,
  };
}

async function runCrmBench(context: BenchContext) {
  const plan = planOf(context.flags);
  const rows: CrmRow[] = [];
  for (const name of plan.crms) {
    for (const engine of plan.engines) {
      if (plan.baseline) rows.push(await benchCrm(name, engine, plan, context.log, plan.baseline));
      rows.push(await benchCrm(name, engine, plan, context.log, null));
    }
  }
  return {
    markdown: renderCrmBench({ machine: context.machine, plan, rows, mix: mixLine(), loadAtEnd: loadNow() }),
  };
}

async function benchCrm(
  name: CrmName,
  engine: Engine,
  plan: CrmPlan,
  log: (line: string) => void,
  baseline: CrmPlan['baseline'],
): Promise<CrmRow> {
  const venue = buildVenue({
    seed: SEED,
    clients: plan.clients,
    transactionsPerClient: plan.transactionsPerClient,
  });
  const accepted = acceptable(venue.events);
  const events = accepted.events;
  const model = createModel();
  const rig = await openRig(name, { engine, log, root: baseline?.root });
  try {
    await quietAfterSetup(rig);
    const published = rig.crm.published();
    // The bound of the slowest CRM is ~12 minutes; allow for three times that.
    const timeoutMs = Math.max(600_000, ((plan.clients / 10_000) * 2_400_000) / published.perSecond);
    const bulk = await runBulk(rig, events, model, log, timeoutMs);
    log(`${name}/${engine}: bulk ${bulk.seconds.toFixed(1)} s, ${bulk.delta.requests} requests`);
    const steady =
      plan.steadySeconds > 0
        ? await runSteady(
            rig,
            venue,
            model,
            { seconds: plan.steadySeconds, perSecond: plan.steadyRate, tickMs: plan.tickMs },
            log,
            300_000,
          )
        : null;
    return {
      crm: name,
      engine,
      hub: baseline?.label ?? 'this tree',
      limiter: limitsOf(name),
      published,
      setupRequests: rig.setupRequests,
      adults: events.filter((e) => e.type === 'client.upserted' && e.data.category === 'adult').length,
      transactions: events.filter((e) => e.type === 'transaction.recorded').length,
      products: events.filter((e) => e.type === 'product.upserted').length,
      cleaned: accepted.cleaned,
      dropped: accepted.dropped,
      bulk,
      steady,
    };
  } finally {
    await rig.stop();
  }
}

function limitsOf(name: CrmName) {
  const connector = connectorFor(name);
  if (!connector) throw new Error(`no connector ${name}`);
  return connector.limits;
}

/** Lets setup's requests drain from the CRM's budget (Bitrix24's bucket) so the load starts from empty. */
async function quietAfterSetup(rig: Rig): Promise<void> {
  const { perSecond, free } = rig.crm.published();
  const seconds = free > 0 ? Math.min(free, rig.setupRequests) / perSecond + 1 : 1.5;
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}
