import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatRfc3339 } from '../../../core/model/time.ts';
import type { Runtime } from '../../../flows/runtime.ts';
import { readOutbound } from '../../../store/events-repo.ts';
import { ApiError } from '../../errors.ts';
import { requireTenant } from '../../plugins/auth.ts';

export function encodeCursor(seq: number): string {
  return Buffer.from(`s:${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number | null {
  if (!cursor) return 0;
  const match = /^s:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}

/** `GET /v1/outbound?after=<cursor>&limit=<1..500>`: Lime pulls what limebridge has for it, in order. */
export function outboundRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.get(
    '/v1/outbound',
    {
      schema: {
        tags: ['lime'],
        summary: 'Pull events for Lime after a cursor',
        security: [{ apiKey: [] }],
        querystring: z.object({
          after: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      onRequest: async (request) => {
        request.tenant = await requireTenant(runtime.db, request);
      },
    },
    async (request) => {
      const tenant = request.tenant;
      if (!tenant) throw new ApiError('unauthorized');
      const { after, limit } = request.query as { after?: string; limit: number };
      const afterSeq = decodeCursor(after);
      if (afterSeq === null) {
        throw new ApiError('validation_failed', undefined, [
          { path: 'after', message: 'is not a cursor this server gave' },
        ]);
      }
      const events = await readOutbound(runtime.db, tenant.id, afterSeq, limit);
      const last = events.at(-1);
      return {
        events: events.map((event) => ({
          id: event.id,
          type: event.type,
          occurredAt: formatRfc3339(event.occurredAt.getTime(), tenant.timeZone),
          data: event.data,
        })),
        cursor: encodeCursor(last ? last.seq : afterSeq),
      };
    },
  );
}
