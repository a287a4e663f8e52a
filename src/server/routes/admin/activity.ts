import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Runtime } from '../../../flows/runtime.ts';
import { audit, readAudit } from '../../../store/audit-repo.ts';
import { listConnections } from '../../../store/connections-repo.ts';
import { getDeadLetter, listDeadLetters, resolveDeadLetter } from '../../../store/dead-letters-repo.ts';
import { FLOWS, type Flow, markDirty } from '../../../store/dirty-repo.ts';
import { clientByCard, loadClient } from '../../../store/lime-repo.ts';
import { linksByLocal } from '../../../store/links-repo.ts';
import { ApiError } from '../../errors.ts';

const TenantParams = z.object({ tenantId: z.string().max(64) });
const FeedQuery = z.object({
  entity: z.string().max(32).optional(),
  entityId: z.string().max(64).optional(),
  connectionId: z.string().max(64).optional(),
  before: z.coerce.number().int().positive().optional(),
  after: z.coerce.number().int().min(0).optional(),
  source: z.enum(['lime', 'crm', 'lime_out', 'admin', 'system']).optional(),
  outcome: z.enum(['ok', 'error', 'skipped', 'conflict', 'duplicate', 'stale']).optional(),
  operation: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const DeadQuery = z.object({
  tenantId: z.string().max(64).optional(),
  connectionId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The trail: what came in, what was written where, with what outcome; dead letters and their retry. */
export function activityRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.get(
    '/admin/v1/tenants/:tenantId/activity',
    {
      schema: {
        tags: ['admin'],
        summary: 'Sync operations, newest first',
        params: TenantParams,
        querystring: FeedQuery,
      },
    },
    async (request) => {
      const { tenantId } = request.params as z.infer<typeof TenantParams>;
      const q = request.query as z.infer<typeof FeedQuery>;
      const entries = await readAudit(runtime.db, {
        tenantId,
        entity: q.entity,
        entityId: q.entityId,
        connectionId: q.connectionId,
        beforeId: q.before,
        afterId: q.after,
        source: q.source,
        outcome: q.outcome,
        operation: q.operation,
        limit: q.limit,
      });
      return { entries: entries.map(view), next: entries.length === q.limit ? entries.at(-1)?.id : null };
    },
  );

  app.get(
    '/admin/v1/tenants/:tenantId/clients/:clientId/trail',
    {
      schema: {
        tags: ['admin'],
        summary: 'Everything that happened for one client',
        params: TenantParams.extend({ clientId: z.string().max(64) }),
      },
    },
    async (request) => {
      const { tenantId, clientId } = request.params as { tenantId: string; clientId: string };
      const client = await loadClient(runtime.db, tenantId, clientId);
      const links = [];
      for (const connection of await listConnections(runtime.db, tenantId)) {
        const link = (await linksByLocal(runtime.db, connection.id, 'client', [clientId])).get(clientId);
        links.push({ connectionId: connection.id, kind: connection.kind, remoteId: link?.remoteId ?? null });
      }
      const entries = await readAudit(runtime.db, {
        tenantId,
        entity: 'client',
        entityId: clientId,
        limit: 500,
      });
      return {
        clientId,
        known: client !== null,
        category: client?.category ?? null,
        links,
        entries: entries.map(view),
      };
    },
  );

  app.get(
    '/admin/v1/tenants/:tenantId/cards/:number',
    {
      schema: {
        tags: ['admin'],
        summary: 'Which client a card or wristband belongs to',
        params: TenantParams.extend({ number: z.string().min(1).max(64) }),
      },
    },
    async (request) => {
      const { tenantId, number } = request.params as { tenantId: string; number: string };
      const clientId = await clientByCard(runtime.db, tenantId, number);
      if (!clientId) throw new ApiError('not_found', 'No client holds this card.');
      return { number, clientId };
    },
  );

  app.get(
    '/admin/v1/dead-letters',
    { schema: { tags: ['admin'], summary: 'Items a CRM refused, awaiting a retry', querystring: DeadQuery } },
    async (request) => {
      const q = request.query as z.infer<typeof DeadQuery>;
      const letters = await listDeadLetters(runtime.db, {
        tenantId: q.tenantId,
        connectionId: q.connectionId,
        limit: q.limit,
      });
      return {
        deadLetters: letters.map((l) => ({
          id: l.id,
          tenantId: l.tenantId,
          connectionId: l.connectionId,
          flow: l.flow,
          entityId: l.entityId,
          error: l.error,
          attempts: l.attempts,
          firstAt: l.firstAt.toISOString(),
          lastAt: l.lastAt.toISOString(),
        })),
      };
    },
  );

  app.post(
    '/admin/v1/dead-letters/:id/retry',
    {
      schema: {
        tags: ['admin'],
        summary: 'Owe the item again and wake its flow',
        params: z.object({ id: z.coerce.number().int().positive() }),
      },
    },
    async (request) => {
      const { id } = request.params as { id: number };
      const letter = await getDeadLetter(runtime.db, id);
      if (!letter || letter.resolvedAt) throw new ApiError('not_found', 'No such open dead letter.');
      if (!letter.connectionId || !(FLOWS as readonly string[]).includes(letter.flow)) {
        throw new ApiError(
          'conflict',
          'This dead letter is a failed job, not an item; it cannot be retried from here.',
        );
      }
      const flow = letter.flow as Flow;
      const connectionId = letter.connectionId;
      await runtime.db.transaction(async (tx) => {
        await markDirty(tx, [{ connectionId, flow, entityId: letter.entityId }]);
        await resolveDeadLetter(tx, id);
        await runtime.wake(tx, [{ job: 'crm.flush', connectionId, flow, delayMs: 0 }]);
        await audit(tx, [
          {
            tenantId: letter.tenantId,
            connectionId,
            source: 'admin',
            operation: 'dead_letter.retry',
            entity: flow === 'product' ? 'product' : 'client',
            entityId: letter.entityId,
            outcome: 'ok',
          },
        ]);
      });
      return { retried: true, flow, entityId: letter.entityId };
    },
  );
}

function view(entry: Awaited<ReturnType<typeof readAudit>>[number]) {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    connectionId: entry.connectionId,
    source: entry.source,
    operation: entry.operation,
    entity: entry.entity,
    entityId: entry.entityId,
    remoteId: entry.remoteId,
    outcome: entry.outcome,
    detail: entry.detail,
  };
}
