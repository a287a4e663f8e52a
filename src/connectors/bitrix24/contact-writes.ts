/**
 * Writing contacts, deleting them and adding timeline comments: one command per item, 50 items per
 * `batch` request. The only extra request is a read of the contacts whose owned phone/e-mail id is
 * not known yet (created by us, never read back) and whose phone/e-mail changes now.
 */
import type { Instant } from '../../core/model/time.ts';
import { err, ok } from '../../core/result.ts';
import { chunk } from '../../core/sync/coalesce.ts';
import type {
  Conn,
  ContactWrite,
  CrmError,
  CrmResult,
  NotesRead,
  NoteWrite,
  RemoteNote,
  WriteOutcome,
} from '../contract.ts';
import { BATCH_LIMIT, type BxCommand, batchAll, LIST_PAGE } from './client.ts';
import { type ContactState, readState, stateJson, textOf } from './decode.ts';
import { needsCurrentItems, toBxContact, toBxTimelineComment } from './encode.ts';
import { readSchema } from './schema.ts';
import { BxContact, type BxMultiField, BxTimelineComment } from './wire.ts';

type CurrentItems = { PHONE?: BxMultiField[] | null; EMAIL?: BxMultiField[] | null };

/** Managers see our writes in the contact's history, not in the live feed. */
const WRITE_PARAMS = { REGISTER_SONET_EVENT: 'N' };

export async function writeContacts(
  conn: Conn,
  writes: readonly ContactWrite[],
): Promise<CrmResult<WriteOutcome[]>> {
  const schema = readSchema(conn);
  if (!schema.ok) return schema;
  const states = writes.map((write) => readState(write.state));
  const current = await currentItems(conn, writes, states);
  if (!current.ok) return current;
  const outcomes: WriteOutcome[] = [];
  const commands = new Map<string, BxCommand>();
  const after = new Map<string, { write: ContactWrite; state: ContactState }>();
  writes.forEach((write, index) => {
    const fetched = write.remoteId ? current.value.get(write.remoteId) : undefined;
    if (fetched instanceof Error) {
      outcomes.push({
        ref: write.ref,
        ok: false,
        error: { kind: 'not_found', remoteId: write.remoteId ?? '', detail: fetched.message },
      });
      return;
    }
    const create = write.remoteId === null;
    const encoded = toBxContact(write.fields, {
      create,
      state: states[index] ?? { phone: null, email: null },
      ...(fetched ? { current: fetched } : {}),
      schema: schema.value,
      timeZone: conn.timeZone,
    });
    if (!create && Object.keys(encoded.fields).length === 0) {
      // Nothing left to send (an e-mail that is already there was adopted): done without a call.
      outcomes.push({
        ref: write.ref,
        ok: true,
        remoteId: write.remoteId ?? '',
        state: stateJson(encoded.state),
      });
      return;
    }
    const key = `w${index}`;
    after.set(key, { write, state: encoded.state });
    commands.set(
      key,
      create
        ? { method: 'crm.contact.add', params: { fields: encoded.fields, params: WRITE_PARAMS } }
        : {
            method: 'crm.contact.update',
            params: { id: write.remoteId, fields: encoded.fields, params: WRITE_PARAMS },
          },
    );
  });
  const answers = await batchAll(conn, commands, { partial: true });
  if (!answers.ok) return answers;
  for (const [key, { write, state }] of after) {
    const result = answers.value.get(key);
    if (!result?.ok) {
      outcomes.push({ ref: write.ref, ok: false, error: withRemoteId(result?.error, write.remoteId) });
      continue;
    }
    const remoteId = write.remoteId ?? String(result.value);
    outcomes.push({ ref: write.ref, ok: true, remoteId, state: stateJson(state) });
  }
  return ok(outcomes);
}

export async function deleteContacts(
  conn: Conn,
  remoteIds: readonly string[],
): Promise<CrmResult<WriteOutcome[]>> {
  const schema = readSchema(conn);
  if (!schema.ok) return schema;
  const commands = new Map<string, BxCommand>(
    remoteIds.map((id, index) => [`d${index}`, { method: 'crm.contact.delete', params: { id } }]),
  );
  const answers = await batchAll(conn, commands, { partial: true });
  if (!answers.ok) return answers;
  return ok(
    remoteIds.map((remoteId, index): WriteOutcome => {
      const result = answers.value.get(`d${index}`);
      // Already gone is what we wanted.
      if (result?.ok || result?.error.kind === 'not_found')
        return { ref: remoteId, ok: true, remoteId, state: null };
      return { ref: remoteId, ok: false, error: withRemoteId(result?.error, remoteId) };
    }),
  );
}

export async function writeNotes(
  conn: Conn,
  notes: readonly NoteWrite[],
): Promise<CrmResult<WriteOutcome[]>> {
  const schema = readSchema(conn);
  if (!schema.ok) return schema;
  const commands = new Map<string, BxCommand>(
    notes.map((note, index) => [
      `n${index}`,
      {
        method: 'crm.timeline.comment.add',
        params: toBxTimelineComment('contact', note.remoteContactId, note.text),
      },
    ]),
  );
  const answers = await batchAll(conn, commands, { partial: true });
  if (!answers.ok) return answers;
  return ok(
    notes.map((note, index): WriteOutcome => {
      const result = answers.value.get(`n${index}`);
      if (result?.ok) return { ref: note.ref, ok: true, remoteId: String(result.value), state: null };
      return { ref: note.ref, ok: false, error: withRemoteId(result?.error, note.remoteContactId) };
    }),
  );
}

/** Pages of comments read per contact at most (50 each). */
const MAX_NOTE_PAGES = 40;

/**
 * The timeline comments of each contact, 50 a page (`start` offsets), the pages of up to 50 contacts in
 * one batch. The comment list has no time filter we rely on, so `since` is not used. A failed call after
 * some contacts were read answers those (`read`), so a flaky portal still moves.
 */
export async function readNotes(
  conn: Conn,
  remoteContactIds: readonly string[],
  _since: Instant,
): Promise<CrmResult<NotesRead>> {
  const schema = readSchema(conn);
  if (!schema.ok) return schema;
  const notes: RemoteNote[] = [];
  const read = new Set<string>();
  for (const group of chunk([...new Set(remoteContactIds)], BATCH_LIMIT)) {
    const listed = await commentsOf(conn, group);
    if (!listed.ok) return read.size > 0 ? ok({ notes, read }) : listed;
    notes.push(...listed.value);
    for (const id of group) read.add(id);
  }
  return ok({ notes, read });
}

async function commentsOf(conn: Conn, contactIds: readonly string[]): Promise<CrmResult<RemoteNote[]>> {
  const notes: RemoteNote[] = [];
  let pending = contactIds.map((id) => ({ id, start: 0 }));
  for (let round = 0; pending.length > 0 && round < MAX_NOTE_PAGES; round += 1) {
    const commands = new Map<string, BxCommand>(
      pending.map((page, index) => [
        `c${index}`,
        {
          method: 'crm.timeline.comment.list',
          params: {
            filter: { ENTITY_ID: page.id, ENTITY_TYPE: 'contact' },
            select: ['ID', 'COMMENT'],
            order: { ID: 'ASC' },
            start: page.start,
          },
        },
      ]),
    );
    const answers = await batchAll(conn, commands);
    if (!answers.ok) return answers;
    const next: typeof pending = [];
    for (const [index, page] of pending.entries()) {
      const result = answers.value.get(`c${index}`);
      if (!result?.ok)
        return err(result?.error ?? { kind: 'unavailable', detail: 'no answer for a comment list' });
      const comments = Array.isArray(result.value) ? result.value : [];
      for (const raw of comments) {
        const comment = BxTimelineComment.safeParse(raw);
        if (comment.success)
          notes.push({
            remoteId: comment.data.ID,
            remoteContactId: page.id,
            text: textOf(comment.data.COMMENT) ?? '',
          });
      }
      if (comments.length >= LIST_PAGE) next.push({ id: page.id, start: page.start + LIST_PAGE });
    }
    pending = next;
  }
  return ok(notes);
}

/** The current multi-items of the contacts that need them; a contact gone from the CRM maps to an Error. */
async function currentItems(
  conn: Conn,
  writes: readonly ContactWrite[],
  states: readonly ContactState[],
): Promise<CrmResult<Map<string, CurrentItems | Error>>> {
  const ids = writes.flatMap((write, index) => {
    const state = states[index];
    return write.remoteId !== null && state && needsCurrentItems(write.fields, state) ? [write.remoteId] : [];
  });
  const found = new Map<string, CurrentItems | Error>();
  if (ids.length === 0) return ok(found);
  const commands = new Map<string, BxCommand>(
    ids.map((id, index) => [`g${index}`, { method: 'crm.contact.get', params: { id } }]),
  );
  const answers = await batchAll(conn, commands);
  if (!answers.ok) return answers;
  for (const [index, id] of ids.entries()) {
    const result = answers.value.get(`g${index}`);
    if (!result?.ok) {
      if (result?.error.kind === 'not_found') found.set(id, new Error(result.error.detail));
      else return err(result?.error ?? { kind: 'unavailable', detail: 'no answer for a contact read' });
      continue;
    }
    const contact = BxContact.safeParse(result.value);
    if (contact.success)
      found.set(id, { PHONE: contact.data.PHONE ?? null, EMAIL: contact.data.EMAIL ?? null });
  }
  return ok(found);
}

function withRemoteId(error: CrmError | undefined, remoteId: string | null): CrmError {
  if (!error) return { kind: 'unavailable', detail: 'no answer for this item' };
  return error.kind === 'not_found' ? { ...error, remoteId: remoteId ?? '' } : error;
}
