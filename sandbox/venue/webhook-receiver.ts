/**
 * The simulator's own HTTP server: the webhook the hub pushes to (signed, deduplicated, with fault
 * knobs), plus small read/control endpoints for tests and the dashboard demo.
 */
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyReply, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { TimerGroup } from './clock.ts';
import type { Inbound } from './inbound.ts';
import type { Prng } from './prng.ts';
import { SIGNATURE_HEADER, verifyPush } from './signature.ts';
import type { VenueStats } from './stats.ts';

export interface WebhookKnobs {
  /** Share of pushes answered with 500 (nothing applied). */
  webhookFailRate: number;
  /** The next this many pushes get 500 (counts down). */
  webhookFailNext: number;
  /** Share of pushes held for `webhookHangMs` before being handled. */
  webhookHangRate: number;
  webhookHangMs: number;
  signatureToleranceSeconds: number;
}

export interface WebhookServerOptions {
  host: string;
  port: number;
  webhookPath: string;
  /** Read on every push, so the secret can be set after start. */
  secret: () => string;
  knobs: WebhookKnobs;
  inbound: Inbound;
  stats: VenueStats;
  prng: Prng;
  timers: TimerGroup;
  logger: Logger;
  /** Unix seconds for the staleness check (the hub signs with its wall clock). */
  nowSeconds?: () => number;
  routes: {
    stats: () => unknown;
    state: () => unknown;
    control: (body: unknown) => { status: number; body: unknown };
  };
}

const errorBody = (code: string, message: string, details: unknown[] = []) => ({
  error: { code, message, details },
});

export interface WebhookServer {
  /** The server's base URL (`http://127.0.0.1:<port>`). */
  url: string;
  close(): Promise<void>;
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const { knobs, stats, inbound, timers, prng } = options;
  const app = Fastify({
    loggerInstance: options.logger.child({ part: 'webhook' }),
    bodyLimit: 32 * 1024 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
  });

  const injectFault = async (reply: FastifyReply): Promise<boolean> => {
    if (knobs.webhookFailNext > 0 || prng.chance(knobs.webhookFailRate)) {
      knobs.webhookFailNext = Math.max(0, knobs.webhookFailNext - 1);
      stats.webhookFaults += 1;
      await reply.code(500).send(errorBody('simulated_failure', 'Lime is having a bad day (simulated)'));
      return true;
    }
    if (prng.chance(knobs.webhookHangRate)) {
      stats.webhookHangs += 1;
      await timers.sleep(knobs.webhookHangMs);
    }
    return false;
  };

  // The signature covers the raw bytes, so this route reads the body itself.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post(options.webhookPath, async (request, reply) => {
      stats.pushesReceived += 1;
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = request.headers[SIGNATURE_HEADER];
      const verdict = verifyPush(options.secret(), Array.isArray(header) ? header[0] : header, raw, {
        now: options.nowSeconds?.(),
        toleranceSeconds: knobs.signatureToleranceSeconds,
      });
      if (!verdict.ok) {
        stats.badSignatures += 1;
        return reply.code(401).send(errorBody('invalid_signature', `signature ${verdict.reason}`));
      }
      if (await injectFault(reply)) return reply;
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        stats.invalidPushes += 1;
        return reply.code(400).send(errorBody('invalid_json', 'the body is not JSON'));
      }
      const events = (body as { events?: unknown } | null)?.events;
      if (!Array.isArray(events) || events.length === 0) {
        stats.invalidPushes += 1;
        return reply
          .code(400)
          .send(
            errorBody('invalid_request', 'expected {"events": [...]}', [
              { path: 'events', message: 'required' },
            ]),
          );
      }
      stats.pushedEvents += events.length;
      const result = inbound.receive(events, true);
      if (result.issues.length > 0) {
        stats.invalidPushes += 1;
        return reply.code(400).send(errorBody('invalid_events', 'some events are invalid', result.issues));
      }
      return {
        received: events.length,
        applied: result.applied,
        duplicates: result.duplicates,
        ignored: result.ignored,
      };
    });
  });

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/lime/stats', async () => options.routes.stats());
  app.get('/lime/state', async () => options.routes.state());
  app.post('/lime/control', async (request, reply) => {
    const answer = options.routes.control(request.body);
    return reply.code(answer.status).send(answer.body);
  });

  await app.listen({ host: options.host, port: options.port });
  const { port } = app.server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, close: () => app.close() };
}
