/**
 * Where the time of a 500-event batch goes, on PostgreSQL, two ways:
 * 1. in this process, step by step: JSON.parse, validation (decodeEventBatch), the ingest transaction —
 *    with every SQL statement counted and timed at the driver;
 * 2. in the hub process under load: a V8 CPU profile (`--cpu-prof`) of the batch-500 run, as self time
 *    per package or source folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { LimeEvent } from '../sandbox/venue/index.ts';
import { decodeEventBatch } from '../src/connectors/lime/decode.ts';
import { ingestEvents } from '../src/flows/lime-ingest.ts';
import type { Wake } from '../src/flows/ports.ts';
import { openDatabase } from '../src/store/db.ts';
import { createSecretBox } from '../src/store/secrets.ts';
import { createTenant } from '../src/store/tenants-repo.ts';
import { adminPost } from '../test/durability/http-post.ts';
import { HUB_ADMIN_TOKEN, killHubProcesses, startHubProcess } from '../test/durability/hub-process.ts';
import { createTestDatabase } from '../test/support/databases.ts';
import { type ProfileSummary, readProfile, type StackProbe, summarize } from './cpu-profile.ts';
import { runLoad } from './ingest-load.ts';

const BATCH = 500;
const STEP_BATCHES = 10;

export type StepProfile = {
  readonly batches: number;
  readonly parseMs: number;
  readonly decodeMs: number;
  readonly ingestMs: number;
  /** Time the ingest spent waiting on the driver (sent → answered), summed over its statements. */
  readonly sqlMs: number;
  readonly statementsPerBatch: number;
  readonly statements: readonly {
    readonly sql: string;
    readonly perBatch: number;
    readonly params: number;
  }[];
};

export type IngestProfile = {
  readonly steps: StepProfile;
  readonly cpu: ProfileSummary;
  readonly cpuEventsPerSecond: number;
};

export async function profileIngest(
  events: readonly LimeEvent[],
  log: (line: string) => void,
): Promise<IngestProfile> {
  const steps = await profileSteps(events);
  log(`steps: ${JSON.stringify({ ...steps, statements: undefined })}`);
  const { cpu, eventsPerSecond } = await profileHub(events);
  log(`cpu profile: ${cpu.totalMs.toFixed(0)} ms sampled at ${Math.round(eventsPerSecond)} events/s`);
  return { steps, cpu, cpuEventsPerSecond: eventsPerSecond };
}

export async function profileSteps(events: readonly LimeEvent[]): Promise<StepProfile> {
  const database = await createTestDatabase('postgres');
  const opened = await openDatabase({ url: database.url ?? '' });
  try {
    const { tenant } = await createTenant(opened.db, createSecretBox(Buffer.alloc(32, 7)), {
      name: 'profile',
      timeZone: 'Europe/Moscow',
      limeWebhookUrl: null,
    });
    const wake: Wake = async () => {};
    const bodies = Array.from({ length: STEP_BATCHES + 1 }, (_, i) =>
      JSON.stringify({ events: events.slice(i * BATCH, (i + 1) * BATCH) }),
    );
    const totals = { parseMs: 0, decodeMs: 0, ingestMs: 0 };
    const counter = countStatements();
    for (const [index, body] of bodies.entries()) {
      const t0 = performance.now();
      const parsed: unknown = JSON.parse(body);
      const t1 = performance.now();
      const decoded = decodeEventBatch(parsed);
      if (!decoded.ok) throw new Error(`invalid batch: ${JSON.stringify(decoded.error.slice(0, 3))}`);
      const t2 = performance.now();
      // The first batch warms the JIT and the connection; it is not counted.
      if (index === 1) counter.reset();
      await ingestEvents(opened.db, wake, tenant, decoded.value);
      const t3 = performance.now();
      if (index === 0) continue;
      totals.parseMs += t1 - t0;
      totals.decodeMs += t2 - t1;
      totals.ingestMs += t3 - t2;
    }
    const counted = counter.stop();
    return {
      batches: STEP_BATCHES,
      parseMs: totals.parseMs / STEP_BATCHES,
      decodeMs: totals.decodeMs / STEP_BATCHES,
      ingestMs: totals.ingestMs / STEP_BATCHES,
      sqlMs: counted.ms / STEP_BATCHES,
      statementsPerBatch: counted.total / STEP_BATCHES,
      statements: [...counted.bySql]
        .map(([sql, seen]) => ({
          sql,
          perBatch: seen.count / STEP_BATCHES,
          params: seen.params / seen.count,
        }))
        .sort((a, b) => b.params - a.params),
    };
  } finally {
    await opened.close();
    await database.drop();
  }
}

/** Wraps `pg.Client#query` (every statement drizzle and pg-boss send goes through it) to count and time. */
function countStatements() {
  const original = pg.Client.prototype.query;
  const bySql = new Map<string, { count: number; params: number }>();
  let total = 0;
  let ms = 0;
  Object.defineProperty(pg.Client.prototype, 'query', {
    configurable: true,
    writable: true,
    value: function counted(this: pg.Client, ...args: unknown[]): unknown {
      total += 1;
      const key = statementKey(args[0]);
      const seen = bySql.get(key) ?? { count: 0, params: 0 };
      bySql.set(key, { count: seen.count + 1, params: seen.params + parameterCount(args[0], args[1]) });
      const started = performance.now();
      const result: unknown = Reflect.apply(original, this, args);
      if (!(result instanceof Promise)) return result;
      return result.finally(() => {
        ms += performance.now() - started;
      });
    },
  });
  return {
    reset() {
      bySql.clear();
      total = 0;
      ms = 0;
    },
    stop() {
      Object.defineProperty(pg.Client.prototype, 'query', {
        configurable: true,
        writable: true,
        value: original,
      });
      return { bySql, total, ms };
    },
  };
}

function parameterCount(query: unknown, values: unknown): number {
  if (Array.isArray(values)) return values.length;
  if (typeof query === 'object' && query !== null && 'values' in query && Array.isArray(query.values)) {
    return query.values.length;
  }
  return 0;
}

function statementKey(query: unknown): string {
  const text =
    typeof query === 'string'
      ? query
      : typeof query === 'object' && query !== null && 'text' in query
        ? String(query.text)
        : String(query);
  return text
    .replace(/\s+/g, ' ')
    .replace(/\(\$\d+[^)]*\)(, \(\$\d+[^)]*\))+/g, '($…), …')
    .slice(0, 90);
}

const PROBES: readonly StackProbe[] = [
  {
    name: 'validation (decodeEventBatch: zod, phones, e-mails)',
    matches: (f) => f.functionName === 'decodeEventBatch',
  },
  {
    name: 'drizzle-orm (building SQL, and the driver calls it makes)',
    matches: (f) => f.url.includes('/drizzle-orm/'),
  },
  {
    name: 'pg driver (protocol, parsing rows)',
    matches: (f) => /\/node_modules\/pg(-protocol)?\//.test(f.url),
  },
  { name: 'HTTP (fastify, request body JSON.parse)', matches: (f) => f.url.includes('/fastify/') },
  { name: 'logging (pino)', matches: (f) => f.url.includes('/pino/') },
];

async function profileHub(
  events: readonly LimeEvent[],
): Promise<{ cpu: ProfileSummary; eventsPerSecond: number }> {
  const database = await createTestDatabase('postgres');
  const profileDir = mkdtempSync(join(tmpdir(), 'limebridge-cpuprof-'));
  const target = { dataDir: database.dataDir, databaseUrl: database.url };
  try {
    const setup = await startHubProcess(target);
    const keys: string[] = [];
    for (const name of ['warm-up', 'profile']) {
      const created = await adminPost(setup.url, HUB_ADMIN_TOKEN, '/admin/v1/tenants', { name });
      keys.push((created.body as { apiKey: string }).apiKey);
    }
    await setup.stop();
    const hub = await startHubProcess({
      ...target,
      nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
    });
    const bodies = (from: number, to: number) =>
      Array.from({ length: Math.ceil((to - from) / BATCH) }, (_, i) => {
        const slice = events.slice(from + i * BATCH, Math.min(to, from + (i + 1) * BATCH));
        return { json: JSON.stringify({ events: slice }), events: slice.length };
      });
    await runLoad({
      url: hub.url,
      apiKey: keys[0] ?? '',
      bodies: bodies(0, 5_000),
      connections: 4,
      maxSeconds: 20,
    });
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const load = await runLoad({
      url: hub.url,
      apiKey: keys[1] ?? '',
      bodies: bodies(0, 40_000),
      connections: 4,
      maxSeconds: 15,
    });
    const toUs = Number(process.hrtime.bigint() / 1000n);
    await hub.stop();
    return {
      cpu: summarize(readProfile(profileDir), PROBES, { fromUs, toUs }),
      eventsPerSecond: load.events / load.seconds,
    };
  } finally {
    await killHubProcesses();
    rmSync(profileDir, { recursive: true, force: true });
    await database.drop();
  }
}
