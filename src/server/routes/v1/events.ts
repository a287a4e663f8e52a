import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { decodeEventBatch } from '../../../connectors/lime/decode.ts';
import { LIME_EVENT_TYPES } from '../../../connectors/lime/wire.ts';
import { ingestEvents } from '../../../flows/lime-ingest.ts';
import type { Runtime } from '../../../flows/runtime.ts';
import { ApiError } from '../../errors.ts';
import type { Metrics } from '../../metrics.ts';
import { requireTenant } from '../../plugins/auth.ts';

const EventDoc = z.object({
  id: z.string().describe('Idempotency key, unique per tenant'),
  type: z.enum(LIME_EVENT_TYPES as [string, ...string[]]),
  occurredAt: z.string().describe('RFC 3339 with an offset'),
  data: z.record(z.string(), z.unknown()).describe('See lime-protocol.md §2 for each type'),
});

/** `POST /v1/events`: all-or-nothing, idempotent, answered only after a durable commit. */
export function eventsRoutes(app: FastifyInstance, runtime: Runtime, metrics: Metrics): void {
  app.post(
    '/v1/events',
    {
      schema: {
        tags: ['lime'],
        summary: 'Send events from Lime (1–500 per request)',
        security: [{ apiKey: [] }],
        body: z.object({ events: z.array(EventDoc).min(1).max(500) }),
        response: { 200: z.object({ accepted: z.number().int(), duplicates: z.number().int() }) },
      },
      // The route validates the whole batch itself, to report every invalid event with its exact path.
      validatorCompiler: () => (data) => ({ value: data }),
      onRequest: async (request) => {
        request.tenant = await requireTenant(runtime.db, request);
      },
    },
    async (request) => {
      const decoded = decodeEventBatch(request.body);
      if (!decoded.ok) throw new ApiError('validation_failed', undefined, decoded.error);
      const tenant = request.tenant;
      if (!tenant) throw new ApiError('unauthorized');
      const result = await ingestEvents(runtime.db, runtime.wake, tenant, decoded.value);
      for (const event of decoded.value) metrics.countLimeEvents(event.type, 'received');
      metrics.countLimeEvents('all', 'accepted', result.accepted);
      metrics.countLimeEvents('all', 'duplicate', result.duplicates);
      return result;
    },
  );
}
