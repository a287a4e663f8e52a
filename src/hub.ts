/**
 * One limebridge process: the database (PGlite or PostgreSQL), the job queue and its workers, and the
 * HTTP server. `startHub` is what `limebridge serve`, the demo and the tests start.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { type Config, publicBaseUrl } from './config.ts';
import type { Runtime } from './flows/runtime.ts';
import type { JobName } from './queue/jobs.ts';
import { createJobQueue, type JobQueue } from './queue/queue.ts';
import { startWorkers } from './queue/worker.ts';
import { buildApp } from './server/app.ts';
import { createMetrics } from './server/metrics.ts';
import type { Readiness } from './server/routes/health.ts';
import { type Database, openDatabase } from './store/db.ts';
import { createSecretBox, loadSecretKey, newToken } from './store/secrets.ts';

export type Hub = {
  readonly url: string;
  readonly adminToken: string;
  readonly adminTokenGenerated: boolean;
  readonly runtime: Runtime;
  readonly queue: JobQueue;
  readonly app: FastifyInstance;
  readonly database: Database;
  close(): Promise<void>;
};

export type HubOptions = {
  readonly config: Config;
  readonly log: Logger;
  /** Test hooks: a fixed clock, shorter CRM timeouts. */
  readonly now?: () => number;
  readonly crmTimeoutMs?: number;
  readonly workerConcurrency?: number;
};

export const DASHBOARD_DIR = fileURLToPath(new URL('../dashboard/dist', import.meta.url));

export async function startHub(options: HubOptions): Promise<Hub> {
  const { config, log } = options;
  const embedded = !config.databaseUrl;
  if (embedded) mkdirSync(resolve(config.dataDir), { recursive: true });
  const box = createSecretBox(loadSecretKey(config.secretKey, embedded ? config.dataDir : null));
  const { token: adminToken, generated } = adminTokenOf(config, embedded);
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
  );
  const queue = createJobQueue(database, log);
  const metrics = createMetrics(database.db);
  const readiness: Readiness = { ready: false, stopping: false };
  let boundPort = config.port;
  const runtime: Runtime = {
    db: database.db,
    box,
    wake: queue.wake,
    log,
    now: options.now ?? Date.now,
    publicUrl: () => publicBaseUrl(config, boundPort),
    crmTimeoutMs: options.crmTimeoutMs ?? 30_000,
    maxSlotWaitMs: 15_000,
    observeCrm: ({ kind, status, ms }) => metrics.observeCrm(kind, status, ms),
  };
  await queue.start();
  const app = await buildApp({
    runtime,
    metrics,
    adminToken,
    readiness,
    engine: database.engine,
    dashboardDir: DASHBOARD_DIR,
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  boundPort = typeof address === 'object' && address ? address.port : config.port;
  const jobs = workerJobs(config.workers);
  if (jobs.length > 0 || config.workers === 'all') {
    await startWorkers(
      queue,
      runtime,
      log,
      { concurrency: options.workerConcurrency ?? 4, jobs: config.workers === 'all' ? 'all' : jobs },
      metrics.countJob,
    );
  }
  readiness.ready = true;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${config.host}:${boundPort}`,
    adminToken,
    adminTokenGenerated: generated,
    runtime,
    queue,
    app,
    database,
    close() {
      closing ??= (async () => {
        readiness.stopping = true;
        await app.close();
        await queue.stop();
        await database.close();
      })();
      return closing;
    },
  };
}

function workerJobs(setting: string): JobName[] {
  if (setting === 'all' || setting === 'none') return [];
  return setting.split(',').map((name) => name.trim()) as JobName[];
}

/** `LIMEBRIDGE_ADMIN_TOKEN`, else (embedded) one generated once into the data directory. */
function adminTokenOf(config: Config, embedded: boolean): { token: string; generated: boolean } {
  if (config.adminToken) return { token: config.adminToken, generated: false };
  if (!embedded) return { token: newToken('adm', 24), generated: true };
  const file = join(resolve(config.dataDir), 'admin-token');
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), generated: true };
  const token = newToken('adm', 24);
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, generated: true };
}
