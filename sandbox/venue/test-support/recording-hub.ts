/** A tiny stand-in for the hub in tests: records what Lime sends and answers as it is told. */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { signPush } from '../signature.ts';

export interface RecordedEvent {
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface RecordedRequest {
  authorization: string | undefined;
  events: RecordedEvent[];
  status: number;
}

/** What to do with the next POST: answer with a status (and body), drop the connection, or never answer. */
export type Scripted = { status: number; body?: unknown } | 'destroy' | 'hang';

export interface RecordingHub {
  url: string;
  /** Every POST /v1/events, in arrival order, whatever was answered. */
  requests: RecordedRequest[];
  /** Events of the requests answered 2xx, in arrival order (repeats included). */
  delivered(): RecordedEvent[];
  /** Answers for the next POSTs, used in order; afterwards 200. */
  script(...answers: Scripted[]): void;
  /** Events served on GET /v1/outbound (pull mode). */
  outbound: RecordedEvent[];
  /** The `after` of each GET /v1/outbound (null when absent). */
  pulls: (string | null)[];
  close(): Promise<void>;
}

export async function startRecordingHub(apiKey = 'test-key'): Promise<RecordingHub> {
  const app = Fastify({ forceCloseConnections: true, bodyLimit: 32 * 1024 * 1024 });
  const requests: RecordedRequest[] = [];
  const scripted: Scripted[] = [];
  const seen = new Set<string>();
  const outbound: RecordedEvent[] = [];
  const pulls: (string | null)[] = [];

  app.post('/v1/events', async (request, reply) => {
    const events = (request.body as { events: RecordedEvent[] }).events;
    const answer = scripted.shift() ?? { status: 200 };
    const recorded: RecordedRequest = { authorization: request.headers.authorization, events, status: 0 };
    requests.push(recorded);
    if (answer === 'destroy') {
      request.raw.socket.destroy();
      return reply.hijack();
    }
    if (answer === 'hang') return new Promise(() => {});
    recorded.status = answer.status;
    if (answer.status === 200 && answer.body === undefined) {
      let accepted = 0;
      for (const event of events) {
        if (!seen.has(event.id)) accepted += 1;
        seen.add(event.id);
      }
      return reply.send({ accepted, duplicates: events.length - accepted });
    }
    return reply.code(answer.status).send(answer.body ?? {});
  });

  app.get('/v1/outbound', async (request, reply) => {
    if (request.headers.authorization !== `Bearer ${apiKey}`) return reply.code(401).send({});
    const query = request.query as { after?: string; limit?: string };
    pulls.push(query.after ?? null);
    const start = query.after ? Number(query.after.replace('c-', '')) : 0;
    const page = outbound.slice(start, start + Number(query.limit ?? 100));
    return { events: page, cursor: `c-${start + page.length}` };
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    delivered: () => requests.filter((r) => r.status >= 200 && r.status < 300).flatMap((r) => r.events),
    script: (...answers) => scripted.push(...answers),
    outbound,
    pulls,
    close: () => app.close(),
  };
}

/** Pushes events to Lime's webhook the way the hub does, signed with `secret`. */
export async function push(
  webhookUrl: string,
  secret: string,
  events: readonly unknown[],
  options: { timestamp?: number; signature?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const body = JSON.stringify({ events });
  const signature = options.signature ?? signPush(secret, body, options.timestamp);
  const response = await fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-limebridge-signature': signature },
    body,
  });
  return { status: response.status, body: await response.json() };
}

let counter = 0;

/** A hub → Lime event envelope with a fresh id. */
export function hubEvent(type: string, data: Record<string, unknown>): RecordedEvent {
  counter += 1;
  return { id: `hub-${counter}-${Date.now()}`, type, occurredAt: new Date().toISOString(), data };
}
