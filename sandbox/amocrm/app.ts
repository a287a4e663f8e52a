import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import qs from 'qs';
import { consentRoutes } from './auth/consent.ts';
import { oauthRoutes } from './auth/oauth-routes.ts';
import type { TokenService } from './auth/tokens.ts';
import { type ControlPort, controlRoutes } from './control/routes.ts';
import type { AccountContext } from './domain/context.ts';
import { type GateDeps, installGate, surfaceOf, userOf } from './http/gate.ts';
import { ApiError, emptyRequest, internalError, orderProblemBody, problem } from './http/problem.ts';
import { Router, RouteTable } from './http/router.ts';
import { accountRoutes } from './routes/account.ts';
import { catalogRoutes } from './routes/catalogs.ts';
import { contactRoutes } from './routes/contacts.ts';
import { customFieldRoutes } from './routes/custom-fields.ts';
import { eventRoutes } from './routes/events.ts';
import { leadRoutes } from './routes/leads.ts';
import { linkRoutes } from './routes/links.ts';
import { noteRoutes } from './routes/notes.ts';
import { pipelineRoutes } from './routes/pipelines.ts';
import { webhookRoutes } from './routes/webhooks.ts';

export interface AppDeps extends GateDeps {
  logger: boolean;
  ctx: () => AccountContext;
  tokens: () => TokenService;
  control: ControlPort;
  /** called after every answered write, to persist the state */
  afterWrite: () => void;
}

const parseQuery = (s: string) => qs.parse(s, { depth: 10, arrayLimit: 1000, parameterLimit: 10_000 });

function renderError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return emptyRequest();
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return problem(e.statusCode, e.message ?? 'Bad Request');
  }
  return internalError();
}

export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.logger,
    routerOptions: { querystringParser: parseQuery },
    forceCloseConnections: true,
    bodyLimit: 20 * 1024 * 1024,
  });
  app.register(formbody, { parser: (s) => qs.parse(s, { depth: 10 }) });
  installGate(app, deps);

  const table = new RouteTable();
  const api = new Router(app, 'api', table, (req) => ({ userId: userOf(req) }));
  const control = new Router(app, 'control', table, (req) => ({ userId: userOf(req) }));
  const ctx = deps.ctx();

  oauthRoutes(api, ctx, deps.tokens);
  consentRoutes(api, ctx, deps.tokens);
  accountRoutes(api, ctx);
  customFieldRoutes(api, ctx);
  pipelineRoutes(api, ctx);
  contactRoutes(api, ctx);
  leadRoutes(api, ctx);
  linkRoutes(api, ctx);
  noteRoutes(api, ctx);
  catalogRoutes(api, ctx);
  eventRoutes(api, ctx);
  webhookRoutes(api, ctx);
  controlRoutes(control, deps.control);

  app.setErrorHandler((err, _request, reply) => {
    const e = renderError(err);
    reply.code(e.status).type(e.contentType).headers(e.headers);
    return reply.send(typeof e.body === 'string' ? e.body : JSON.stringify(orderProblemBody(e.body)));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const e = table.hasPath(path)
      ? problem(405, 'Method Not Allowed')
      : problem(404, `Cannot ${request.method} ${ctx.baseUrl}${path}`);
    return reply.code(e.status).type(e.contentType).send(JSON.stringify(e.body));
  });

  app.addHook('onResponse', async (request) => {
    if (request.method !== 'GET' || surfaceOf(request.url) === 'consent') deps.afterWrite();
  });
  return app;
}
