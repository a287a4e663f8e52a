import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { receiveWebhook } from '../../flows/crm-webhook.ts';
import type { Runtime } from '../../flows/runtime.ts';
import { ApiError } from '../errors.ts';

/**
 * The one route every CRM webhook comes to: `/hooks/<connection>/<secret>`. Bodies are kept raw
 * (form-encoded or JSON) for the connector to decode.
 */
export async function hookRoutes(app: FastifyInstance, runtime: Runtime): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/hooks/:connectionId/:secret',
      {
        schema: {
          tags: ['crm'],
          summary: 'Webhook deliveries from a CRM (the URL is given to the CRM by setup)',
          params: z.object({ connectionId: z.string().max(64), secret: z.string().max(128) }),
        },
      },
      async (request, reply) => {
        const { connectionId, secret } = request.params as { connectionId: string; secret: string };
        const verdict = await receiveWebhook(runtime, connectionId, secret, {
          headers: request.headers as Record<string, string | undefined>,
          contentType: request.headers['content-type'] ?? '',
          body: typeof request.body === 'string' ? request.body : '',
        });
        switch (verdict.kind) {
          case 'unknown_connection':
            throw new ApiError('not_found', 'No such connection.');
          case 'bad_secret':
            throw new ApiError('forbidden');
          case 'refused':
            throw new ApiError('forbidden', verdict.detail);
          // A poison delivery is acknowledged (and logged) so the CRM does not disable the hook.
          case 'ignored':
            return reply.status(200).send({ ok: true, ignored: verdict.detail });
          case 'accepted':
            return reply.status(200).send({ ok: true, changes: verdict.changes });
        }
      },
    );
  });
}
