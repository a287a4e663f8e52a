import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isTimeZone } from '../../../core/model/time.ts';
import type { Runtime } from '../../../flows/runtime.ts';
import { audit } from '../../../store/audit-repo.ts';
import { deliveryState, resetDelivery, undeliveredCount } from '../../../store/events-repo.ts';
import {
  createTenant,
  getTenant,
  listTenants,
  rotateApiKey,
  updateTenant,
} from '../../../store/tenants-repo.ts';
import { ApiError } from '../../errors.ts';

const timeZone = z.string().refine(isTimeZone, 'is not an IANA time zone, e.g. Europe/Moscow');
const webhookUrl = z
  .string()
  .url()
  .refine((url) => /^https?:\/\//.test(url), 'must be an http(s) URL');

const TenantInput = z.object({
  name: z.string().trim().min(1).max(200),
  timezone: timeZone.default('Europe/Moscow'),
  limeWebhookUrl: webhookUrl.nullish(),
});
const TenantPatch = z
  .object({
    name: z.string().trim().min(1).max(200),
    timezone: timeZone,
    limeWebhookUrl: webhookUrl.nullable(),
  })
  .partial()
  .strict();
const TenantParams = z.object({ tenantId: z.string().max(64) });

export function tenantRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.post(
    '/admin/v1/tenants',
    { schema: { tags: ['admin'], summary: 'Create a tenant (a venue)', body: TenantInput } },
    async (request, reply) => {
      const input = request.body as z.infer<typeof TenantInput>;
      const created = await createTenant(runtime.db, runtime.box, {
        name: input.name,
        timeZone: input.timezone,
        limeWebhookUrl: input.limeWebhookUrl ?? null,
      });
      await audit(runtime.db, [
        {
          tenantId: created.tenant.id,
          source: 'admin',
          operation: 'tenant.create',
          entity: 'tenant',
          entityId: created.tenant.id,
          outcome: 'ok',
        },
      ]);
      return reply
        .status(201)
        .send({ id: created.tenant.id, apiKey: created.apiKey, webhookSecret: created.webhookSecret });
    },
  );

  app.get('/admin/v1/tenants', { schema: { tags: ['admin'], summary: 'List tenants' } }, async () => {
    const tenants = await listTenants(runtime.db);
    return { tenants: await Promise.all(tenants.map((tenant) => describeTenant(runtime, tenant.id))) };
  });

  app.get(
    '/admin/v1/tenants/:tenantId',
    { schema: { tags: ['admin'], params: TenantParams } },
    async (request) => {
      const { tenantId } = request.params as z.infer<typeof TenantParams>;
      return describeTenant(runtime, tenantId);
    },
  );

  app.patch(
    '/admin/v1/tenants/:tenantId',
    { schema: { tags: ['admin'], params: TenantParams, body: TenantPatch } },
    async (request) => {
      const { tenantId } = request.params as z.infer<typeof TenantParams>;
      const patch = request.body as z.infer<typeof TenantPatch>;
      const updated = await updateTenant(runtime.db, tenantId, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.timezone !== undefined ? { timeZone: patch.timezone } : {}),
        ...(patch.limeWebhookUrl !== undefined ? { limeWebhookUrl: patch.limeWebhookUrl } : {}),
      });
      if (!updated) throw new ApiError('not_found', 'No such tenant.');
      if (patch.limeWebhookUrl)
        await runtime.db.transaction(async (tx) => {
          await resetDelivery(tx, tenantId);
          await runtime.wake(tx, [{ job: 'lime.push', tenantId }]);
        });
      return describeTenant(runtime, tenantId);
    },
  );

  app.post(
    '/admin/v1/tenants/:tenantId/api-key',
    {
      schema: {
        tags: ['admin'],
        summary: 'Issue a new API key (the old one stops working)',
        params: TenantParams,
      },
    },
    async (request, reply) => {
      const { tenantId } = request.params as z.infer<typeof TenantParams>;
      const apiKey = await rotateApiKey(runtime.db, tenantId);
      if (!apiKey) throw new ApiError('not_found', 'No such tenant.');
      await audit(runtime.db, [
        {
          tenantId,
          source: 'admin',
          operation: 'tenant.api_key',
          entity: 'tenant',
          entityId: tenantId,
          outcome: 'ok',
        },
      ]);
      return reply.status(201).send({ apiKey });
    },
  );
}

export async function describeTenant(runtime: Runtime, tenantId: string) {
  const tenant = await getTenant(runtime.db, tenantId);
  if (!tenant) throw new ApiError('not_found', 'No such tenant.');
  const delivery = await deliveryState(runtime.db, tenantId);
  return {
    id: tenant.id,
    name: tenant.name,
    timezone: tenant.timeZone,
    limeWebhookUrl: tenant.limeWebhookUrl,
    createdAt: tenant.createdAt.toISOString(),
    limeDelivery: {
      mode: tenant.limeWebhookUrl ? 'push' : 'pull',
      undelivered: await undeliveredCount(runtime.db, tenantId),
      attempts: delivery.attempts,
      lastError: delivery.lastError,
      lastSuccessAt: delivery.lastSuccessAt?.toISOString() ?? null,
      nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
      failingSince: delivery.failingSince?.toISOString() ?? null,
    },
  };
}
