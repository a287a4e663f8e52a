import { cfSearchTexts } from '../fields/present.ts';
import type { Query } from '../http/hal.ts';
import type { CfEntry, ContactRecord, LeadRecord } from '../state/types.ts';
import type { AccountContext } from './context.ts';

// Reading contact and lead lists: `query` search always works; `filter[...]` only when the account
// has the paid API-filter option, otherwise it is silently ignored (amocrm-api.md §4.7, issue #348).

type Listed = ContactRecord | LeadRecord;

const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

function values(v: unknown): string[] {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).map(String);
  return [String(v)];
}

function range(v: unknown): { from?: number; to?: number } | undefined {
  const r = asRecord(v);
  if (r.from === undefined && r.to === undefined) return undefined;
  return {
    ...(r.from !== undefined ? { from: Number(r.from) } : {}),
    ...(r.to !== undefined ? { to: Number(r.to) } : {}),
  };
}

const inRange = (n: number | null, r: { from?: number; to?: number }) =>
  n !== null && (r.from === undefined || n >= r.from) && (r.to === undefined || n <= r.to);

const digits = (s: string) => s.replace(/\D/g, '');

/** Substring search over the name and every filled value; digit-only queries also match inside phones. */
function matchesQuery(e: Listed, needle: string): boolean {
  const texts = [
    e.name,
    ...('first_name' in e ? [e.first_name, e.last_name] : []),
    ...cfSearchTexts(e.custom_fields_values),
  ];
  const lower = needle.toLowerCase();
  if (texts.some((t) => t.toLowerCase().includes(lower))) return true;
  const d = digits(needle);
  return d.length >= 3 && /^[\d\s()+-]+$/.test(needle) && texts.some((t) => digits(t).includes(d));
}

function matchesCf(entries: CfEntry[], filter: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([fieldId, wanted]) => {
    const entry = entries.find((e) => e.field_id === Number(fieldId));
    if (!entry) return false;
    const r = range(wanted);
    if (r) return entry.values.some((v) => inRange(Number(v.value), r));
    const set = new Set(values(wanted));
    return entry.values.some((v) => set.has(String(v.enum_id ?? '')) || set.has(String(v.value)));
  });
}

function matchesCommon(e: Listed, f: Record<string, unknown>): boolean {
  const ids = values(f.id);
  if (ids.length && !ids.includes(String(e.id))) return false;
  const names = values(f.name);
  if (names.length && !names.includes(e.name)) return false;
  for (const key of ['created_by', 'updated_by', 'responsible_user_id'] as const) {
    const wanted = values(f[key]);
    if (wanted.length && !wanted.includes(String(e[key]))) return false;
  }
  for (const key of ['created_at', 'updated_at'] as const) {
    const r = range(f[key]);
    if (r && !inRange(e[key], r)) return false;
  }
  const cf = asRecord(f.custom_fields_values);
  return Object.keys(cf).length === 0 || matchesCf(e.custom_fields_values, cf);
}

function matchesLead(l: LeadRecord, f: Record<string, unknown>): boolean {
  const price = range(f.price);
  if (price && !inRange(l.price, price)) return false;
  const closed = range(f.closed_at);
  if (closed && !inRange(l.closed_at, closed)) return false;
  const pipelines = values(f.pipeline_id);
  if (pipelines.length && !pipelines.includes(String(l.pipeline_id))) return false;
  const statuses = Object.values(asRecord(f.statuses)).map(asRecord);
  if (statuses.length) {
    return statuses.some(
      (s) => Number(s.status_id) === l.status_id && Number(s.pipeline_id) === l.pipeline_id,
    );
  }
  return true;
}

function ordered<T extends Listed>(list: T[], query: Query, allowed: readonly string[]): T[] {
  const order = asRecord(query.order);
  const [key, dir] = Object.entries(order).find(([k]) => allowed.includes(k)) ?? ['id', 'asc'];
  const sign = String(dir).toLowerCase() === 'desc' ? -1 : 1;
  const field = key as 'id' | 'updated_at' | 'created_at';
  return list.sort((a, b) => sign * (a[field] - b[field] || a.id - b.id));
}

export function listContacts(ctx: AccountContext, query: Query): ContactRecord[] {
  const needle = query.query === undefined ? '' : String(query.query).trim();
  const filter = ctx.knobs.apiFilterEnabled ? asRecord(query.filter) : {};
  const out = [...ctx.store.contacts.values()].filter(
    (c) => !c.is_deleted && (!needle || matchesQuery(c, needle)) && matchesCommon(c, filter),
  );
  return ordered(out, query, ['updated_at', 'id']);
}

export function listLeads(ctx: AccountContext, query: Query): LeadRecord[] {
  const needle = query.query === undefined ? '' : String(query.query).trim();
  const filter = ctx.knobs.apiFilterEnabled ? asRecord(query.filter) : {};
  const out = [...ctx.store.leads.values()].filter(
    (l) =>
      !l.is_deleted &&
      (!needle || matchesQuery(l, needle)) &&
      matchesCommon(l, filter) &&
      matchesLead(l, filter),
  );
  return ordered(out, query, ['created_at', 'updated_at', 'id']);
}
