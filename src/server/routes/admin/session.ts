import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { safeEqual } from '../../../store/secrets.ts';
import { ApiError } from '../../errors.ts';
import { clearSession, issueSession } from '../../plugins/session.ts';

/** The dashboard's login and logout (the only admin routes that need no token). */
export function sessionRoutes(app: FastifyInstance, adminToken: string, now: () => number): void {
  app.post(
    '/admin/v1/session',
    {
      schema: {
        tags: ['admin'],
        summary: 'Log in with the admin token (sets a session cookie)',
        body: z.object({ token: z.string().min(1).max(500) }),
      },
    },
    async (request, reply) => {
      const { token } = request.body as { token: string };
      if (!safeEqual(token, adminToken))
        throw new ApiError('admin_unauthorized', 'This is not the admin token.');
      reply.header('set-cookie', issueSession(adminToken, now()));
      return { ok: true };
    },
  );
  app.delete('/admin/v1/session', { schema: { tags: ['admin'] } }, async (_request, reply) => {
    reply.header('set-cookie', clearSession());
    return { ok: true };
  });
}
