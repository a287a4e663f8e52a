// What every REST method receives: the portal (state, knobs, clock, event bus) and the caller.

import type { Codec } from './field-codec.ts';
import type { BitrixKnobs } from './options.ts';
import type { Params } from './php.ts';
import type { PortalState } from './state.ts';
import type { BitrixStats } from './stats.ts';

export interface PortalUrls {
  portalUrl: string;
  /** Host[:port] of the portal, as sent in `auth[domain]` and the authorize redirect. */
  domain: string;
  clientEndpoint: string;
  oauthUrl: string;
  serverEndpoint: string;
}

/** Who is calling: the incoming webhook, an OAuth application, or a human in the UI. */
export interface Principal {
  kind: 'webhook' | 'oauth' | 'ui';
  userId: number;
  clientId: string | null;
  /** Owner of operating-limit accounting (one per webhook or application). */
  key: string;
}

/** Attached to each change so events and offline-queue suppression know its source. */
export interface ChangeOrigin {
  userId: number;
  clientId: string | null;
  authConnector: string;
}

export interface Portal {
  state: PortalState;
  knobs: BitrixKnobs;
  stats: BitrixStats;
  readonly codec: Codec;
  urls: PortalUrls;
  now(): number;
  /** A CRM change happened: deliver it to bindings (online and offline). */
  emit(event: string, data: Record<string, unknown>, origin: ChangeOrigin): void;
  /** State changed: schedule persistence. */
  changed(): void;
}

export interface MethodCall {
  portal: Portal;
  params: Params;
  principal: Principal;
  origin: ChangeOrigin;
  method: string;
}

export interface MethodResult {
  result: unknown;
  total?: number;
  next?: number;
}

export interface MethodDef {
  run(call: MethodCall): MethodResult;
  /** Application-context methods (event.*): webhooks get WRONG_AUTH_TYPE. */
  appOnly?: boolean;
  /** Not allowed inside batch. */
  notInBatch?: boolean;
}

export type MethodTable = Record<string, MethodDef>;

export function ok(result: unknown, list?: { total?: number; next?: number }): MethodResult {
  const out: MethodResult = { result };
  if (list?.total !== undefined) out.total = list.total;
  if (list?.next !== undefined) out.next = list.next;
  return out;
}

export function method(
  run: (call: MethodCall) => MethodResult,
  flags: Omit<MethodDef, 'run'> = {},
): MethodDef {
  return { run, ...flags };
}
