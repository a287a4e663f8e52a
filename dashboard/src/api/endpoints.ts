/** Every admin API call the dashboard makes, by name. Nothing else talks to the hub. */
import { api } from './client.ts';
import type {
  ActivityPage,
  ClientTrail,
  Connection,
  ConnectionOptions,
  DeadLetter,
  Info,
  ResyncRun,
  ResyncScope,
  SetupReport,
  Tenant,
  TenantCreated,
} from './types.ts';

const enc = encodeURIComponent;
const A = '/admin/v1';

export type FeedQuery = {
  readonly entity?: string | undefined;
  readonly entityId?: string | undefined;
  readonly connectionId?: string | undefined;
  readonly source?: string | undefined;
  readonly outcome?: string | undefined;
  /** An operation, or a prefix ending in `.` (`contact.`). */
  readonly operation?: string | undefined;
  /** Only entries older than this id. */
  readonly before?: number | undefined;
  /** Only entries newer than this id. */
  readonly after?: number | undefined;
  readonly limit?: number | undefined;
};

export type TenantInput = { name: string; timezone?: string; limeWebhookUrl?: string | null };
export type ConnectionInput = {
  kind: string;
  label?: string;
  baseUrl?: string;
  auth: Record<string, string>;
  options?: Partial<ConnectionOptions>;
};
export type ConnectionPatch = {
  label?: string;
  paused?: boolean;
  auth?: Record<string, string>;
  baseUrl?: string;
  /** Changes a stored credential setting in place (Bitrix24: `applicationToken`). */
  authPatch?: Record<string, string>;
  options?: Partial<ConnectionOptions>;
};
export type ReauthInput = { auth: Record<string, string>; baseUrl?: string };

export const paths = {
  info: () => `${A}/info`,
  tenants: () => `${A}/tenants`,
  tenant: (id: string) => `${A}/tenants/${enc(id)}`,
  connections: (tenantId: string) => `${A}/tenants/${enc(tenantId)}/connections`,
  connection: (id: string) => `${A}/connections/${enc(id)}`,
  activity: (tenantId: string, q: FeedQuery = {}) => `${A}/tenants/${enc(tenantId)}/activity${query(q)}`,
  trail: (tenantId: string, clientId: string) =>
    `${A}/tenants/${enc(tenantId)}/clients/${enc(clientId)}/trail`,
  deadLetters: (q: { tenantId?: string; connectionId?: string }) => `${A}/dead-letters${query(q)}`,
  resyncRun: (connectionId: string, runId: string) =>
    `${A}/connections/${enc(connectionId)}/resync/${enc(runId)}`,
};

function query(params: Readonly<Record<string, string | number | undefined>>): string {
  const pairs = Object.entries(params).filter(([, v]) => v !== undefined && v !== '');
  return pairs.length ? `?${new URLSearchParams(pairs.map(([k, v]) => [k, String(v)]))}` : '';
}

export const admin = {
  login: (token: string) => api.post<{ ok: true }>(`${A}/session`, { token }),
  logout: () => api.del<{ ok: true }>(`${A}/session`),
  info: () => api.get<Info>(paths.info()),
  tenants: () => api.get<{ tenants: Tenant[] }>(paths.tenants()),
  tenant: (id: string) => api.get<Tenant>(paths.tenant(id)),
  createTenant: (input: TenantInput) => api.post<TenantCreated>(paths.tenants(), input),
  updateTenant: (id: string, patch: Partial<TenantInput>) => api.patch<Tenant>(paths.tenant(id), patch),
  rotateApiKey: (id: string) => api.post<{ apiKey: string }>(`${paths.tenant(id)}/api-key`),
  connections: (tenantId: string) => api.get<{ connections: Connection[] }>(paths.connections(tenantId)),
  connection: (id: string) => api.get<Connection>(paths.connection(id)),
  connect: (tenantId: string, input: ConnectionInput) =>
    api.post<{ id: string; webhookUrl: string }>(paths.connections(tenantId), input),
  oauthStart: (tenantId: string, input: ConnectionInput) =>
    api.post<{ authorizeUrl: string }>(`${paths.connections(tenantId)}/oauth-start`, input),
  reauthStart: (id: string, input: ReauthInput) =>
    api.post<{ authorizeUrl: string }>(`${paths.connection(id)}/oauth-start`, input),
  changeConnection: (id: string, patch: ConnectionPatch) =>
    api.patch<Connection>(paths.connection(id), patch),
  setup: (id: string) => api.post<SetupReport>(`${paths.connection(id)}/setup`),
  resync: (id: string, scope: ResyncScope) =>
    api.post<{ runId: string }>(`${paths.connection(id)}/resync`, { scope }),
  resyncRun: (id: string, runId: string) => api.get<ResyncRun>(paths.resyncRun(id, runId)),
  activity: (tenantId: string, q: FeedQuery = {}) => api.get<ActivityPage>(paths.activity(tenantId, q)),
  trail: (tenantId: string, clientId: string) => api.get<ClientTrail>(paths.trail(tenantId, clientId)),
  deadLetters: (q: { tenantId?: string; connectionId?: string }) =>
    api.get<{ deadLetters: DeadLetter[] }>(paths.deadLetters(q)),
  retryDeadLetter: (id: number) => api.post<{ retried: boolean }>(`${A}/dead-letters/${id}/retry`),
};
