import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CRM_KINDS } from '../../../connectors/contract.ts';
import { ConnectionOptionsInput, resolveOptions } from '../../../flows/connection-options.ts';
import {
  type ConnectionProblem,
  changeConnection,
  connectCrm,
  describeConnection,
  runSetup,
} from '../../../flows/connections.ts';
import { describeCrmError } from '../../../flows/crm-errors.ts';
import { startResync } from '../../../flows/resync.ts';
import type { Runtime } from '../../../flows/runtime.ts';
import { countsByOperation } from '../../../store/audit-repo.ts';
import { listConnections } from '../../../store/connections-repo.ts';
import { countLinks } from '../../../store/links-repo.ts';
import { resyncProgress } from '../../../store/resync-repo.ts';
import { ApiError } from '../../errors.ts';

const ConnectionInput = z
  .object({
    kind: z.enum(CRM_KINDS),
    label: z.string().trim().min(1).max(200).optional(),
    options: ConnectionOptionsInput.optional(),
  })
  .passthrough();
const ConnectionPatch = z
  .object({
    label: z.string().trim().min(1).max(200),
    options: ConnectionOptionsInput,
    paused: z.boolean(),
    auth: z.unknown(),
    baseUrl: z.string(),
    /** A few credential settings changed in place (Bitrix24: `applicationToken`), no new consent. */
    authPatch: z.record(z.string(), z.unknown()),
  })
  .partial()
  .strict()
  .refine((patch) => patch.auth === undefined || patch.authPatch === undefined, {
    message: 'give either auth (new credentials) or authPatch (a change to the stored ones), not both',
    path: ['authPatch'],
  });
const Params = z.object({ connectionId: z.string().max(64) });
const TenantParams = z.object({ tenantId: z.string().max(64) });
const ResyncInput = z.object({ scope: z.enum(['products', 'clients', 'all']).default('all') });

export function connectionRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.post(
    '/admin/v1/tenants/:tenantId/connections',
    {
      schema: {
        tags: ['admin'],
        summary: 'Connect a CRM account to a tenant',
        params: TenantParams,
        body: ConnectionInput,
      },
    },
    async (request, reply) => {
      const { tenantId } = request.params as z.infer<typeof TenantParams>;
      const { kind, label, options, ...connection } = request.body as z.infer<typeof ConnectionInput>;
      const created = await connectCrm(runtime, tenantId, { kind, label, options, connection });
      if (!created.ok) throw toApiError(created.error);
      return reply.status(201).send(created.value);
    },
  );

  app.get(
    '/admin/v1/tenants/:tenantId/connections',
    { schema: { tags: ['admin'], params: TenantParams } },
    async (request) => {
      const { tenantId } = request.params as z.infer<typeof TenantParams>;
      const rows = await listConnections(runtime.db, tenantId);
      return { connections: await Promise.all(rows.map((row) => connectionView(runtime, row.id))) };
    },
  );

  app.get(
    '/admin/v1/connections/:connectionId',
    { schema: { tags: ['admin'], params: Params } },
    async (request) => {
      const { connectionId } = request.params as z.infer<typeof Params>;
      return connectionView(runtime, connectionId);
    },
  );

  app.patch(
    '/admin/v1/connections/:connectionId',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change auth (or amend it with authPatch), options, or pause/resume',
        params: Params,
        body: ConnectionPatch,
      },
    },
    async (request) => {
      const { connectionId } = request.params as z.infer<typeof Params>;
      const { auth, baseUrl, ...rest } = request.body as z.infer<typeof ConnectionPatch>;
      const connection = auth !== undefined ? { auth, ...(baseUrl ? { baseUrl } : {}) } : undefined;
      const changed = await changeConnection(runtime, connectionId, { ...rest, connection });
      if (!changed.ok) throw toApiError(changed.error);
      return connectionView(runtime, connectionId);
    },
  );

  app.post(
    '/admin/v1/connections/:connectionId/setup',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create in the CRM what the flows need (idempotent)',
        params: Params,
      },
    },
    async (request) => {
      const { connectionId } = request.params as z.infer<typeof Params>;
      const report = await runSetup(runtime, connectionId);
      if (!report.ok) throw toApiError(report.error);
      return report.value;
    },
  );

  app.post(
    '/admin/v1/connections/:connectionId/resync',
    {
      schema: {
        tags: ['admin'],
        summary: 'A full pass that repairs drift',
        params: Params,
        body: ResyncInput,
      },
    },
    async (request, reply) => {
      const { connectionId } = request.params as z.infer<typeof Params>;
      const { scope } = request.body as z.infer<typeof ResyncInput>;
      const run = await startResync(runtime, connectionId, scope);
      if (!run) throw new ApiError('not_found', 'No such connection.');
      return reply.status(202).send(run);
    },
  );

  app.get(
    '/admin/v1/connections/:connectionId/resync/:runId',
    { schema: { tags: ['admin'], params: Params.extend({ runId: z.string().max(64) }) } },
    async (request) => {
      const { runId } = request.params as { runId: string };
      const run = await resyncProgress(runtime.db, runId);
      if (!run) throw new ApiError('not_found', 'No such resync run.');
      return run;
    },
  );
}

export async function connectionView(runtime: Runtime, connectionId: string) {
  const described = await describeConnection(runtime, connectionId);
  if (!described) throw new ApiError('not_found', 'No such connection.');
  const { row } = described;
  const counts: Record<string, Record<string, number>> = {};
  for (const entry of await countsByOperation(runtime.db, connectionId)) {
    counts[entry.operation] = { ...counts[entry.operation], [entry.outcome]: entry.count };
  }
  return {
    id: row.id,
    tenantId: row.tenantId,
    kind: row.kind,
    label: row.label,
    state: row.state,
    webhookUrl: described.webhookUrl,
    auth: described.auth,
    options: resolveOptions(row.kind, row.options),
    setup: { at: row.setupAt?.toISOString() ?? null, report: row.setupReport ?? null },
    backlog: described.backlog,
    lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
    lastError: row.lastError ?? null,
    polledAt: row.polledAt?.toISOString() ?? null,
    linked: await countLinks(runtime.db, connectionId),
    counts,
  };
}

export function toApiError(problem: ConnectionProblem): ApiError {
  switch (problem.kind) {
    case 'no_tenant':
      return new ApiError('not_found', 'No such tenant.');
    case 'no_connection':
      return new ApiError('not_found', 'No such connection.');
    case 'no_connector':
      return new ApiError('not_implemented', `limebridge has no ${problem.crm} connector in this build.`);
    case 'invalid':
      return new ApiError('validation_failed', undefined, problem.details);
    case 'crm':
      return new ApiError('crm_failed', `The CRM answered: ${describeCrmError(problem.error)}`, [
        {
          path: problem.error.kind === 'rejected' ? (problem.error.field ?? 'auth') : 'auth',
          message: describeCrmError(problem.error),
        },
      ]);
  }
}
