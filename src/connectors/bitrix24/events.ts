/**
 * Event subscriptions. An OAuth app binds them with `event.bind`; an incoming webhook cannot (the
 * event methods refuse that auth type), so the operator creates an outgoing webhook by hand.
 */
import { err, ok } from '../../core/result.ts';
import type { Conn, CrmResult, SetupInstruction, SetupItem } from '../contract.ts';
import { readCredentials } from './auth.ts';
import type { BxCommand } from './client.ts';
import { BOUND_EVENTS } from './webhook.ts';
import { BxEventBinding } from './wire.ts';

export function eventLookups(oauth: boolean): [string, BxCommand][] {
  return oauth ? [['events', { method: 'event.get' }]] : [];
}

/** The events not yet bound to this connection's URL are to bind. */
export function planEvents(
  conn: Conn,
  results: ReadonlyMap<string, CrmResult<unknown>>,
  oauth: boolean,
): CrmResult<{ items: SetupItem[]; creates: [string, BxCommand][] }> {
  if (!oauth) return ok({ items: [manualItem()], creates: [] });
  const result = results.get('events');
  if (!result?.ok) return err(result?.error ?? { kind: 'unavailable', detail: 'no event list' });
  const bound = (Array.isArray(result.value) ? result.value : []).flatMap((item) => {
    const parsed = BxEventBinding.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  const items: SetupItem[] = [];
  const creates: [string, BxCommand][] = [];
  for (const event of BOUND_EVENTS) {
    if (
      bound.some((binding) => binding.event.toUpperCase() === event && binding.handler === conn.webhookUrl)
    ) {
      items.push({ what: 'event', name: event, status: 'found' });
    } else {
      const params = { event, handler: conn.webhookUrl, event_type: 'online' };
      creates.push([`e_${event}`, { method: 'event.bind', params }]);
    }
  }
  return ok({ items, creates });
}

export function boundEvents(results: ReadonlyMap<string, CrmResult<unknown>>): CrmResult<SetupItem[]> {
  const items: SetupItem[] = [];
  for (const event of BOUND_EVENTS) {
    const result = results.get(`e_${event}`);
    if (result === undefined) continue;
    if (result.ok) {
      items.push({ what: 'event', name: event, status: 'created' });
    } else if (result.error.kind === 'rejected') {
      items.push({
        what: 'event',
        name: event,
        status: 'manual',
        note: `event.bind refused: ${result.error.detail}`,
      });
    } else {
      return err(result.error);
    }
  }
  return ok(items);
}

export function eventInstructions(conn: Conn, oauth: boolean): SetupInstruction[] {
  const steps: SetupInstruction[] = [];
  if (!oauth) {
    const events = BOUND_EVENTS.join(', ');
    steps.push(
      {
        code: 'bitrix24.outgoingWebhook',
        params: { handlerUrl: conn.webhookUrl },
        text: `In Bitrix24 open Applications → Developer resources → Other → Outgoing webhook and create one with the handler URL ${conn.webhookUrl}`,
      },
      { code: 'bitrix24.outgoingWebhookEvents', params: { events }, text: `Tick the events ${events}` },
    );
  }
  if (!readCredentials(conn.credentials)?.applicationToken) {
    steps.push(
      oauth
        ? {
            code: 'bitrix24.applicationToken.oauth',
            params: {},
            text: 'Give the application token of the app (auth[application_token] of its ONAPPINSTALL) on the Access tab, or with PATCH /admin/v1/connections/{id} {"authPatch": {"applicationToken": "…"}}; until then every event is refused.',
          }
        : {
            code: 'bitrix24.applicationToken.webhook',
            params: {},
            text: 'Give the outgoing webhook\'s application token on the Access tab, or with PATCH /admin/v1/connections/{id} {"authPatch": {"applicationToken": "…"}}; until then every event is refused.',
          },
    );
  }
  return steps;
}

function manualItem(): SetupItem {
  return {
    what: 'events',
    name: 'outgoing webhook',
    status: 'manual',
    note: 'an incoming-webhook connection cannot subscribe by API; see the instructions',
  };
}
