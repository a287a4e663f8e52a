/**
 * Event deliveries (bitrix24-api.md §9.2–9.3): a form-encoded POST in PHP bracket notation carrying
 * only `data[FIELDS][ID]`, so each becomes a "touched" change the flows fetch. The only proof of
 * origin is `auth[application_token]`; without a configured token every delivery is refused.
 */
import { err, ok, type Result } from '../../core/result.ts';
import type { Conn, DecodeError, InboundChange, RawWebhook } from '../contract.ts';
import { parsePhpForm } from '../shared/bracket-form.ts';
import { sameSecret } from '../shared/timing-safe.ts';
import { readCredentials } from './auth.ts';
import { BxEventDelivery } from './wire.ts';

export const BOUND_EVENTS = [
  'ONCRMCONTACTADD',
  'ONCRMCONTACTUPDATE',
  'ONCRMCONTACTDELETE',
  'ONCRMDEALADD',
  'ONCRMDEALUPDATE',
] as const;

const CHANGE_OF: Readonly<Record<string, (remoteId: string) => InboundChange>> = {
  ONCRMCONTACTADD: (remoteId) => ({ kind: 'contact.touched', remoteId }),
  ONCRMCONTACTUPDATE: (remoteId) => ({ kind: 'contact.touched', remoteId }),
  ONCRMCONTACTDELETE: (remoteId) => ({ kind: 'contact.deleted', remoteId }),
  ONCRMDEALADD: (remoteId) => ({ kind: 'preorder.touched', remoteId }),
  ONCRMDEALUPDATE: (remoteId) => ({ kind: 'preorder.touched', remoteId }),
};

export function decodeWebhook(conn: Conn, raw: RawWebhook): Result<InboundChange[], DecodeError> {
  const expected = readCredentials(conn.credentials)?.applicationToken ?? null;
  if (!expected) {
    return err({
      kind: 'unauthorized',
      detail:
        'no application token is configured for this connection; give it on the Access tab or with PATCH /admin/v1/connections/{id} {"authPatch": {"applicationToken": "…"}}',
    });
  }
  const delivery = BxEventDelivery.safeParse(parseBody(raw));
  if (!delivery.success) return err({ kind: 'malformed', detail: 'not a Bitrix24 event delivery' });
  const given = delivery.data.auth?.application_token ?? '';
  if (!sameSecret(given, expected)) return err({ kind: 'unauthorized', detail: 'wrong application token' });
  const change = CHANGE_OF[delivery.data.event.toUpperCase()];
  if (!change) return ok([]);
  const ids = idsOf(delivery.data.data?.FIELDS?.ID);
  if (ids.length === 0)
    return err({ kind: 'malformed', detail: `${delivery.data.event} without data[FIELDS][ID]` });
  return ok(ids.map(change));
}

function parseBody(raw: RawWebhook): unknown {
  try {
    if (raw.contentType.includes('json')) return JSON.parse(raw.body);
    return parsePhpForm(raw.body);
  } catch {
    return null;
  }
}

/** `"82"`, `82`, or a list of them (`ID[0]=82` parses as `{0: "82"}`): every id that looks like one. */
function idsOf(value: unknown): string[] {
  const list = Array.isArray(value)
    ? value
    : value !== null && typeof value === 'object'
      ? Object.values(value)
      : [value];
  return list.flatMap((id) => {
    const text = typeof id === 'number' ? String(id) : typeof id === 'string' ? id.trim() : '';
    return /^\d+$/.test(text) ? [text] : [];
  });
}
