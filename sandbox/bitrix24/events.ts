// event.bind / event.unbind / event.get / events (application context only).

import { BxError, coreError } from './errors.ts';
import { isset, phpInt, phpString } from './php.ts';
import { type MethodTable, method, ok } from './portal.ts';
import { type BindingRecord, nextId } from './state.ts';

const CRM_EVENTS = ['CONTACT', 'DEAL', 'LEAD', 'COMPANY'].flatMap((entity) =>
  ['ADD', 'UPDATE', 'DELETE'].map((action) => `ONCRM${entity}${action}`),
);

export const KNOWN_EVENTS = [
  ...CRM_EVENTS,
  'ONCRMDEALMOVETOCATEGORY',
  'ONCRMPRODUCTADD',
  'ONCRMPRODUCTUPDATE',
  'ONCRMPRODUCTDELETE',
  'CATALOG.PRODUCT.ON.ADD',
  'CATALOG.PRODUCT.ON.UPDATE',
  'CATALOG.PRODUCT.ON.DELETE',
  'ONCRMTIMELINECOMMENTADD',
  'ONCRMTIMELINECOMMENTUPDATE',
  'ONCRMTIMELINECOMMENTDELETE',
  'ONCRMCONTACTUSERFIELDADD',
  'ONCRMCONTACTUSERFIELDUPDATE',
  'ONCRMCONTACTUSERFIELDDELETE',
  'ONCRMDEALUSERFIELDADD',
  'ONCRMDEALUSERFIELDUPDATE',
  'ONCRMDEALUSERFIELDDELETE',
  'ONAPPINSTALL',
  'ONAPPUNINSTALL',
  'ONAPPUPDATE',
  'ONAPPTEST',
  'ONOFFLINEEVENT',
];

/** http(s) with a dotted host, as the portal checks handler URLs. */
export function validHandlerUrl(handler: string): boolean {
  try {
    const url = new URL(handler);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

function sameBinding(a: BindingRecord, b: Omit<BindingRecord, 'id' | 'applicationToken'>): boolean {
  return (
    a.clientId === b.clientId &&
    a.event === b.event &&
    a.handler === b.handler &&
    a.authType === b.authType &&
    a.offline === b.offline &&
    a.authConnector === b.authConnector
  );
}

export const eventMethods: MethodTable = {
  'event.bind': method(
    ({ portal, params, principal }) => {
      const event = phpString(params.event).toUpperCase();
      if (!KNOWN_EVENTS.includes(event)) throw new BxError('ERROR_EVENT_NOT_FOUND', 'Event not found');
      const offline = phpString(params.event_type).toLowerCase() === 'offline';
      if (offline && event === 'ONOFFLINEEVENT')
        throw new BxError('ERROR_EVENT_NOT_FOUND', 'Event not found');
      const handler = offline ? '' : phpString(params.handler);
      if (!offline && !validHandlerUrl(handler))
        throw new BxError('ERROR_WRONG_HANDLER_URL', 'Wrong handler URL');
      const app = portal.state.apps[principal.clientId ?? ''];
      const candidate = {
        kind: 'app' as const,
        event,
        handler,
        clientId: principal.clientId,
        outgoingId: null,
        authType: isset(params.auth_type) ? phpInt(params.auth_type) : 0,
        offline,
        authConnector: offline ? phpString(params.auth_connector) : '',
      };
      if (Object.values(portal.state.bindings).some((binding) => sameBinding(binding, candidate))) {
        throw coreError('Unable to set event handler: Handler already binded');
      }
      const id = nextId(portal.state, 'binding');
      portal.state.bindings[String(id)] = { ...candidate, id, applicationToken: app?.applicationToken ?? '' };
      portal.changed();
      return ok(true);
    },
    { appOnly: true },
  ),
  'event.unbind': method(
    ({ portal, params, principal }) => {
      const event = phpString(params.event).toUpperCase();
      const offline = phpString(params.event_type).toLowerCase() === 'offline';
      const handler = phpString(params.handler);
      let count = 0;
      for (const binding of Object.values(portal.state.bindings)) {
        if (binding.clientId !== principal.clientId || binding.event !== event || binding.offline !== offline)
          continue;
        if (!offline && handler !== '' && binding.handler !== handler) continue;
        if (isset(params.auth_type) && binding.authType !== phpInt(params.auth_type)) continue;
        delete portal.state.bindings[String(binding.id)];
        count += 1;
      }
      portal.changed();
      return ok({ count });
    },
    { appOnly: true },
  ),
  'event.get': method(
    ({ portal, principal }) =>
      ok(
        Object.values(portal.state.bindings)
          .filter((binding) => binding.clientId === principal.clientId)
          .map((binding) =>
            binding.offline
              ? { event: binding.event, connector_id: binding.authConnector, offline: 1 }
              : {
                  event: binding.event,
                  handler: binding.handler,
                  auth_type: String(binding.authType),
                  offline: 0,
                },
          ),
      ),
    { appOnly: true },
  ),
  events: method(() => ok(KNOWN_EVENTS), { appOnly: true }),
};
