/**
 * Ingest: `POST /v1/events` throughput (events/s) with batches of 1, 100 and 500, acknowledgement latency
 * (p50/p99) and the hub's peak RSS, on PGlite and on PostgreSQL. The hub is a separate process; the load
 * comes from this one. Options: `--quick` (smaller runs), `--profile` (where the time goes, batch 500),
 * `--baseline=<checkout dir> [--baseline-label=<text>]` (batch 500 against that tree's hub, interleaved).
 */
import { generateVenue, type LimeEvent } from '../sandbox/venue/index.ts';
import { adminPost } from '../test/durability/http-post.ts';
import {
  HUB_ADMIN_TOKEN,
  type HubProcess,
  killHubProcesses,
  startHubProcess,
} from '../test/durability/hub-process.ts';
import { createTestDatabase, type Engine } from '../test/support/databases.ts';
import type { BenchContext, Benchmark } from './benchmark.ts';
import { compareWithBaseline } from './ingest-ab.ts';
import { type Body, percentile, runLoad } from './ingest-load.ts';
import { profileIngest } from './ingest-profile.ts';
import { renderIngest, type ScenarioResult } from './ingest-report.ts';

export const benchmark: Benchmark = {
  name: 'ingest',
  description:
    'POST /v1/events: events/s, ack latency and hub RSS with batches of 1, 100, 500 on PGlite and PostgreSQL',
  run: runIngest,
};

type Scenario = { readonly batch: number; readonly maxEvents: number; readonly maxSeconds: number };

const CONNECTIONS = 4;
const ENGINES: readonly Engine[] = ['pglite', 'postgres'];

function scenarios(quick: boolean): Scenario[] {
  const scale = quick ? 0.25 : 1;
  return [
    { batch: 1, maxEvents: Math.round(4_000 * scale), maxSeconds: 15 * scale },
    { batch: 100, maxEvents: Math.round(40_000 * scale), maxSeconds: 20 * scale },
    { batch: 500, maxEvents: Math.round(65_000 * scale), maxSeconds: 25 * scale },
  ];
}

async function runIngest(context: BenchContext) {
  const quick = context.flags.has('quick');
  const plan = scenarios(quick);
  const events = generateVenue({ seed: 1, clients: quick ? 1_500 : 6_000, transactionsPerClient: 8 });
  context.log(`${events.length} events generated (${mixOf(events)})`);
  const results: ScenarioResult[] = [];
  for (const engine of ENGINES) results.push(...(await benchEngine(engine, events, plan, context)));
  const profile = context.flags.has('profile') ? await profileIngest(events, context.log) : null;
  const baseline = context.flags.get('baseline');
  const label = context.flags.get('baseline-label');
  const ab =
    typeof baseline === 'string'
      ? {
          label: typeof label === 'string' ? label : baseline,
          rows: await compareWithBaseline(baseline, events, toBodies, context.log),
        }
      : null;
  return {
    markdown: renderIngest({
      machine: context.machine,
      results,
      connections: CONNECTIONS,
      mix: mixOf(events),
      profile,
      ab,
    }),
  };
}

async function benchEngine(
  engine: Engine,
  events: readonly LimeEvent[],
  plan: readonly Scenario[],
  context: BenchContext,
): Promise<ScenarioResult[]> {
  const database = await createTestDatabase(engine);
  const target = { dataDir: database.dataDir, databaseUrl: database.url };
  try {
    // The first start creates the database (PGlite's initdb alone peaks near 800 MB); it is not measured.
    const setup = await startHubProcess(target);
    const apiKeys = await createTenants(setup, plan.length + 1);
    await setup.stop();
    const hub = await startHubProcess(target);
    context.log(`${engine}: hub pid ${hub.pid} ready, RSS ${mb(hub.memory()?.rssKb)} MB`);
    const [warmKey, ...keys] = apiKeys;
    await runLoad({
      url: hub.url,
      apiKey: warmKey ?? '',
      bodies: toBodies(events.slice(0, 2_000), 100),
      connections: CONNECTIONS,
      maxSeconds: 20,
    });
    const results: ScenarioResult[] = [];
    for (const [index, scenario] of plan.entries()) {
      results.push(await runScenario(engine, hub, keys[index] ?? '', events, scenario));
      context.log(summaryLine(results.at(-1)));
    }
    await hub.stop();
    return results;
  } finally {
    await killHubProcesses();
    await database.drop();
  }
}

async function runScenario(
  engine: Engine,
  hub: HubProcess,
  apiKey: string,
  events: readonly LimeEvent[],
  scenario: Scenario,
): Promise<ScenarioResult> {
  let peakKb = hub.memory()?.rssKb ?? 0;
  const result = await runLoad({
    url: hub.url,
    apiKey,
    bodies: toBodies(events.slice(0, scenario.maxEvents), scenario.batch),
    connections: CONNECTIONS,
    maxSeconds: scenario.maxSeconds,
    onTick: () => {
      peakKb = Math.max(peakKb, hub.memory()?.rssKb ?? 0);
    },
  });
  return {
    engine,
    batch: scenario.batch,
    events: result.events,
    requests: result.requests,
    seconds: result.seconds,
    eventsPerSecond: result.events / result.seconds,
    p50Ms: percentile(result.latenciesMs, 50),
    p99Ms: percentile(result.latenciesMs, 99),
    peakRssMb: Number(mb(peakKb)),
    failures: result.failures,
  };
}

async function createTenants(hub: HubProcess, count: number): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await adminPost(hub.url, HUB_ADMIN_TOKEN, '/admin/v1/tenants', { name: `Бенчмарк ${i}` });
    if (created.status !== 201) throw new Error(`tenant not created: ${JSON.stringify(created)}`);
    keys.push((created.body as { apiKey: string }).apiKey);
  }
  return keys;
}

export function toBodies(events: readonly LimeEvent[], size: number): Body[] {
  const bodies: Body[] = [];
  for (let i = 0; i < events.length; i += size) {
    const slice = events.slice(i, i + size);
    bodies.push({ json: JSON.stringify({ events: slice }), events: slice.length });
  }
  return bodies;
}

export function mixOf(events: readonly LimeEvent[]): string {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
  return [...counts].map(([type, n]) => `${Math.round((n / events.length) * 100)}% ${type}`).join(', ');
}

function summaryLine(result: ScenarioResult | undefined): string {
  if (!result) return '';
  return (
    `${result.engine} batch ${result.batch}: ${Math.round(result.eventsPerSecond)} events/s, ` +
    `p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, peak RSS ${result.peakRssMb} MB` +
    (result.failures.length > 0 ? `, failures: ${result.failures.join(' | ')}` : '')
  );
}

const mb = (kb: number | undefined) => ((kb ?? 0) / 1024).toFixed(0);
