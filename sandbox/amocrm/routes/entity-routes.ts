import type { Written } from '../domain/contacts.ts';
import type { AccountContext, Actor } from '../domain/context.ts';
import { batchItems, singleItem } from '../domain/input.ts';
import { toApiTags } from '../domain/tags.ts';
import { halPage, parsePaging, type Query, selfLinks, withSet } from '../http/hal.ts';
import { idParam, noContent, ok, page, type Router } from '../http/router.ts';

type Entity = { id: number; name: string; updated_at: number; is_deleted: boolean };

/** What differs between `/api/v4/contacts` and `/api/v4/leads`; the routes themselves are the same. */
export type EntityKind<T extends Entity> = {
  readonly key: 'contacts' | 'leads';
  readonly find: (ctx: AccountContext, id: number) => T | undefined;
  readonly list: (ctx: AccountContext, query: Query) => T[];
  readonly present: (ctx: AccountContext, record: T, withs: Set<string>) => Record<string, unknown>;
  readonly create: (ctx: AccountContext, items: unknown[], actor: Actor) => Written<T>[];
  readonly update: (ctx: AccountContext, items: unknown[], actor: Actor, pathId?: number) => Written<T>[];
  /** amoCRM answers an update of contacts with their names, of leads without. */
  readonly updateAnswersName: boolean;
};

// List, tags, one by id, batch create, batch update, update by id. There is no DELETE: the path answers 405.
export function entityRoutes<T extends Entity>(r: Router, ctx: AccountContext, kind: EntityKind<T>): void {
  const path = `/api/v4/${kind.key}`;
  const named = (record: T) => (kind.updateAnswersName ? { name: record.name } : {});

  r.get(path, (req) => {
    const withs = withSet(req.query);
    const all = kind.list(ctx, req.query);
    const paging = parsePaging(req.query, { limit: 50, max: 250 });
    const present = (record: T) => kind.present(ctx, record, withs);
    return page(
      halPage({ baseUrl: ctx.baseUrl, path, query: req.query, paging, key: kind.key, all, present }),
    );
  });

  r.get(`${path}/tags`, (req) => {
    const ids = ctx.store.tags.filter((t) => t.entity === kind.key).map((t) => t.id);
    const paging = parsePaging(req.query, { limit: 50, max: 250 });
    const all = toApiTags(ctx.store, ids);
    return page(
      halPage({ baseUrl: ctx.baseUrl, path: `${path}/tags`, query: req.query, paging, key: 'tags', all }),
    );
  });

  r.get(`${path}/:id`, (req) => {
    const record = kind.find(ctx, idParam(req));
    if (!record || record.is_deleted) return noContent();
    return ok(kind.present(ctx, record, withSet(req.query)));
  });

  r.post(path, (req) => {
    const written = kind.create(ctx, batchItems(req.body), req.actor);
    return ok({
      _links: selfLinks(ctx.link(path)),
      _embedded: {
        [kind.key]: written.map((w) => ({
          id: w.record.id,
          request_id: w.requestId,
          _links: selfLinks(ctx.link(`${path}/${w.record.id}`)),
        })),
      },
    });
  });

  r.patch(path, (req) => {
    const written = kind.update(ctx, batchItems(req.body), req.actor);
    return ok({
      _links: selfLinks(ctx.link(path)),
      _embedded: {
        [kind.key]: written.map((w) => ({
          id: w.record.id,
          ...named(w.record),
          updated_at: w.record.updated_at,
          request_id: w.requestId,
          _links: selfLinks(ctx.link(`${path}/${w.record.id}`)),
        })),
      },
    });
  });

  r.patch(`${path}/:id`, (req) => {
    const id = idParam(req);
    const [w] = kind.update(ctx, [singleItem(req.body)], req.actor, id);
    return ok({
      id,
      ...(w ? named(w.record) : {}),
      updated_at: w?.record.updated_at,
      _links: selfLinks(ctx.link(`${path}/${id}`)),
    });
  });
}
