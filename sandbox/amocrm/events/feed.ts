import { randomBytes } from 'node:crypto';
import type { Query } from '../http/hal.ts';
import type { Store } from '../state/store.ts';
import type { EventRecord } from '../state/types.ts';

// The events feed (amocrm-api.md §9): string ids, newest first, filters that work whatever the
// account's API-filter option says.

export type NewEvent = Omit<EventRecord, 'id' | 'seq' | 'created_at'>;

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** 26 lowercase base32 chars like `01pz58t6p04ymgsgfbmfyfy1mf`: 10 of time, 16 random. */
export function eventId(nowMs: number): string {
  let time = '';
  let t = nowMs;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  const rnd = [...randomBytes(16)].map((b) => CROCKFORD.charAt(b % 32)).join('');
  return time + rnd;
}

export function recordEvent(store: Store, nowMs: number, e: NewEvent): EventRecord {
  const seq = store.nextId('event');
  const record: EventRecord = { id: eventId(nowMs), seq, created_at: Math.floor(nowMs / 1000), ...e };
  store.addEvent(record);
  return record;
}

const list = (v: unknown): string[] => {
  if (v === undefined || v === null) return [];
  const arr = Array.isArray(v) ? v : typeof v === 'object' ? Object.values(v) : [v];
  return arr
    .flatMap((x) => String(x).split(','))
    .map((s) => s.trim())
    .filter(Boolean);
};

const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

const ENTITY_PATH: Record<string, string> = { lead: 'leads', contact: 'contacts', company: 'companies' };

export function queryEvents(store: Store, query: Query): EventRecord[] {
  const filter = asRecord(query.filter);
  const ids = new Set(list(filter.id));
  const createdBy = new Set(list(filter.created_by).map(Number));
  const entities = new Set(list(filter.entity));
  const entityIds = new Set(list(filter.entity_id).map(Number));
  const types = list(filter.type);
  const created = createdAtRange(filter.created_at);
  const after = asRecord(filter.value_after);
  const before = asRecord(filter.value_before);

  const out = store.events.filter((e) => {
    if (ids.size && !ids.has(e.id)) return false;
    if (createdBy.size && !createdBy.has(e.created_by)) return false;
    if (entities.size && !entities.has(e.entity_type)) return false;
    if (entityIds.size && !entityIds.has(e.entity_id)) return false;
    if (types.length && !types.some((t) => typeMatches(t, e))) return false;
    if (created.from !== undefined && e.created_at < created.from) return false;
    if (created.to !== undefined && e.created_at > created.to) return false;
    return valueMatches(after, e.value_after) && valueMatches(before, e.value_before);
  });
  // appended in seq order, so newest first is the reverse
  return out.reverse();
}

function createdAtRange(v: unknown): { from?: number; to?: number } {
  if (typeof v === 'string' || typeof v === 'number') return { from: Number(v) };
  const r = asRecord(v);
  return {
    ...(r.from !== undefined ? { from: Number(r.from) } : {}),
    ...(r.to !== undefined ? { to: Number(r.to) } : {}),
  };
}

function typeMatches(type: string, e: EventRecord): boolean {
  const m = /^custom_field_(\d+)_value_changed$/.exec(type);
  if (m) return e.type === 'custom_field_value_changed' && e.field_id === Number(m[1]);
  return e.type === type;
}

function valueMatches(filter: Record<string, unknown>, values: unknown[]): boolean {
  const items = values.map(asRecord);
  if (filter.leads_statuses !== undefined) {
    const wanted = Object.values(asRecord(filter.leads_statuses)).map(asRecord);
    const ok = items.some((i) => {
      const s = asRecord(i.lead_status);
      return wanted.some((w) => Number(w.status_id) === s.id && Number(w.pipeline_id) === s.pipeline_id);
    });
    if (!ok) return false;
  }
  if (filter.responsible_user_id !== undefined) {
    const wanted = new Set(list(filter.responsible_user_id).map(Number));
    if (!items.some((i) => wanted.has(Number(asRecord(i.responsible_user).id)))) return false;
  }
  if (filter.custom_field_values !== undefined) {
    const wanted = new Set(list(filter.custom_field_values).map(Number));
    if (!items.some((i) => wanted.has(Number(asRecord(i.custom_field_value).enum_id)))) return false;
  }
  if (filter.value !== undefined) {
    const wanted = String(filter.value);
    const texts = items.map((i) => {
      const inner = Object.values(i).map(asRecord)[0] ?? {};
      return String(inner.sale ?? inner.name ?? inner.text ?? inner.rate ?? '');
    });
    if (!texts.includes(wanted)) return false;
  }
  return true;
}

export function toApiEvent(
  e: EventRecord,
  baseUrl: string,
  accountId: number,
  names?: (e: EventRecord) => string | undefined,
): Record<string, unknown> {
  const path = ENTITY_PATH[e.entity_type] ?? e.entity_type;
  const name = names?.(e);
  return {
    id: e.id,
    type: e.type,
    entity_id: e.entity_id,
    entity_type: e.entity_type,
    created_by: e.created_by,
    created_at: e.created_at,
    value_after: e.value_after,
    value_before: e.value_before,
    account_id: accountId,
    _links: { self: { href: `${baseUrl}/api/v4/events/${e.id}` } },
    _embedded: {
      entity: {
        id: e.entity_id,
        ...(name !== undefined ? { name } : {}),
        _links: { self: { href: `${baseUrl}/api/v4/${path}/${e.entity_id}` } },
      },
    },
  };
}
