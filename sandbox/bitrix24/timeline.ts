// Timeline: comments (crm.timeline.comment.*, lowercase `fields`) and log messages.

import { engineError, requiredParam } from './errors.ts';
import { isDesc, paginate, sortRecords } from './listing.ts';
import { isRecord, isset, type Params, phpEntries, phpInt, phpString, phpValues } from './php.ts';
import { type MethodTable, method, ok, type Portal } from './portal.ts';
import { type CommentRecord, type LogMessageRecord, nextId } from './state.ts';

const OWNER_TYPES: Record<string, number> = { contact: 3, deal: 2 };

function ownerExists(portal: Portal, entityTypeId: number, entityId: number): boolean {
  if (entityTypeId === 3) return portal.state.contacts[String(entityId)] !== undefined;
  if (entityTypeId === 2) return portal.state.deals[String(entityId)] !== undefined;
  return false;
}

function lowercaseFields(params: Params): Record<string, unknown> {
  if (!isRecord(params.fields)) throw requiredParam('fields');
  return params.fields;
}

function commentOut(portal: Portal, comment: CommentRecord, select?: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ID: String(comment.ID),
    ENTITY_ID: String(comment.ENTITY_ID),
    ENTITY_TYPE: comment.ENTITY_TYPE,
    CREATED: portal.codec.dates.formatDateTime(comment.CREATED),
    COMMENT: comment.COMMENT,
    AUTHOR_ID: String(comment.AUTHOR_ID),
  };
  if (!select) return out;
  return Object.fromEntries(Object.entries(out).filter(([key]) => select.has(key)));
}

function findComment(portal: Portal, params: Params): CommentRecord {
  if (!isset(params.id)) throw requiredParam('id');
  const comment = portal.state.comments[String(phpInt(params.id))];
  if (!comment) throw engineError('NOT_FOUND', 'Not found.');
  return comment;
}

function logMessageOut(portal: Portal, entry: LogMessageRecord): Record<string, unknown> {
  return {
    id: entry.id,
    created: portal.codec.dates.formatDateTime(entry.created),
    authorId: entry.authorId,
    title: entry.title,
    text: entry.text,
    iconCode: entry.iconCode,
  };
}

const SORTABLE = new Set(['ID', 'CREATED', 'AUTHOR_ID']);

export const timelineMethods: MethodTable = {
  'crm.timeline.comment.add': method(({ portal, params, principal, origin }) => {
    const fields = lowercaseFields(params);
    if (!isset(fields.ENTITY_ID) || !isset(fields.ENTITY_TYPE)) throw requiredParam('ENTITY_ID');
    const entityType = phpString(fields.ENTITY_TYPE).toLowerCase();
    const entityId = phpInt(fields.ENTITY_ID);
    if (!ownerExists(portal, OWNER_TYPES[entityType] ?? 0, entityId)) {
      throw engineError('OWNER_NOT_FOUND', 'Owner of the item not found');
    }
    const text = phpString(fields.COMMENT);
    if (text.trim() === '') throw engineError('INVALID_ARG_VALUE', 'Empty comment');
    const comment: CommentRecord = {
      ID: nextId(portal.state, 'comment'),
      ENTITY_ID: entityId,
      ENTITY_TYPE: entityType,
      CREATED: portal.now(),
      COMMENT: text,
      AUTHOR_ID: isset(fields.AUTHOR_ID) ? phpInt(fields.AUTHOR_ID) : principal.userId,
    };
    portal.state.comments[String(comment.ID)] = comment;
    portal.changed();
    portal.emit('ONCRMTIMELINECOMMENTADD', { FIELDS: { ID: comment.ID } }, origin);
    return ok(comment.ID);
  }),
  'crm.timeline.comment.get': method(({ portal, params }) =>
    ok(commentOut(portal, findComment(portal, params))),
  ),
  'crm.timeline.comment.list': method(({ portal, params }) => {
    const filter = Object.fromEntries(
      phpEntries(params.filter).map(([key, value]) => [key.replace(/^=/, ''), value]),
    );
    const matched = Object.values(portal.state.comments).filter(
      (comment) =>
        (!isset(filter.ENTITY_ID) || comment.ENTITY_ID === phpInt(filter.ENTITY_ID)) &&
        (!isset(filter.ENTITY_TYPE) || comment.ENTITY_TYPE === phpString(filter.ENTITY_TYPE).toLowerCase()),
    );
    const keys = phpEntries(params.order)
      .filter(([key]) => SORTABLE.has(key))
      .map(([key, direction]) => ({
        get: (comment: CommentRecord) => (comment as unknown as Record<string, number>)[key] ?? null,
        desc: isDesc(direction),
      }));
    const page = paginate(sortRecords(matched, [...keys, { get: (c) => c.ID, desc: false }]), params.start);
    const names = phpValues(params.select).map(String);
    const select = names.length > 0 ? new Set(names) : undefined;
    return ok(
      page.items.map((comment) => commentOut(portal, comment, select)),
      page,
    );
  }),
  'crm.timeline.comment.update': method(({ portal, params, origin }) => {
    const comment = findComment(portal, params);
    const fields = lowercaseFields(params);
    const text = phpString(fields.COMMENT);
    if (text.trim() === '') throw engineError('INVALID_ARG_VALUE', 'Empty comment');
    comment.COMMENT = text;
    portal.changed();
    portal.emit('ONCRMTIMELINECOMMENTUPDATE', { FIELDS: { ID: comment.ID } }, origin);
    return ok(comment.ID);
  }),
  'crm.timeline.comment.delete': method(({ portal, params, origin }) => {
    const comment = findComment(portal, params);
    delete portal.state.comments[String(comment.ID)];
    portal.changed();
    portal.emit('ONCRMTIMELINECOMMENTDELETE', { FIELDS: { ID: comment.ID } }, origin);
    return ok(null);
  }),
  'crm.timeline.logmessage.add': method(({ portal, params, principal }) => {
    const fields = lowercaseFields(params);
    for (const name of ['entityTypeId', 'entityId', 'title', 'text', 'iconCode']) {
      if (!isset(fields[name]) || phpString(fields[name]) === '') throw requiredParam(name);
    }
    const entityTypeId = phpInt(fields.entityTypeId);
    const entityId = phpInt(fields.entityId);
    if (!ownerExists(portal, entityTypeId, entityId))
      throw engineError('OWNER_NOT_FOUND', 'Owner was not found');
    const entry: LogMessageRecord = {
      id: nextId(portal.state, 'logMessage'),
      entityTypeId,
      entityId,
      created: portal.now(),
      authorId: principal.userId,
      title: phpString(fields.title),
      text: phpString(fields.text),
      iconCode: phpString(fields.iconCode),
    };
    portal.state.logMessages[String(entry.id)] = entry;
    portal.changed();
    return ok({ logMessage: logMessageOut(portal, entry) });
  }),
  'crm.timeline.logmessage.get': method(({ portal, params }) => {
    if (!isset(params.id)) throw requiredParam('id');
    const entry = portal.state.logMessages[String(phpInt(params.id))];
    if (!entry) throw engineError('NOT_FOUND', 'Not found');
    return ok({ logMessage: logMessageOut(portal, entry) });
  }),
  'crm.timeline.logmessage.list': method(({ portal, params }) => {
    if (!isset(params.entityTypeId)) throw requiredParam('entityTypeId');
    if (!isset(params.entityId)) throw requiredParam('entityId');
    const entityTypeId = phpInt(params.entityTypeId);
    const entityId = phpInt(params.entityId);
    const matched = Object.values(portal.state.logMessages).filter(
      (entry) => entry.entityTypeId === entityTypeId && entry.entityId === entityId,
    );
    const desc = phpEntries(params.order).some(([, direction]) => isDesc(direction));
    const page = paginate(sortRecords(matched, [{ get: (entry) => entry.id, desc }]), params.start);
    return ok(
      page.items.map((entry) => logMessageOut(portal, entry)),
      page,
    );
  }),
};
