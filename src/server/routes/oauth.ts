import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CRM_KINDS } from '../../connectors/contract.ts';
import { ConnectionOptionsInput } from '../../flows/connection-options.ts';
import { finishOauth, oauthRedirectUri, startOauth } from '../../flows/oauth.ts';
import type { Runtime } from '../../flows/runtime.ts';
import { getConnection } from '../../store/connections-repo.ts';
import { ApiError } from '../errors.ts';
import { toApiError } from './admin/connections.ts';

const StartInput = z
  .object({
    kind: z.enum(CRM_KINDS),
    label: z.string().trim().min(1).max(200).optional(),
    options: ConnectionOptionsInput.optional(),
    auth: z.record(z.string(), z.unknown()),
  })
  .passthrough();

export function oauthRoutes(app: FastifyInstance, runtime: Runtime, engine: string, version: string): void {
  app.get(
    '/admin/v1/info',
    { schema: { tags: ['admin'], summary: 'What the dashboard needs to know about this hub' } },
    async () => ({
      publicUrl: runtime.publicUrl(),
      oauthRedirectUri: oauthRedirectUri(runtime),
      engine,
      version,
    }),
  );

  app.post(
    '/admin/v1/tenants/:tenantId/connections/oauth-start',
    {
      schema: {
        tags: ['admin'],
        summary: "Start connecting a CRM by OAuth: answers the CRM's consent page to send the operator to",
        params: z.object({ tenantId: z.string().max(64) }),
        body: StartInput,
      },
    },
    async (request) => {
      const { tenantId } = request.params as { tenantId: string };
      const { kind, label, options, ...connection } = request.body as z.infer<typeof StartInput>;
      const started = await startOauth(runtime, tenantId, { kind, label, options, connection });
      if (!started.ok) throw toApiError(started.error);
      return started.value;
    },
  );

  app.post(
    '/admin/v1/connections/:connectionId/oauth-start',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Re-authorise a connection by OAuth: answers the consent page; the callback replaces its credentials',
        params: z.object({ connectionId: z.string().max(64) }),
        body: z.object({ auth: z.record(z.string(), z.unknown()) }).passthrough(),
      },
    },
    async (request) => {
      const { connectionId } = request.params as { connectionId: string };
      const connection = await getConnection(runtime.db, connectionId);
      if (!connection) throw new ApiError('not_found', 'No such connection.');
      const started = await startOauth(runtime, connection.tenantId, {
        connectionId,
        kind: connection.kind,
        connection: request.body as Record<string, unknown>,
      });
      if (!started.ok) throw toApiError(started.error);
      return started.value;
    },
  );

  app.get('/oauth/callback', { schema: { hide: true } }, async (request, reply) => {
    const finished = await finishOauth(runtime, request.query as Record<string, string | undefined>);
    if ('connectionId' in finished)
      return reply.redirect(`/#/connections/${finished.connectionId}?connected=1`);
    const where = finished.tenantId ? `/#/tenants/${finished.tenantId}` : '/#/';
    return reply.redirect(`${where}?oauthError=${encodeURIComponent(finished.error)}`);
  });
}
