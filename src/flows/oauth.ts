/**
 * Connecting a CRM by OAuth from the dashboard: the operator's settings wait (encrypted) under a random
 * state while the browser visits the CRM's consent page; the CRM's redirect brings the code back.
 */
import { err, ok, type Result } from '../core/result.ts';
import { saveOauthState, takeOauthState } from '../store/oauth-repo.ts';
import { getTenant } from '../store/tenants-repo.ts';
import type { ConnectionOptionsInput } from './connection-options.ts';
import { type ConnectionProblem, changeConnection, connectCrm, requireConnector } from './connections.ts';
import type { Runtime } from './runtime.ts';

export function oauthRedirectUri(runtime: Runtime): string {
  return `${runtime.publicUrl()}/oauth/callback`;
}

export type OauthStartInput = {
  /** Re-authorising an existing connection (its credentials are replaced), or null for a new one. */
  readonly connectionId?: string | undefined;
  readonly kind: string;
  readonly label?: string | undefined;
  readonly options?: ConnectionOptionsInput | undefined;
  readonly connection: Record<string, unknown>;
};

export async function startOauth(
  runtime: Runtime,
  tenantId: string,
  input: OauthStartInput,
): Promise<Result<{ authorizeUrl: string }, ConnectionProblem>> {
  if (!(await getTenant(runtime.db, tenantId))) return err({ kind: 'no_tenant' });
  const found = requireConnector(input.kind);
  if (!found.ok) return found;
  const auth = {
    ...(input.connection.auth as Record<string, unknown>),
    redirectUri: oauthRedirectUri(runtime),
  };
  const connection = { ...input.connection, auth };
  const state = await saveOauthState(runtime.db, runtime.box, tenantId, { ...input, connection });
  const authorizeUrl = found.value.auth.authorizeUrl(connection, state);
  if (!authorizeUrl)
    return err({
      kind: 'invalid',
      details: [{ path: 'auth.type', message: 'this auth type has no consent page; use OAuth' }],
    });
  return ok({ authorizeUrl });
}

export type OauthFinish =
  | { readonly tenantId: string; readonly connectionId: string }
  | { readonly tenantId: string | null; readonly error: string };

/** The CRM's redirect: the code goes into the waiting settings and the connection is created. */
export async function finishOauth(
  runtime: Runtime,
  query: Record<string, string | undefined>,
): Promise<OauthFinish> {
  const pending = query.state ? await takeOauthState(runtime.db, runtime.box, query.state) : null;
  if (!pending)
    return { tenantId: null, error: 'The authorisation expired or was already used; start again.' };
  if (!query.code)
    return { tenantId: pending.tenantId, error: query.error ?? 'The CRM did not grant access.' };
  const input = pending.input as unknown as OauthStartInput;
  const auth = { ...(input.connection.auth as Record<string, unknown>), authorizationCode: query.code };
  if (input.connectionId) {
    const changed = await changeConnection(runtime, input.connectionId, {
      connection: { ...input.connection, auth },
    });
    if (!changed.ok) return { tenantId: pending.tenantId, error: describeProblem(changed.error) };
    return { tenantId: pending.tenantId, connectionId: input.connectionId };
  }
  const created = await connectCrm(runtime, pending.tenantId, {
    kind: input.kind,
    label: input.label,
    options: input.options,
    connection: { ...input.connection, auth },
  });
  if (!created.ok) return { tenantId: pending.tenantId, error: describeProblem(created.error) };
  return { tenantId: pending.tenantId, connectionId: created.value.id };
}

function describeProblem(problem: ConnectionProblem): string {
  switch (problem.kind) {
    case 'crm':
      return `The CRM refused: ${problem.error.detail}`;
    case 'invalid':
      return problem.details.map((d) => `${d.path}: ${d.message}`).join('; ');
    default:
      return problem.kind;
  }
}
