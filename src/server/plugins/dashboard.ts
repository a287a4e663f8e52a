import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const API_PATHS = /^\/(v1|admin|hooks|oauth|docs)(\/|$)/;

export type PageFallback = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | null;

/**
 * The built dashboard: files are looked up at request time (a rebuild needs no restart). Answers the
 * not-found fallback: a page path (no file extension) gets index.html, while an unknown API path or a
 * missing asset stays a 404.
 */
export async function registerDashboard(app: FastifyInstance, root: string): Promise<PageFallback> {
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: true, index: false });
  const fallback: PageFallback = (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (request.method !== 'GET' || API_PATHS.test(path) || extname(path) !== '') return null;
    if (!existsSync(join(root, 'index.html'))) {
      return reply
        .status(503)
        .type('text/plain')
        .send('The dashboard is not built: run `npm run dashboard:build`.');
    }
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  };
  app.get(
    '/',
    { schema: { hide: true } },
    (request, reply) => fallback(request, reply) ?? reply.callNotFound(),
  );
  return fallback;
}
