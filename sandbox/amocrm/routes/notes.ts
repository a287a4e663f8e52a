import type { AccountContext } from '../domain/context.ts';
import { batchItems, isObject, singleItem } from '../domain/input.ts';
import { createNotes, updateNotes } from '../domain/notes.ts';
import type { WithRequestId } from '../domain/pipelines.ts';
import { toApiNote } from '../domain/present.ts';
import { halPage, parsePaging, type Query, selfLinks } from '../http/hal.ts';
import { idParam, noContent, ok, page, type Router } from '../http/router.ts';
import type { EntityKind, NoteRecord } from '../state/types.ts';

// /api/v4/{leads|contacts}/notes and /{entity}/{id}/notes (amocrm-api.md §8). Note filters are not
// part of the paid filter option, so they always apply.

const asList = (v: unknown): string[] =>
  v === undefined
    ? []
    : Array.isArray(v)
      ? v.map(String)
      : isObject(v)
        ? Object.values(v).map(String)
        : [String(v)];

function listNotes(ctx: AccountContext, entity: EntityKind, query: Query, entityId?: number): NoteRecord[] {
  const filter = isObject(query.filter) ? query.filter : {};
  const ids = asList(filter.id);
  const entityIds = asList(filter.entity_id);
  const types = asList(filter.note_type);
  const updated = filter.updated_at;
  const range = isObject(updated)
    ? { from: Number(updated.from ?? 0), to: Number(updated.to ?? Number.MAX_SAFE_INTEGER) }
    : updated !== undefined
      ? { from: Number(updated), to: Number.MAX_SAFE_INTEGER }
      : undefined;
  const order = isObject(query.order) ? query.order : {};
  const key = order.updated_at !== undefined ? 'updated_at' : 'id';
  const sign = String(order[key] ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
  return [...ctx.store.notes.values()]
    .filter(
      (n) =>
        n.entity_type === entity &&
        (entityId === undefined || n.entity_id === entityId) &&
        (ids.length === 0 || ids.includes(String(n.id))) &&
        (entityIds.length === 0 || entityIds.includes(String(n.entity_id))) &&
        (types.length === 0 || types.includes(n.note_type)) &&
        (!range || (n.updated_at >= range.from && n.updated_at <= range.to)),
    )
    .sort((a, b) => sign * (a[key] - b[key] || a.id - b.id));
}

export function noteRoutes(r: Router, ctx: AccountContext): void {
  for (const entity of ['leads', 'contacts'] as const) {
    const base = `/api/v4/${entity}`;
    const written = (rows: WithRequestId<NoteRecord>[], path: string) =>
      ok({
        _links: selfLinks(ctx.link(path)),
        _embedded: {
          notes: rows.map((w) => ({
            id: w.record.id,
            entity_id: w.record.entity_id,
            updated_at: w.record.updated_at,
            request_id: w.requestId,
            _links: selfLinks(ctx.link(`${base}/${w.record.entity_id}/notes/${w.record.id}`)),
          })),
        },
      });
    const listed = (all: NoteRecord[], query: Query, path: string) => {
      const paging = parsePaging(query, { limit: 50, max: 250 });
      const notes = all.map((n) => toApiNote(ctx, n));
      return page(halPage({ baseUrl: ctx.baseUrl, path, query, paging, key: 'notes', all: notes }));
    };

    r.get(`${base}/notes`, (req) => listed(listNotes(ctx, entity, req.query), req.query, `${base}/notes`));
    r.get(`${base}/:id/notes`, (req) => {
      const id = idParam(req);
      return listed(listNotes(ctx, entity, req.query, id), req.query, `${base}/${id}/notes`);
    });
    r.get(`${base}/:id/notes/:noteId`, (req) => {
      const n = ctx.store.notes.get(idParam(req, 'noteId'));
      return n && n.entity_type === entity && n.entity_id === idParam(req)
        ? ok(toApiNote(ctx, n))
        : noContent();
    });
    r.post(`${base}/notes`, (req) =>
      written(createNotes(ctx, entity, batchItems(req.body), req.actor), `${base}/notes`),
    );
    r.post(`${base}/:id/notes`, (req) => {
      const id = idParam(req);
      return written(createNotes(ctx, entity, batchItems(req.body), req.actor, id), `${base}/${id}/notes`);
    });
    r.patch(`${base}/notes`, (req) =>
      written(updateNotes(ctx, entity, batchItems(req.body), req.actor), `${base}/notes`),
    );
    r.patch(`${base}/:id/notes/:noteId`, (req) => {
      const entityId = idParam(req);
      const noteId = idParam(req, 'noteId');
      const [w] = updateNotes(ctx, entity, [singleItem(req.body)], req.actor, { entityId, noteId });
      return ok(w ? toApiNote(ctx, w.record) : {});
    });
  }
}
