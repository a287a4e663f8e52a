/** Connecting a CRM, running its setup, changing it: what the admin API and the CLI do. */
import type { CrmConnector, CrmError, CrmHttp, CrmKind, Json, SetupReport } from '../connectors/contract.ts';
import { createCrmHttp } from '../connectors/http.ts';
import { connectorFor } from '../connectors/registry.ts';
import { err, ok, type Result } from '../core/result.ts';
import { audit } from '../store/audit-repo.ts';
import * as repo from '../store/connections-repo.ts';
import { backlog } from '../store/dirty-repo.ts';
import { getTenant } from '../store/tenants-repo.ts';
import { openConn } from './conn.ts';
import { type ConnectionOptionsInput, mergeOptions } from './connection-options.ts';
import { describeCrmError } from './crm-errors.ts';
import { hookUrl, type Runtime } from './runtime.ts';
import { wakeAllFlows } from './wake.ts';

export type ConnectionProblem =
  | { readonly kind: 'no_tenant' }
  | { readonly kind: 'no_connection' }
  | { readonly kind: 'no_connector'; readonly crm: string }
  | { readonly kind: 'invalid'; readonly details: { path: string; message: string }[] }
  | { readonly kind: 'crm'; readonly error: CrmError };

export function requireConnector(kind: string): Result<CrmConnector, ConnectionProblem> {
  const connector = connectorFor(kind as CrmKind);
  return connector ? ok(connector) : err({ kind: 'no_connector', crm: kind });
}

/** A plain HTTP path for calls made before a connection exists (an OAuth code exchange). */
export function bootstrapHttp(runtime: Runtime, connector: CrmConnector, credentials: Json = {}): CrmHttp {
  return createCrmHttp({
    auth: connector.auth,
    classify: (response) => connector.classify(response),
    credentials: async () => credentials,
    refresh: async () => err({ kind: 'auth', refreshable: false, detail: 'no connection to refresh yet' }),
    throttle: async () => null,
    penalize: async () => undefined,
    timeoutMs: runtime.crmTimeoutMs,
    now: runtime.now,
  });
}

export async function connectCrm(
  runtime: Runtime,
  tenantId: string,
  input: {
    kind: string;
    label?: string | undefined;
    options?: ConnectionOptionsInput | undefined;
    connection: unknown;
  },
): Promise<Result<{ id: string; webhookUrl: string }, ConnectionProblem>> {
  if (!(await getTenant(runtime.db, tenantId))) return err({ kind: 'no_tenant' });
  const found = requireConnector(input.kind);
  if (!found.ok) return found;
  const connector = found.value;
  const parsed = connector.auth.inputSchema.safeParse(input.connection);
  if (!parsed.success) {
    return err({
      kind: 'invalid',
      details: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
  const credentials = await connector.auth.establish(parsed.data, bootstrapHttp(runtime, connector));
  if (!credentials.ok) return err({ kind: 'crm', error: credentials.error });
  const { row, hookSecret } = await repo.createConnection(runtime.db, runtime.box, {
    tenantId,
    kind: input.kind,
    label: input.label ?? `${input.kind} ${new URL(connector.auth.apiBase(credentials.value)).host}`,
    credentials: credentials.value,
    options: input.options ?? {},
  });
  await audit(runtime.db, [
    {
      tenantId,
      connectionId: row.id,
      source: 'admin',
      operation: 'connection.create',
      entity: 'connection',
      entityId: row.id,
      outcome: 'ok',
      detail: { kind: input.kind },
    },
  ]);
  return ok({ id: row.id, webhookUrl: hookUrl(runtime, row.id, hookSecret) });
}

export async function runSetup(
  runtime: Runtime,
  connectionId: string,
): Promise<Result<SetupReport, ConnectionProblem>> {
  const row = await repo.getConnection(runtime.db, connectionId);
  if (!row) return err({ kind: 'no_connection' });
  const found = requireConnector(row.kind);
  if (!found.ok) return found;
  const tenant = await getTenant(runtime.db, row.tenantId);
  const { conn, connector } = openConn(runtime, row, tenant?.timeZone ?? 'Europe/Moscow');
  const result = await connector.setup(conn);
  const base = {
    tenantId: row.tenantId,
    connectionId,
    source: 'admin' as const,
    operation: 'connection.setup',
    entity: 'connection',
    entityId: connectionId,
  };
  if (!result.ok) {
    await repo.recordFailure(runtime.db, connectionId, {
      kind: result.error.kind,
      detail: describeCrmError(result.error),
      flow: 'setup',
    });
    await audit(runtime.db, [
      {
        ...base,
        outcome: 'error',
        detail: { error: result.error.kind, message: describeCrmError(result.error) },
      },
    ]);
    return err({ kind: 'crm', error: result.error });
  }
  await repo.updateConnection(runtime.db, connectionId, {
    schema: result.value.schema,
    setupReport: result.value.report,
    setupAt: new Date(),
  });
  await repo.recordSuccess(runtime.db, connectionId);
  await audit(runtime.db, [
    {
      ...base,
      outcome: 'ok',
      detail: { created: result.value.report.items.filter((item) => item.status === 'created').length },
    },
  ]);
  return ok(result.value.report);
}

export type ConnectionPatch = {
  readonly label?: string | undefined;
  readonly options?: ConnectionOptionsInput | undefined;
  readonly connection?: unknown;
  readonly paused?: boolean | undefined;
  /** Credential settings the connector lets change without a new consent (`AuthAdapter.amend`). */
  readonly authPatch?: unknown;
};

export async function changeConnection(
  runtime: Runtime,
  connectionId: string,
  patch: ConnectionPatch,
): Promise<Result<void, ConnectionProblem>> {
  const row = await repo.getConnection(runtime.db, connectionId);
  if (!row) return err({ kind: 'no_connection' });
  if (patch.connection !== undefined) {
    const found = requireConnector(row.kind);
    if (!found.ok) return found;
    const connector = found.value;
    const parsed = connector.auth.inputSchema.safeParse(patch.connection);
    if (!parsed.success) {
      return err({
        kind: 'invalid',
        details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    const credentials = await connector.auth.establish(parsed.data, bootstrapHttp(runtime, connector));
    if (!credentials.ok) return err({ kind: 'crm', error: credentials.error });
    const previous = repo.openCredentials(runtime.box, row);
    const kept = connector.auth.carryOver(previous, credentials.value);
    await repo.saveCredentials(runtime.db, runtime.box, connectionId, kept);
  }
  if (patch.authPatch !== undefined) {
    const amended = amendCredentials(runtime, row, patch.authPatch);
    if (!amended.ok) return amended;
    await repo.saveCredentials(runtime.db, runtime.box, connectionId, amended.value);
  }
  const state =
    patch.paused === true
      ? 'paused'
      : patch.paused === false || patch.connection !== undefined
        ? 'active'
        : undefined;
  await repo.updateConnection(runtime.db, connectionId, {
    ...(patch.label ? { label: patch.label } : {}),
    ...(patch.options ? { options: mergeOptions(row.options, patch.options) } : {}),
    ...(state ? { state } : {}),
  });
  await audit(runtime.db, [
    {
      tenantId: row.tenantId,
      connectionId,
      source: 'admin',
      operation: 'connection.change',
      entity: 'connection',
      entityId: connectionId,
      outcome: 'ok',
      detail: {
        fields: Object.keys(patch)
          .filter((key) => key !== 'connection' && key !== 'authPatch')
          .concat(patch.connection ? ['auth'] : [], patchedKeys(patch.authPatch)),
      },
    },
  ]);
  if (state === 'active') await wakeAllFlows(runtime, connectionId);
  return ok(undefined);
}

/** A connector's refusal of an auth patch is the caller's mistake: a 400 naming the field. */
function amendCredentials(
  runtime: Runtime,
  row: repo.ConnectionRow,
  authPatch: unknown,
): Result<Json, ConnectionProblem> {
  const found = requireConnector(row.kind);
  if (!found.ok) return found;
  const amended = found.value.auth.amend(repo.openCredentials(runtime.box, row), authPatch);
  if (amended.ok) return amended;
  const { error } = amended;
  const field = error.kind === 'rejected' && error.field ? `authPatch.${error.field}` : 'authPatch';
  return err({ kind: 'invalid', details: [{ path: field, message: error.detail }] });
}

/** Which credential settings a patch named (never their values), for the audit trail. */
function patchedKeys(authPatch: unknown): string[] {
  if (authPatch === null || typeof authPatch !== 'object') return [];
  return Object.keys(authPatch).map((key) => `auth.${key}`);
}

export async function describeConnection(runtime: Runtime, connectionId: string) {
  const row = await repo.getConnection(runtime.db, connectionId);
  if (!row) return null;
  const connector = connectorFor(row.kind as CrmKind);
  const credentials = repo.openCredentials(runtime.box, row);
  return {
    row,
    webhookUrl: hookUrl(runtime, row.id, repo.openHookSecret(runtime.box, row)),
    auth: connector ? connector.auth.describe(credentials) : null,
    backlog: await backlog(runtime.db, connectionId),
  };
}
