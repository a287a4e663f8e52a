import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../domain/context.ts';
import type { Query } from './hal.ts';
import { HAL_JSON, notFound } from './problem.ts';

// Routes return plain results; one place turns them into replies. API routes answer
// application/hal+json, the control surface plain JSON; 204s carry no body.

export interface RouteRequest {
  params: Record<string, string>;
  query: Query;
  body: unknown;
  actor: Actor;
  headers: FastifyRequest['headers'];
}

export interface Result {
  status: number;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export type Handler = (req: RouteRequest) => Result | Promise<Result>;

export const ok = (body: unknown): Result => ({ status: 200, body });
export const created = (body: unknown): Result => ({ status: 201, body });
export const noContent = (): Result => ({ status: 204 });
/** A list page, or 204 when there is nothing on it. */
export const page = (body: unknown | null): Result => (body === null ? noContent() : ok(body));

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Remembers which paths exist, so a known path with a wrong method can answer 405 instead of 404. */
export class RouteTable {
  private readonly patterns: Array<{ re: RegExp; methods: Set<string> }> = [];

  add(method: Method, url: string): void {
    const source = `^${url.replace(/:[^/]+/g, '[^/]+')}/?$`;
    let entry = this.patterns.find((p) => p.re.source === source);
    if (!entry) {
      entry = { re: new RegExp(source), methods: new Set() };
      this.patterns.push(entry);
    }
    entry.methods.add(method);
  }

  hasPath(path: string): boolean {
    return this.patterns.some((p) => p.re.test(path));
  }
}

export type Surface = 'api' | 'control';

export class Router {
  private readonly app: FastifyInstance;
  private readonly surface: Surface;
  private readonly table: RouteTable;
  private readonly actorOf: (req: FastifyRequest) => Actor;

  constructor(
    app: FastifyInstance,
    surface: Surface,
    table: RouteTable,
    actorOf: (req: FastifyRequest) => Actor,
  ) {
    this.app = app;
    this.surface = surface;
    this.table = table;
    this.actorOf = actorOf;
  }

  get(url: string, h: Handler): void {
    this.add('GET', url, h);
  }

  post(url: string, h: Handler): void {
    this.add('POST', url, h);
  }

  patch(url: string, h: Handler): void {
    this.add('PATCH', url, h);
  }

  put(url: string, h: Handler): void {
    this.add('PUT', url, h);
  }

  delete(url: string, h: Handler): void {
    this.add('DELETE', url, h);
  }

  private add(method: Method, url: string, handler: Handler): void {
    this.table.add(method, url);
    this.app.route({
      method,
      url,
      handler: async (request, reply) => {
        const result = await handler({
          params: request.params as Record<string, string>,
          query: (request.query ?? {}) as Query,
          body: request.body,
          actor: this.actorOf(request),
          headers: request.headers,
        });
        return send(reply, result, this.surface);
      },
    });
  }
}

export function send(reply: FastifyReply, result: Result, surface: Surface): FastifyReply {
  reply.code(result.status);
  if (result.headers) reply.headers(result.headers);
  if (result.status === 204 || result.body === undefined) return reply.send();
  if (typeof result.body === 'string')
    return reply.type(result.contentType ?? 'text/html; charset=utf-8').send(result.body);
  const type = result.contentType ?? (surface === 'api' ? HAL_JSON : 'application/json; charset=utf-8');
  return reply.type(type).send(JSON.stringify(result.body));
}

/** A numeric path parameter; anything else is an unknown route. */
export function idParam(req: RouteRequest, name = 'id'): number {
  const n = Number(req.params[name]);
  if (!Number.isSafeInteger(n) || n <= 0) throw notFound();
  return n;
}
