import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI of every route, served at /docs (the spec itself at /docs/json). */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'limebridge',
        description:
          'Keeps a Lime venue and its CRMs (amoCRM, Bitrix24) in step. `/v1` is the Lime side (lime-protocol.md), ' +
          "`/admin/v1` the operators' API, `/hooks` where CRMs deliver webhooks.",
        version: '1',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: "The tenant's API key" },
          adminToken: { type: 'http', scheme: 'bearer', description: 'LIMEBRIDGE_ADMIN_TOKEN' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
