/**
 * Before/after on a shared machine: the hub of another checkout (`--baseline=<dir>`, e.g. a copy of the
 * tree before a change) and this checkout's hub run side by side, and batch-500 rounds alternate between
 * them, so both see the same machine load and only their ratio is read.
 */
import type { LimeEvent } from '../sandbox/venue/index.ts';
import { adminPost } from '../test/durability/http-post.ts';
import {
  HUB_ADMIN_TOKEN,
  type HubProcess,
  killHubProcesses,
  startHubProcess,
} from '../test/durability/hub-process.ts';
import { createTestDatabase, type Engine, type TestDatabase } from '../test/support/databases.ts';
import { percentile, runLoad } from './ingest-load.ts';

const ROUNDS = 3;
const BATCH = 500;
const ROUND_SECONDS = 12;

export type AbRow = {
  readonly engine: Engine;
  readonly baselinePerSecond: readonly number[];
  readonly currentPerSecond: readonly number[];
  readonly baselineP50Ms: number;
  readonly currentP50Ms: number;
};

type Side = { readonly hub: HubProcess; readonly database: TestDatabase; readonly keys: readonly string[] };

export async function compareWithBaseline(
  baseline: string,
  events: readonly LimeEvent[],
  bodies: (events: readonly LimeEvent[], size: number) => { json: string; events: number }[],
  log: (line: string) => void,
): Promise<AbRow[]> {
  const rows: AbRow[] = [];
  for (const engine of ['pglite', 'postgres'] as const) {
    const sides: Side[] = [];
    try {
      sides.push(await startSide(engine, baseline));
      sides.push(await startSide(engine, undefined));
      const perSecond: number[][] = [[], []];
      const latencies: number[][] = [[], []];
      for (let round = 0; round < ROUNDS; round++) {
        for (const [index, side] of sides.entries()) {
          const result = await runLoad({
            url: side.hub.url,
            apiKey: side.keys[round + 1] ?? '',
            bodies: bodies(events.slice(0, 40_000), BATCH),
            connections: 4,
            maxSeconds: ROUND_SECONDS,
          });
          perSecond[index]?.push(result.events / result.seconds);
          latencies[index]?.push(...result.latenciesMs);
        }
        log(
          `${engine} A/B round ${round}: ${perSecond.map((s) => Math.round(s.at(-1) ?? 0)).join(' vs ')} events/s`,
        );
      }
      rows.push({
        engine,
        baselinePerSecond: perSecond[0] ?? [],
        currentPerSecond: perSecond[1] ?? [],
        baselineP50Ms: percentile(latencies[0] ?? [], 50),
        currentP50Ms: percentile(latencies[1] ?? [], 50),
      });
    } finally {
      for (const side of sides) await side.hub.stop();
      await killHubProcesses();
      for (const side of sides) await side.database.drop();
    }
  }
  return rows;

  async function startSide(engine: Engine, root: string | undefined): Promise<Side> {
    const database = await createTestDatabase(engine);
    const hub = await startHubProcess({
      dataDir: database.dataDir,
      databaseUrl: database.url,
      ...(root ? { root } : {}),
    }).catch(async (error: unknown) => {
      await database.drop();
      throw error;
    });
    const keys: string[] = [];
    for (let i = 0; i <= ROUNDS; i++) {
      const created = await adminPost(hub.url, HUB_ADMIN_TOKEN, '/admin/v1/tenants', { name: `A/B ${i}` });
      keys.push((created.body as { apiKey: string }).apiKey);
    }
    await runLoad({
      url: hub.url,
      apiKey: keys[0] ?? '',
      bodies: bodies(events.slice(0, 2_000), 100),
      connections: 4,
      maxSeconds: 20,
    });
    return { hub, database, keys };
  }
}
