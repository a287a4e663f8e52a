import type { AccountContext } from '../domain/context.ts';
import { batchItems, singleItem } from '../domain/input.ts';
import { createLeads, updateLeads } from '../domain/leads.ts';
import { listLeads } from '../domain/list-query.ts';
import { toApiLead } from '../domain/present.ts';
import { toApiTags } from '../domain/tags.ts';
import { halPage, parsePaging, selfLinks, withSet } from '../http/hal.ts';
import { idParam, noContent, ok, page, type Router } from '../http/router.ts';

// /api/v4/leads (amocrm-api.md §6.1–6.4). No DELETE in v4 either.

export function leadRoutes(r: Router, ctx: AccountContext): void {
  const path = '/api/v4/leads';

  r.get(path, (req) => {
    const withs = withSet(req.query);
    const all = listLeads(ctx, req.query);
    const paging = parsePaging(req.query, { limit: 50, max: 250 });
    const present = (l: (typeof all)[number]) => toApiLead(ctx, l, withs);
    return page(
      halPage({ baseUrl: ctx.baseUrl, path, query: req.query, paging, key: 'leads', all, present }),
    );
  });

  r.get(`${path}/tags`, (req) => {
    const tags = toApiTags(
      ctx.store,
      ctx.store.tags.filter((t) => t.entity === 'leads').map((t) => t.id),
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
    const l = ctx.store.leads.get(idParam(req));
    if (!l || l.is_deleted) return noContent();
    return ok(toApiLead(ctx, l, withSet(req.query)));
  });

  r.post(path, (req) => {
    const written = createLeads(ctx, batchItems(req.body), req.actor);
    return ok({
      _links: selfLinks(ctx.link(path)),
      _embedded: {
        leads: written.map((w) => ({
          id: w.record.id,
          request_id: w.requestId,
          _links: selfLinks(ctx.link(`${path}/${w.record.id}`)),
        })),
      },
    });
  });

  r.patch(path, (req) => {
    const written = updateLeads(ctx, batchItems(req.body), req.actor);
    return ok({
      _links: selfLinks(ctx.link(path)),
      _embedded: {
        leads: written.map((w) => ({
          id: w.record.id,
          updated_at: w.record.updated_at,
          request_id: w.requestId,
          _links: selfLinks(ctx.link(`${path}/${w.record.id}`)),
        })),
      },
    });
  });

  r.patch(`${path}/:id`, (req) => {
    const id = idParam(req);
    const [w] = updateLeads(ctx, [singleItem(req.body)], req.actor, id);
    return ok({ id, updated_at: w?.record.updated_at, _links: selfLinks(ctx.link(`${path}/${id}`)) });
  });
}
