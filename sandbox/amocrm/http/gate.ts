import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TokenService } from '../auth/tokens.ts';
import type { AmoKnobs } from '../options.ts';
import { SEED } from '../state/seed.ts';
import { internalError, nginxPage, problem, unauthorized } from './problem.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Stats } from './stats.ts';

// What stands between a client and the account, in the order a request meets it: the block (403
// nginx page), the rate limit (429), the bearer check (401), then injected latency, failures and
// hangs. `/_sandbox` and the consent page pass straight through and are not counted.

export type Surface = 'control' | 'consent' | 'oauth' | 'api';

interface RequestState {
  surface: Surface;
  userId: number;
  lostResponse: boolean;
}

const states = new WeakMap<FastifyRequest, RequestState>();
const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const GATEWAY_ERRORS: Array<[number, string]> = [
  [502, 'Bad Gateway'],
  [503, 'Service Temporarily Unavailable'],
  [504, 'Gateway Time-out'],
];

export function surfaceOf(url: string): Surface {
  const path = url.split('?')[0] ?? '';
  if (path === '/_sandbox' || path.startsWith('/_sandbox/')) return 'control';
  if (path === '/oauth' || path.startsWith('/oauth/')) return 'consent';
  if (path.startsWith('/oauth2/')) return 'oauth';
  return 'api';
}

/** The user a request acts as: the token's user on the API, the manager on the control surface. */
export function userOf(request: FastifyRequest): number {
  return states.get(request)?.userId ?? SEED.managerUserId;
}

export function isCounted(request: FastifyRequest): boolean {
  const s = states.get(request)?.surface;
  return s === 'api' || s === 'oauth';
}

export interface GateDeps {
  knobs: AmoKnobs;
  limiter: RateLimiter;
  stats: Stats;
  tokens: () => TokenService;
  /** releases of hanging requests, run on close */
  hangs: Set<() => void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function installGate(app: FastifyInstance, deps: GateDeps): void {
  const { knobs, limiter, stats } = deps;

  app.addHook('onRequest', async (request, reply) => {
    const surface = surfaceOf(request.url);
    const state: RequestState = { surface, userId: SEED.managerUserId, lostResponse: false };
    states.set(request, state);
    if (surface === 'control' || surface === 'consent') return;
    reply.header('x-request-id', randomUUID());
    stats.request(`${request.method} ${request.routeOptions.url ?? '(unmatched)'}`);

    const verdict = limiter.check(knobs);
    if (verdict === 'blocked') {
      stats.blocked += 1;
      return reply.code(403).type('text/html').send(nginxPage(403, 'Forbidden'));
    }
    if (verdict === 'limited') {
      stats.rateLimited += 1;
      if (knobs.rateLimitBody === 'json') {
        const body = problem(
          429,
          'You have sent too many requests in a given amount of time. Please try again later.',
          {
            retry_after: limiter.retryAfterSec(),
          },
        ).body;
        return reply.code(429).type('application/problem+json').send(JSON.stringify(body));
      }
      return reply.code(429).type('text/html').send(nginxPage(429, 'Too Many Requests'));
    }

    if (surface === 'api') {
      const m = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      const user = m?.[1] ? deps.tokens().verify(m[1]) : undefined;
      if (!user) throw unauthorized();
      state.userId = user.userId;
    }

    if (knobs.latencyMs > 0) await sleep(knobs.latencyMs);
    if (knobs.failureRate > 0 && Math.random() < knobs.failureRate) {
      stats.injectedFailures += 1;
      const pick = Math.floor(Math.random() * (GATEWAY_ERRORS.length + 1));
      const gateway = GATEWAY_ERRORS[pick - 1];
      if (!gateway) throw internalError();
      return reply.code(gateway[0]).type('text/html').send(nginxPage(gateway[0], gateway[1]));
    }
    if (knobs.hangRate > 0 && Math.random() < knobs.hangRate) {
      stats.hung += 1;
      await hang(reply.raw, knobs.hangMs, deps.hangs);
      return reply.code(504).type('text/html').send(nginxPage(504, 'Gateway Time-out'));
    }
    if (WRITES.has(request.method) && knobs.lostResponseRate > 0 && Math.random() < knobs.lostResponseRate) {
      state.lostResponse = true;
    }
  });

  // the "lost response": the write went through, the client sees a gateway timeout
  app.addHook('onSend', async (request, reply, payload) => {
    if (!states.get(request)?.lostResponse || reply.statusCode >= 400) return payload;
    stats.lostResponses += 1;
    reply.code(504).type('text/html');
    return nginxPage(504, 'Gateway Time-out');
  });

  app.addHook('onResponse', async (request, reply) => {
    if (isCounted(request)) stats.answered(reply.statusCode);
  });
}

/** Holds the request until the client goes away, `ms` pass, or the sandbox closes. */
function hang(res: ServerResponse, ms: number, hangs: Set<() => void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const release = () => {
      clearTimeout(timer);
      hangs.delete(release);
      resolve();
    };
    const timer = setTimeout(release, ms);
    hangs.add(release);
    res.once('close', release);
  });
}
