/** pg-boss on the same database as the data, behind the small surface the hub needs. */
import { sql } from 'drizzle-orm';
import { fromDrizzle, type Job, PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Wake, WakeRequest } from '../flows/ports.ts';
import type { Database, DbOrTx } from '../store/db.ts';
import { JOBS, type JobName, type JobPayload, QUEUE_DEFAULTS } from './jobs.ts';

export type SendOptions = { readonly delayMs?: number; readonly db?: DbOrTx };

export type JobQueue = {
  readonly boss: PgBoss;
  readonly wake: Wake;
  send<N extends JobName>(name: N, payload: JobPayload<N>, options?: SendOptions): Promise<void>;
  work<N extends JobName>(
    name: N,
    concurrency: number,
    handler: (payload: JobPayload<N>, job: Job<object>) => Promise<void>,
  ): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

export function createJobQueue(database: Database, log: Logger): JobQueue {
  const boss = new PgBoss({
    ...(database.boss.db
      ? { db: database.boss.db }
      : { connectionString: database.boss.connectionString, max: 5 }),
    backend: database.boss.backend,
    schema: 'pgboss',
    superviseIntervalSeconds: 30,
    maintenanceIntervalSeconds: 120,
  });
  boss.on('error', (error) => log.error({ err: error }, 'job queue error'));

  const send: JobQueue['send'] = async (name, payload, options = {}) => {
    const definition = JOBS[name];
    const data = definition.payload.parse(payload) as object;
    await boss.send(name, data, {
      singletonKey: definition.key(data as never),
      ...(options.delayMs ? { startAfter: Math.ceil(options.delayMs / 1000) } : {}),
      ...(options.db ? { db: fromDrizzle(options.db as never, sql) } : {}),
    });
  };

  const wake: Wake = async (db, requests) => {
    // Singleton jobs are inserted in one order everywhere, so two transactions waking the same ones queue.
    const ordered = [...requests].sort((a, b) => {
      const [ka, kb] = [keyOf(a), keyOf(b)];
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    for (const request of ordered)
      await send(request.job, payloadOf(request), { db, delayMs: delayOf(request) });
  };

  return {
    boss,
    wake,
    send,
    async work(name, concurrency, handler) {
      await boss.work(
        name,
        { localConcurrency: concurrency, batchSize: 1, pollingIntervalSeconds: 0.5 },
        async ([job]) => {
          if (!job) return;
          await handler(JOBS[name].payload.parse(job.data) as never, job as Job<object>);
        },
      );
    },
    async start() {
      await boss.start();
      await boss.createQueue('system.dead', { policy: 'standard', retentionSeconds: 30 * 86_400 });
      for (const name of Object.keys(JOBS) as JobName[]) {
        await boss.createQueue(
          name,
          name === 'system.tick' ? { ...QUEUE_DEFAULTS, policy: 'exclusive' } : QUEUE_DEFAULTS,
        );
      }
      await boss.schedule('system.tick', '* * * * *', {}, { singletonKey: 'tick' });
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}

function payloadOf(request: WakeRequest): JobPayload<JobName> {
  switch (request.job) {
    case 'crm.flush':
      return { connectionId: request.connectionId, flow: request.flow };
    case 'crm.inbox':
    case 'crm.poll':
      return { connectionId: request.connectionId };
    case 'crm.resync':
      return { connectionId: request.connectionId, runId: request.runId };
    case 'lime.push':
      return { tenantId: request.tenantId };
  }
}

function delayOf(request: WakeRequest): number {
  return 'delayMs' in request ? (request.delayMs ?? 0) : 0;
}

function keyOf(request: WakeRequest): string {
  const payload = payloadOf(request);
  return `${request.job}:${JOBS[request.job].key(payload as never)}`;
}
