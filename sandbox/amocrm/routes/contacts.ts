import { createContacts, updateContacts } from '../domain/contacts.ts';
import type { AccountContext } from '../domain/context.ts';
import { batchItems, singleItem } from '../domain/input.ts';
import { listContacts } from '../domain/list-query.ts';
import { toApiContact } from '../domain/present.ts';
import { toApiTags } from '../domain/tags.ts';
import { halPage, parsePaging, selfLinks, withSet } from '../http/hal.ts';
import { idParam, noContent, ok, page, type Router } from '../http/router.ts';

// /api/v4/contacts (amocrm-api.md §4). There is no DELETE: the path answers 405.

export function contactRoutes(r: Router, ctx: AccountContext): void {
  const path = '/api/v4/contacts';

  r.get(path, (req) => {
    const withs = withSet(req.query);
    const all = listContacts(ctx, req.query);
    const paging = parsePaging(req.query, { limit: 50, max: 250 });
    const present = (c: (typeof all)[number]) => toApiContact(ctx, c, withs);
    return page(
      halPage({ baseUrl: ctx.baseUrl, path, query: req.query, paging, key: 'contacts', all, present }),
    );
  });

  r.get(`${path}/tags`, (req) => {
    const tags = toApiTags(
      ctx.store,
      ctx.store.tags.filter((t) => t.entity === 'contacts').map((t) => t.id),
    );
    const paging = parsePaging(req.query, { limit: 50, max: 250 });
    return page(
      halPage({
        baseUrl: ctx.baseUrl,
        path: `${path}/tags`,
        query: req.query,
        paging,
        key: 'tags',
        all: tags,
      }),
    );
  });

  r.get(`${path}/:id`, (req) => {
    const c = ctx.store.contacts.get(idParam(req));
    if (!c || c.is_deleted) return noContent();
    return ok(toApiContact(ctx, c, withSet(req.query)));
  });

  r.post(path, (req) => {
    const written = createContacts(ctx, batchItems(req.body), req.actor);
    return ok({
      _links: selfLinks(ctx.link(path)),
      _embedded: {
        contacts: written.map((w) => ({
          id: w.record.id,
          request_id: w.requestId,
          _links: selfLinks(ctx.link(`${path}/${w.record.id}`)),
        })),
      },
    });
  });

  r.patch(path, (req) => {
    const written = updateContacts(ctx, batchItems(req.body), req.actor);
    return ok({
      _links: selfLinks(ctx.link(path)),
      _embedded: {
        contacts: written.map((w) => ({
          id: w.record.id,
          name: w.record.name,
          updated_at: w.record.updated_at,
          request_id: w.requestId,
          _links: selfLinks(ctx.link(`${path}/${w.record.id}`)),
        })),
      },
    });
  });

  r.patch(`${path}/:id`, (req) => {
    const id = idParam(req);
    const [w] = updateContacts(ctx, [singleItem(req.body)], req.actor, id);
    return ok({
      id,
      name: w?.record.name,
      updated_at: w?.record.updated_at,
      _links: selfLinks(ctx.link(`${path}/${id}`)),
    });
  });
}
