/** The HTTP server: the Lime API, the admin API, CRM webhooks, health, metrics, docs and the dashboard. */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Runtime } from '../flows/runtime.ts';
import type { Metrics } from './metrics.ts';
import { requireAdmin } from './plugins/auth.ts';
import { registerDashboard } from './plugins/dashboard.ts';
import { registerDocs } from './plugins/docs.ts';
import { registerErrorHandler } from './plugins/errors.ts';
import { activityRoutes } from './routes/admin/activity.ts';
import { connectionRoutes } from './routes/admin/connections.ts';
import { sessionRoutes } from './routes/admin/session.ts';
import { tenantRoutes } from './routes/admin/tenants.ts';
import { healthRoutes, type Readiness } from './routes/health.ts';
import { hookRoutes } from './routes/hooks.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { eventsRoutes } from './routes/v1/events.ts';
import { outboundRoutes } from './routes/v1/outbound.ts';

const VERSION = '0.1.0';

export type AppDeps = {
  readonly runtime: Runtime;
  readonly metrics: Metrics;
  readonly adminToken: string;
  readonly readiness: Readiness;
  readonly engine: string;
  /** The built dashboard (static files), when present. */
  readonly dashboardDir?: string;
};

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.runtime.log as FastifyBaseLogger,
    bodyLimit: 10 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const pageFallback = deps.dashboardDir ? await registerDashboard(app, deps.dashboardDir) : undefined;
  registerErrorHandler(app, pageFallback);
  await registerDocs(app);
  app.addHook('onResponse', async (request, reply) => {
    deps.metrics.observeHttp(
      request.method,
      request.routeOptions.url ?? 'unknown',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/admin/') && !request.url.startsWith('/admin/v1/session'))
      requireAdmin(deps.adminToken, request);
  });
  healthRoutes(app, deps.runtime, deps.metrics, deps.readiness);
  eventsRoutes(app, deps.runtime, deps.metrics);
  outboundRoutes(app, deps.runtime);
  await hookRoutes(app, deps.runtime);
  sessionRoutes(app, deps.adminToken, deps.runtime.now);
  tenantRoutes(app, deps.runtime);
  connectionRoutes(app, deps.runtime);
  activityRoutes(app, deps.runtime);
  oauthRoutes(app, deps.runtime, deps.engine, VERSION);

  return app;
}
