// Routes each CRM change to the bindings: online handlers (apps and UI outgoing webhooks) get a
// form-encoded POST; offline bindings get a queue record. Every change fires, the caller's own too.

import qs from 'qs';
import type { Deliverer } from './deliveries.ts';
import { recordOffline } from './offline-events.ts';
import type { ChangeOrigin, Portal } from './portal.ts';
import type { BindingRecord } from './state.ts';
import { eventAccessToken } from './tokens.ts';

/** The `auth` block: outgoing webhooks carry no tokens; app bindings carry a fresh access token. */
function authBlock(portal: Portal, binding: BindingRecord, origin: ChangeOrigin): Record<string, string> {
  const common = {
    domain: portal.urls.domain,
    client_endpoint: portal.urls.clientEndpoint,
    server_endpoint: portal.urls.serverEndpoint,
    member_id: portal.state.memberId,
  };
  if (binding.kind === 'outgoing' || !binding.clientId) {
    return { ...common, application_token: binding.applicationToken };
  }
  const app = portal.state.apps[binding.clientId];
  const userId = binding.authType > 0 ? binding.authType : origin.userId;
  const { token } = eventAccessToken(portal, binding.clientId, userId);
  return {
    access_token: token,
    expires_in: String(portal.knobs.accessTokenTtlSec),
    scope: app?.scope ?? 'crm',
    domain: common.domain,
    server_endpoint: common.server_endpoint,
    status: 'L',
    client_endpoint: common.client_endpoint,
    member_id: common.member_id,
    application_token: binding.applicationToken,
  };
}

export function eventBody(
  portal: Portal,
  binding: BindingRecord,
  event: string,
  data: Record<string, unknown>,
  origin: ChangeOrigin,
): string {
  const payload = {
    event,
    event_handler_id: String(binding.id),
    data,
    ts: String(Math.floor(portal.now() / 1000)),
    auth: authBlock(portal, binding, origin),
  };
  return qs.stringify(payload, { format: 'RFC1738' });
}

export function createEmitter(portal: () => Portal, deliverer: Deliverer) {
  return (event: string, data: Record<string, unknown>, origin: ChangeOrigin): void => {
    const current = portal();
    for (const binding of Object.values(current.state.bindings)) {
      if (binding.event !== event) continue;
      if (binding.offline) {
        if (recordOffline(current, binding, event, data, origin)) notifyOffline(current, binding, deliverer);
        continue;
      }
      if (binding.kind === 'app' && !current.state.apps[binding.clientId ?? '']?.installed) continue;
      deliverer.deliver(binding.handler, () => eventBody(current, binding, event, data, origin));
    }
  };
}

const lastNotice = new WeakMap<BindingRecord, number>();

/** ONOFFLINEEVENT: "the queue is not empty", at most once per second per app binding. */
function notifyOffline(portal: Portal, offline: BindingRecord, deliverer: Deliverer): void {
  for (const binding of Object.values(portal.state.bindings)) {
    if (binding.event !== 'ONOFFLINEEVENT' || binding.offline || binding.clientId !== offline.clientId)
      continue;
    const last = lastNotice.get(binding) ?? 0;
    if (portal.now() - last < 1000) continue;
    lastNotice.set(binding, portal.now());
    const origin = { userId: binding.authType || 1, clientId: null, authConnector: '' };
    deliverer.deliver(binding.handler, () => eventBody(portal, binding, 'ONOFFLINEEVENT', {}, origin));
  }
}
