/**
 * The backstop for lost webhooks: amoCRM's events feed (`GET /api/v4/events`, ≤100 a page, string
 * ids, 204 when empty), read from the cursor's time minus an overlap, deduplicated by the ids of the
 * events already seen inside the overlap (kept in the cursor). Only event types that can matter are
 * asked for; a contact field change counts only for the fields that flow back to Lime.
 */
import { z } from 'zod';
import { ok } from '../../core/result.ts';
import type { ChangePage, Conn, CrmResult, InboundChange } from '../contract.ts';
import { API, getPage } from './client.ts';
import type { AmoSchema } from './schema.ts';
import { AmoEvent } from './wire.ts';

const EVENTS_PER_PAGE = 100;
const OVERLAP_SEC = 60;
const MAX_PAGES = 200;
const MAX_SEEN = 5_000;

const CONTACT_TYPES = [
  'contact_deleted',
  'contact_restored',
  'name_field_changed',
  'custom_field_value_changed',
];
const LEAD_TYPES = ['lead_added', 'lead_deleted', 'lead_restored', 'lead_status_changed'];

const Cursor = z.object({ v: z.literal(1), t: z.number().int(), seen: z.array(z.string()) });
type Cursor = z.infer<typeof Cursor>;

export function encodeCursor(cursor: Cursor): string {
  return JSON.stringify(cursor);
}

function readCursor(text: string | null): Cursor | null {
  if (!text) return null;
  try {
    const parsed = Cursor.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function pollChanges(
  conn: Conn,
  schema: AmoSchema,
  text: string | null,
): Promise<CrmResult<ChangePage>> {
  const cursor = readCursor(text);
  if (!cursor) {
    return ok({ changes: [], cursor: encodeCursor({ v: 1, t: Math.floor(conn.now() / 1000), seen: [] }) });
  }
  const events: AmoEvent[] = [];
  const seen = new Set(cursor.seen);
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const answer = await getPage(
      conn,
      `${API}/events`,
      [
        ['filter[created_at][from]', cursor.t - OVERLAP_SEC],
        ...[...CONTACT_TYPES, ...LEAD_TYPES].map((type) => ['filter[type][]', type] as const),
        ['filter[entity][]', 'contact'],
        ['filter[entity][]', 'lead'],
        ['page', page],
        ['limit', EVENTS_PER_PAGE],
      ],
      'events',
      AmoEvent,
    );
    if (!answer.ok) return answer;
    events.push(...answer.value.items);
    if (answer.value.last || answer.value.items.length < EVENTS_PER_PAGE) break;
  }
  const fresh = events.filter((event) => !seen.has(event.id)).sort((a, b) => a.created_at - b.created_at);
  const t = Math.max(cursor.t, ...events.map((event) => event.created_at));
  const keep = [...seen, ...fresh.map((event) => event.id)];
  const recent = new Set(
    events.filter((event) => event.created_at >= t - OVERLAP_SEC).map((event) => event.id),
  );
  const nextSeen = keep.filter((id) => recent.has(id)).slice(-MAX_SEEN);
  return ok({ changes: changesOf(fresh, schema), cursor: encodeCursor({ v: 1, t, seen: nextSeen }) });
}

function changesOf(events: readonly AmoEvent[], schema: AmoSchema): InboundChange[] {
  const changes = new Map<string, InboundChange>();
  const watched = new Set([
    schema.phone.fieldId,
    schema.email.fieldId,
    schema.contactFields.birthDate.id,
    schema.contactFields.limeId.id,
  ]);
  for (const event of events) {
    const id = String(event.entity_id);
    if (event.entity_type === 'contact') {
      if (event.type === 'contact_deleted') changes.set(`c:${id}`, { kind: 'contact.deleted', remoteId: id });
      else if (event.type !== 'custom_field_value_changed' || touchesField(event, watched))
        changes.set(`c:${id}`, { kind: 'contact.touched', remoteId: id });
    } else if (event.entity_type === 'lead' && leadMatters(event, schema.pipeline.id)) {
      changes.set(`l:${id}`, { kind: 'preorder.touched', remoteId: id });
    }
  }
  return [...changes.values()];
}

/** `custom_field_value` items name the field (one item per value; a cleared field has only `before`). */
function touchesField(event: AmoEvent, fieldIds: ReadonlySet<number>): boolean {
  return [...(event.value_after ?? []), ...(event.value_before ?? [])].some((item) => {
    const value = item.custom_field_value as { field_id?: unknown } | undefined;
    return typeof value?.field_id === 'number' && fieldIds.has(value.field_id);
  });
}

/** A stage change counts inside our pipeline (before or after); other lead events carry no pipeline. */
function leadMatters(event: AmoEvent, pipelineId: number): boolean {
  if (!LEAD_TYPES.includes(event.type)) return false;
  if (event.type !== 'lead_status_changed') return true;
  return [...(event.value_after ?? []), ...(event.value_before ?? [])].some((item) => {
    const status = item.lead_status as { pipeline_id?: unknown } | undefined;
    return status?.pipeline_id === pipelineId;
  });
}
