import { type ItemErrors, notFound, Validation } from '../http/problem.ts';
import type { EntityKind, NoteRecord } from '../state/types.ts';
import { noteItem } from '../webhooks/items.ts';
import { optUser, requireId } from './common.ts';
import type { AccountContext, Actor } from './context.ts';
import { checkKeys, isInt, isObject, type Json, optBool, optInt, requestIdOf } from './input.ts';
import type { WithRequestId } from './pipelines.ts';

// Notes (amocrm-api.md §8): typed params, one feed event and one `note_*` webhook per new note.

const NOTE_KEYS = [
  'id',
  'entity_id',
  'note_type',
  'params',
  'created_by',
  'updated_by',
  'created_at',
  'updated_at',
  'responsible_user_id',
  'request_id',
  'is_need_to_trigger_digital_pipeline',
];

/** note type → the params it needs, and the event it leaves in the feed */
const NOTE_TYPES: Record<string, { params: string[]; event: string }> = {
  common: { params: ['text'], event: 'common_note_added' },
  service_message: { params: ['service', 'text'], event: 'service_note_added' },
  extended_service_message: { params: ['service', 'text'], event: 'service_note_added' },
  call_in: { params: ['uniq', 'duration', 'source', 'phone'], event: 'incoming_call' },
  call_out: { params: ['uniq', 'duration', 'source', 'phone'], event: 'outgoing_call' },
  sms_in: { params: ['text', 'phone'], event: 'incoming_sms' },
  sms_out: { params: ['text', 'phone'], event: 'outgoing_sms' },
  geolocation: { params: ['text', 'address', 'longitude', 'latitude'], event: 'geo_note_added' },
  message_cashier: { params: ['status', 'text'], event: 'message_to_cashier_note_added' },
  attachment: { params: ['file_uuid', 'file_name'], event: 'attachment_note_added' },
};

const SINGULAR: Record<EntityKind, string> = { contacts: 'contact', leads: 'lead' };

function entityAlive(ctx: AccountContext, type: EntityKind, id: number): boolean {
  const e = type === 'leads' ? ctx.store.leads.get(id) : ctx.store.contacts.get(id);
  return e !== undefined && !e.is_deleted;
}

function readParams(noteType: string, raw: unknown, errors: ItemErrors): Record<string, unknown> | undefined {
  if (!isObject(raw)) {
    errors.invalidType('params', 'object');
    return undefined;
  }
  for (const p of NOTE_TYPES[noteType]?.params ?? []) {
    if (raw[p] === undefined || raw[p] === null) errors.missing(`params.${p}`);
  }
  return raw;
}

export function createNotes(
  ctx: AccountContext,
  entity: EntityKind,
  items: unknown[],
  actor: Actor,
  pathEntityId?: number,
): WithRequestId<NoteRecord>[] {
  const v = new Validation();
  const drafts = items.map((raw, i) => {
    const requestId = requestIdOf(raw, i);
    const errors = v.item(requestId);
    if (!isObject(raw)) return void errors.invalidType('', 'object');
    const item: Json = raw;
    checkKeys(
      item,
      NOTE_KEYS.filter((k) => k !== 'id'),
      errors,
    );
    const entityId = pathEntityId ?? optInt(item, 'entity_id', errors);
    if (entityId === undefined) errors.missing('entity_id');
    else if (!entityAlive(ctx, entity, entityId)) errors.notSupportedChoice('entity_id');
    const noteType = typeof item.note_type === 'string' ? item.note_type : undefined;
    if (item.note_type === undefined) errors.missing('note_type');
    else if (!noteType || !NOTE_TYPES[noteType]) errors.notSupportedChoice('note_type');
    const params = noteType ? readParams(noteType, item.params, errors) : undefined;
    const createdBy = optUser(ctx.store, item, 'created_by', errors, true);
    const responsible = optUser(ctx.store, item, 'responsible_user_id', errors);
    optBool(item, 'is_need_to_trigger_digital_pipeline', errors);
    const createdAt = optInt(item, 'created_at', errors);
    if (!errors.ok || entityId === undefined || !noteType || !params) return undefined;
    const now = ctx.now();
    const note: NoteRecord = {
      id: 0,
      entity_type: entity,
      entity_id: entityId,
      note_type: noteType,
      params,
      created_by: createdBy ?? actor.userId,
      updated_by: createdBy ?? actor.userId,
      created_at: createdAt ?? now,
      updated_at: now,
      responsible_user_id: responsible ?? createdBy ?? actor.userId,
      is_pinned: false,
    };
    return { note, requestId };
  });
  v.throwIfAny();
  return drafts.flatMap((d) => {
    if (!d) return [];
    const { note } = d;
    note.id = ctx.store.nextId('note');
    ctx.store.notes.set(note.id, note);
    ctx.event({
      type: NOTE_TYPES[note.note_type]?.event ?? 'common_note_added',
      entity_id: note.entity_id,
      entity_type: SINGULAR[entity],
      created_by: note.created_by,
      value_after: [{ note: { id: note.id } }],
      value_before: [],
    });
    ctx.webhook(entity, 'note', noteItem(ctx.itemScope(), note));
    return [{ record: note, requestId: d.requestId }];
  });
}

export function updateNotes(
  ctx: AccountContext,
  entity: EntityKind,
  items: unknown[],
  actor: Actor,
  path?: { entityId: number; noteId?: number },
): WithRequestId<NoteRecord>[] {
  const v = new Validation();
  const drafts = items.map((raw, i) => {
    const requestId = requestIdOf(raw, i);
    const errors = v.item(requestId);
    if (!isObject(raw)) return void errors.invalidType('', 'object');
    checkKeys(raw, NOTE_KEYS, errors);
    const id = path?.noteId ?? requireId(raw, errors);
    const note = id === undefined ? undefined : ctx.store.notes.get(id);
    const wrongEntity = note && (note.entity_type !== entity || (path && note.entity_id !== path.entityId));
    if (id !== undefined && (!note || wrongEntity)) {
      if (path?.noteId !== undefined) throw notFound('Note not found');
      errors.notSupportedChoice('id');
    }
    const params =
      raw.params === undefined || !note ? undefined : readParams(note.note_type, raw.params, errors);
    if (raw.entity_id !== undefined && !isInt(raw.entity_id)) errors.invalidType('entity_id', 'int');
    return note && errors.ok ? { note, params, requestId } : undefined;
  });
  v.throwIfAny();
  return drafts.flatMap((d) => {
    if (!d) return [];
    if (d.params) d.note.params = { ...d.note.params, ...d.params };
    d.note.updated_at = ctx.now();
    d.note.updated_by = actor.userId;
    return [{ record: d.note, requestId: d.requestId }];
  });
}
