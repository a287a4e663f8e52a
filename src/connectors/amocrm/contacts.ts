/** Contacts: scan, fetch by id, batch writes (merging multitext values) and notes. */
import type { ContactCard } from '../../core/derive/contact-card.ts';
import type { Instant } from '../../core/model/time.ts';
import { err, ok } from '../../core/result.ts';
import { chunk, uniqueBy } from '../../core/sync/coalesce.ts';
import type {
  Conn,
  ContactWrite,
  CrmResult,
  NotesRead,
  NoteWrite,
  Page,
  RemoteContact,
  RemoteNote,
  WriteOutcome,
} from '../contract.ts';
import {
  API,
  type BatchItem,
  type BatchResult,
  failure,
  getOne,
  getPage,
  MAX_PAGE,
  type Query,
  writeBatch,
} from './client.ts';
import { type ContactState, readState, toJsonState } from './contact-state.ts';
import { fromAmoContact } from './decode.ts';
import { needsCurrentState, toAmoContactCreate, toAmoContactUpdate, toAmoNote } from './encode.ts';
import type { AmoSchema } from './schema.ts';
import { AmoContact, AmoNote } from './wire.ts';

export const CONTACTS_PER_REQUEST = MAX_PAGE;
export const NOTES_PER_REQUEST = MAX_PAGE;
const CONTACTS = `${API}/contacts`;

/** Every contact, oldest id first (an id order only shifts when a contact is deleted mid-scan). */
export async function scanContacts(
  conn: Conn,
  schema: AmoSchema,
  cursor: string | null,
): Promise<CrmResult<Page<RemoteContact>>> {
  const page = cursor && /^\d+$/.test(cursor) ? Number(cursor) : 1;
  const answer = await getPage(
    conn,
    CONTACTS,
    [
      ['page', page],
      ['limit', MAX_PAGE],
      ['order[id]', 'asc'],
    ],
    'contacts',
    AmoContact,
  );
  if (!answer.ok) return answer;
  const items = answer.value.items.map((raw) => fromAmoContact(raw, schema));
  return ok({ items, next: answer.value.last ? null : String(page + 1) });
}

/**
 * Contacts by id: `filter[id][]` in requests of 250 when the account's API filters work, else pages of
 * the latest updated contacts, then one GET per id still missing. A filter that was silently ignored shows as contacts we did not ask for; then the
 * missing ones are read one by one. Contacts that do not exist are simply absent.
 */
export async function fetchContacts(
  conn: Conn,
  schema: AmoSchema,
  remoteIds: readonly string[],
): Promise<CrmResult<RemoteContact[]>> {
  const ids = [...new Set(remoteIds.filter((id) => /^\d+$/.test(id)).map(Number))];
  const found = new Map<number, AmoContact>();
  if (schema.account.filters) {
    for (const part of chunk(ids, MAX_PAGE)) {
      const params = [...part.map((id) => ['filter[id][]', id] as const), ['limit', MAX_PAGE] as const];
      const answer = await getPage(conn, CONTACTS, params, 'contacts', AmoContact);
      if (!answer.ok) return answer;
      const wanted = new Set(part);
      for (const contact of answer.value.items) if (wanted.has(contact.id)) found.set(contact.id, contact);
      if (answer.value.items.every((contact) => wanted.has(contact.id))) continue;
      const missing = part.filter((id) => !found.has(id));
      const single = await fetchOneByOne(conn, missing, found);
      if (!single.ok) return single;
    }
  } else {
    if (ids.length >= RECENT_PAGES_FROM) {
      const recent = await fetchRecent(conn, ids, found);
      if (!recent.ok) return recent;
    }
    const single = await fetchOneByOne(
      conn,
      ids.filter((id) => !found.has(id)),
      found,
    );
    if (!single.ok) return single;
  }
  return ok(
    ids.flatMap((id) => (found.has(id) ? [fromAmoContact(found.get(id) as AmoContact, schema)] : [])),
  );
}

/** From this many ids, an account without filters is first read in pages of its latest updates. */
const RECENT_PAGES_FROM = 5;

/**
 * Contacts a poll or a webhook names were updated lately: `order[updated_at]=desc` (not a filter, so
 * every account has it) finds many of them in a page of 250, where one GET each would cost 250
 * requests. Reads as many pages as the ids would fill and two more, while each page finds some.
 */
async function fetchRecent(
  conn: Conn,
  ids: readonly number[],
  into: Map<number, AmoContact>,
): Promise<CrmResult<void>> {
  const wanted = new Set(ids);
  const pages = Math.ceil(ids.length / MAX_PAGE) + 2;
  for (let page = 1; page <= pages && wanted.size > 0; page += 1) {
    const params: Query = [
      ['order[updated_at]', 'desc'],
      ['page', page],
      ['limit', MAX_PAGE],
    ];
    const answer = await getPage(conn, CONTACTS, params, 'contacts', AmoContact);
    if (!answer.ok) return answer;
    let hits = 0;
    for (const contact of answer.value.items) {
      if (!wanted.delete(contact.id)) continue;
      hits += 1;
      if (!contact.is_deleted) into.set(contact.id, contact);
    }
    // A page without any of them: the rest were not updated lately either.
    if (answer.value.last || hits === 0) break;
  }
  return ok(undefined);
}

async function fetchOneByOne(
  conn: Conn,
  ids: readonly number[],
  into: Map<number, AmoContact>,
): Promise<CrmResult<void>> {
  for (const id of ids) {
    const answer = await getOne(conn, `${CONTACTS}/${id}`, [], AmoContact);
    if (!answer.ok) return answer;
    if (answer.value && !answer.value.is_deleted) into.set(id, answer.value);
  }
  return ok(undefined);
}

export async function writeContacts(
  conn: Conn,
  schema: AmoSchema,
  writes: readonly ContactWrite[],
): Promise<CrmResult<WriteOutcome[]>> {
  const unique = uniqueBy(writes, (w) => w.ref);
  const states = await currentStates(conn, schema, unique);
  if (!states.ok) return states;
  const outcomes: WriteOutcome[] = [];
  const nextStates = new Map<string, ContactState>();
  const creates: BatchItem[] = [];
  const updates: BatchItem[] = [];
  for (const write of unique) {
    if (write.remoteId === null) {
      const encoded = toAmoContactCreate(write.fields as Partial<ContactCard>, schema);
      creates.push({ ref: write.ref, body: encoded.body });
      nextStates.set(write.ref, encoded.state);
    } else if (!/^\d+$/.test(write.remoteId)) {
      outcomes.push(
        failure(write.ref, { kind: 'not_found', remoteId: write.remoteId, detail: 'not an amoCRM id' }),
      );
    } else {
      const state = states.value.get(write.ref);
      if (state === undefined) {
        const detail = 'the contact no longer exists';
        outcomes.push(failure(write.ref, { kind: 'not_found', remoteId: write.remoteId, detail }));
        continue;
      }
      const encoded = toAmoContactUpdate(Number(write.remoteId), write.fields, state, schema);
      updates.push({ ref: write.ref, body: encoded.body });
      nextStates.set(write.ref, encoded.state);
    }
  }
  const answer = await writeBatch(conn, {
    path: CONTACTS,
    key: 'contacts',
    updates,
    creates,
    size: CONTACTS_PER_REQUEST,
  });
  if (!answer.ok) return answer;
  outcomes.push(...toOutcomes(answer.value, nextStates));
  return ok(outcomes);
}

function toOutcomes(result: BatchResult, states: Map<string, ContactState>): WriteOutcome[] {
  const written: WriteOutcome[] = result.written.map((w) => {
    const state = states.get(w.ref);
    return { ref: w.ref, ok: true, remoteId: String(w.id), state: state ? toJsonState(state) : null };
  });
  return [...written, ...result.failed];
}

/**
 * The state each update merges into: the one given, or (when it is missing and the write touches
 * phones, e-mails or names) the contact as it is now — read in one batch. A missing entry means the
 * contact is gone.
 */
async function currentStates(
  conn: Conn,
  schema: AmoSchema,
  writes: readonly ContactWrite[],
): Promise<CrmResult<Map<string, ContactState>>> {
  const states = new Map<string, ContactState>();
  const stale: ContactWrite[] = [];
  for (const write of writes) {
    if (write.remoteId === null) continue;
    const given = readState(write.state);
    if (needsCurrentState(write.fields, given)) stale.push(write);
    else states.set(write.ref, given ?? { v: 1, phones: [], emails: [] });
  }
  if (stale.length === 0) return ok(states);
  const fetched = await fetchContacts(
    conn,
    schema,
    stale.map((w) => w.remoteId ?? ''),
  );
  if (!fetched.ok) return fetched;
  const byId = new Map(fetched.value.map((contact) => [contact.remoteId, readState(contact.state)]));
  for (const write of stale) {
    const state = byId.get(write.remoteId ?? '');
    if (state) states.set(write.ref, state);
  }
  return ok(states);
}

export function deleteContacts(remoteIds: readonly string[]): WriteOutcome[] {
  return remoteIds.map((id) =>
    failure(id, {
      kind: 'rejected',
      detail:
        'amoCRM API v4 cannot delete contacts (capabilities.deleteContacts is false): blank them instead',
    }),
  );
}

export async function writeNotes(
  conn: Conn,
  notes: readonly NoteWrite[],
): Promise<CrmResult<WriteOutcome[]>> {
  const outcomes: WriteOutcome[] = [];
  const items: BatchItem[] = [];
  for (const note of uniqueBy(notes, (n) => n.ref)) {
    if (/^\d+$/.test(note.remoteContactId)) {
      items.push({ ref: note.ref, body: toAmoNote(Number(note.remoteContactId), note.text) });
    } else {
      outcomes.push(
        failure(note.ref, { kind: 'not_found', remoteId: note.remoteContactId, detail: 'not an amoCRM id' }),
      );
    }
  }
  if (items.length === 0) return ok(outcomes);
  const answer = await writeBatch(conn, {
    path: `${CONTACTS}/notes`,
    key: 'notes',
    creates: items,
    size: NOTES_PER_REQUEST,
  });
  if (!answer.ok) return err(answer.error);
  const written: WriteOutcome[] = answer.value.written.map((w) => ({
    ref: w.ref,
    ok: true,
    remoteId: String(w.id),
    state: null,
  }));
  return ok([...outcomes, ...written, ...answer.value.failed]);
}

/** Contacts whose notes one list request asks for (the query string stays well under URL limits). */
const NOTE_LOOKUP_CONTACTS = 50;
/** A look-up covers notes since the first try: a few pages at the most. */
const MAX_NOTE_PAGES = 40;

/**
 * The text notes of these contacts since `since`: `filter[entity_id][]` for many contacts a request. An
 * account that ignores the filter answers notes of other contacts: then they are read one contact at a
 * time. A failed call after some contacts were read answers those (`read`), so a flaky CRM still moves.
 */
export async function readNotes(
  conn: Conn,
  remoteContactIds: readonly string[],
  since: Instant,
): Promise<CrmResult<NotesRead>> {
  const ids = [...new Set(remoteContactIds.filter((id) => /^\d+$/.test(id)))];
  const from: Query = [['filter[updated_at][from]', Math.floor(since / 1000)]];
  const notes: RemoteNote[] = [];
  // An id amoCRM could not have given has no notes: read, so nothing waits on it.
  const read = new Set<string>(remoteContactIds.filter((id) => !/^\d+$/.test(id)));
  const stop = (failure: CrmResult<never>) => (read.size > 0 ? ok({ notes, read }) : failure);
  for (const part of chunk(ids, NOTE_LOOKUP_CONTACTS)) {
    const wanted = new Set(part);
    const filter = part.map((id) => ['filter[entity_id][]', id] as const);
    const listed = await notesOf(conn, `${CONTACTS}/notes`, [...filter, ...from], wanted);
    if (!listed.ok) return stop(listed);
    if (listed.value) {
      notes.push(...listed.value.flatMap(toRemoteNote));
      for (const id of part) read.add(id);
      continue;
    }
    for (const id of part) {
      const own = await notesOf(conn, `${CONTACTS}/${id}/notes`, from, new Set([id]));
      if (!own.ok) return stop(own);
      notes.push(...(own.value ?? []).flatMap(toRemoteNote));
      read.add(id);
    }
  }
  return ok({ notes, read });
}

/** Every page of a note list, or null as soon as a page holds another contact's note (filter ignored). */
async function notesOf(
  conn: Conn,
  path: string,
  params: Query,
  contacts: ReadonlySet<string>,
): Promise<CrmResult<AmoNote[] | null>> {
  const all: AmoNote[] = [];
  for (let page = 1; page <= MAX_NOTE_PAGES; page += 1) {
    const answer = await getPage(
      conn,
      path,
      [...params, ['page', page], ['limit', MAX_PAGE]],
      'notes',
      AmoNote,
    );
    if (!answer.ok) return answer;
    if (answer.value.items.some((note) => !contacts.has(String(note.entity_id)))) return ok(null);
    all.push(...answer.value.items);
    if (answer.value.last) break;
  }
  return ok(all);
}

function toRemoteNote(note: AmoNote): RemoteNote[] {
  const text = note.params?.text;
  return typeof text === 'string'
    ? [{ remoteId: String(note.id), remoteContactId: String(note.entity_id), text }]
    : [];
}
