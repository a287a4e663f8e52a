// /rest/{user}/{secret}/{method} (incoming webhook) and /rest/{method} (OAuth): routing, auth,
// the leaky bucket, fault injection and the JSON envelope.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type BatchEnv, runBatch } from './batch.ts';
import { BxError, NGINX_502_HTML, systemErrors } from './errors.ts';
import { type CallOutcome, type Executor, timeBlock } from './executor.ts';
import { isRecord, type Params, phpString } from './php.ts';
import type { ChangeOrigin, Portal, Principal } from './portal.ts';
import type { LeakyBucket } from './rate-limit.ts';
import { countMethod, countStatus } from './stats.ts';

export interface RestDeps {
  portal: () => Portal;
  executor: Executor;
  bucket: LeakyBucket;
  /** Hung requests, released (socket destroyed) on close. */
  hangs: Set<() => void>;
}

interface Route {
  method: string;
  webhook: { userId: string; secret: string } | null;
}

function parseRoute(path: string): Route | null {
  const segments = path
    .replace(/^\/rest\/?/, '')
    .split('/')
    .filter((segment) => segment !== '');
  const clean = (name: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // A malformed escape is just an unknown method name.
    }
    return decoded.replace(/\.(json|xml)$/i, '').toLowerCase();
  };
  if (segments.length === 1) return { method: clean(segments[0] as string), webhook: null };
  if (segments.length === 3) {
    return {
      method: clean(segments[2] as string),
      webhook: { userId: segments[0] as string, secret: segments[1] as string },
    };
  }
  return null;
}

function authenticate(portal: Portal, route: Route, params: Params, request: FastifyRequest): Principal {
  if (route.webhook) {
    const hook = portal.state.webhook;
    if (route.webhook.userId !== String(hook.userId) || route.webhook.secret !== hook.secret) {
      throw systemErrors.invalidCredentials();
    }
    return { kind: 'webhook', userId: hook.userId, clientId: null, key: `webhook:${hook.userId}` };
  }
  const header = request.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)/i.exec(header)?.[1];
  const token = phpString(params.auth ?? params.access_token ?? bearer);
  if (!token) throw systemErrors.noAuth();
  const record = portal.state.tokens[token];
  if (record?.kind !== 'access') throw systemErrors.noAuth();
  if (record.revoked) throw systemErrors.invalidToken();
  if (record.expiresAt <= portal.now()) throw systemErrors.expiredToken();
  return { kind: 'oauth', userId: record.userId, clientId: record.clientId, key: `app:${record.clientId}` };
}

/** Query merged with the body (the body wins). */
function requestParams(request: FastifyRequest): Params {
  const query = isRecord(request.query) ? request.query : {};
  const body = isRecord(request.body) ? request.body : {};
  return { ...query, ...body };
}

/** Auth params are consumed by the server and never reach the method. */
function methodParams(raw: Params): Params {
  const params: Params = {};
  for (const [key, value] of Object.entries(raw))
    if (key !== 'auth' && key !== 'access_token') params[key] = value;
  return params;
}

function sendJson(portal: Portal, reply: FastifyReply, status: number, body: unknown) {
  countStatus(portal.stats, status);
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .header('access-control-allow-origin', '*')
    .send(JSON.stringify(body));
}

function sendFailure(portal: Portal, reply: FastifyReply) {
  const kind = portal.knobs.failureKind;
  const html = kind === 'html502' || (kind === 'mixed' && Math.random() < 0.5);
  if (!html) return sendJson(portal, reply, 500, systemErrors.internal().body());
  countStatus(portal.stats, 502);
  return reply.code(502).header('content-type', 'text/html').send(NGINX_502_HTML);
}

function execute(
  deps: RestDeps,
  portal: Portal,
  route: Route,
  params: Params,
  principal: Principal,
): CallOutcome {
  const origin: ChangeOrigin = {
    userId: principal.userId,
    clientId: principal.clientId,
    authConnector: phpString(params.auth_connector),
  };
  if (route.method !== 'batch') return deps.executor.run(route.method, params, principal, origin, false);
  countMethod(portal.stats, 'batch');
  const env: BatchEnv = { portal, executor: deps.executor, principal, origin };
  const startMs = portal.now();
  const result = runBatch(env, params);
  // The outer batch call does not count towards any operating limit.
  const time = timeBlock(
    portal,
    startMs,
    (portal.now() - startMs) / 1000,
    0,
    Math.floor(startMs / 1000) + 600,
  );
  return { ok: true, value: { result }, time };
}

async function hang(deps: RestDeps, portal: Portal, reply: FastifyReply): Promise<void> {
  await new Promise<void>((resolve) => {
    const release = () => {
      clearTimeout(timer);
      deps.hangs.delete(release);
      resolve();
    };
    const timer = setTimeout(release, portal.knobs.hangMs);
    deps.hangs.add(release);
  });
  reply.hijack();
  reply.raw.destroy();
}

export function registerRestRoutes(app: FastifyInstance, deps: RestDeps): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const portal = deps.portal();
    portal.stats.requests += 1;
    const route = parseRoute(request.url.split('?')[0] ?? '');
    if (portal.knobs.latencyMs > 0)
      await new Promise((resolve) => setTimeout(resolve, portal.knobs.latencyMs));
    const now = portal.now();
    if (!deps.bucket.take(now, portal.knobs.bucketSize, portal.knobs.drainPerSecond)) {
      portal.stats.queryLimitExceeded += 1;
      return sendJson(portal, reply, 503, systemErrors.queryLimit().body());
    }
    const level = deps.bucket.current(now, portal.knobs.drainPerSecond);
    portal.stats.maxBucketLevel = Math.max(portal.stats.maxBucketLevel, Math.ceil(level));
    if (Math.random() < portal.knobs.hangRate) return hang(deps, portal, reply);
    const fail = Math.random() < portal.knobs.failureRate;
    if (fail && portal.knobs.failurePhase === 'before') return sendFailure(portal, reply);
    if (!route) return sendJson(portal, reply, 404, systemErrors.methodNotFound().body());
    const raw = requestParams(request);
    let outcome: CallOutcome;
    try {
      outcome = execute(deps, portal, route, methodParams(raw), authenticate(portal, route, raw, request));
    } catch (error) {
      outcome = { ok: false, error: error instanceof BxError ? error : systemErrors.internal() };
    }
    if (fail) return sendFailure(portal, reply);
    if (!outcome.ok) return sendJson(portal, reply, outcome.error.status, outcome.error.body());
    const { result, total, next } = outcome.value;
    const body: Record<string, unknown> = { result };
    if (next !== undefined) body.next = next;
    if (total !== undefined) body.total = total;
    body.time = outcome.time;
    return sendJson(portal, reply, 200, body);
  };
  app.all('/rest', handler);
  app.all('/rest/*', handler);
}
