import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../flows/runtime.ts';
import type { Metrics } from '../metrics.ts';

export type Readiness = { ready: boolean; stopping: boolean };

export function healthRoutes(
  app: FastifyInstance,
  runtime: Runtime,
  metrics: Metrics,
  readiness: Readiness,
): void {
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) =>
    readiness.ready && !readiness.stopping
      ? { status: 'ok' }
      : reply.status(503).send({ status: readiness.stopping ? 'stopping' : 'starting' }),
  );
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    if (!readiness.ready || readiness.stopping) return reply.status(503).send({ status: 'not ready' });
    try {
      await runtime.db.execute(sql`select 1`);
      return { status: 'ready', database: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'not ready', database: 'unreachable' });
    }
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
