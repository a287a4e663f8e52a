import type { AccountContext } from '../domain/context.ts';
import { batchItems, isObject } from '../domain/input.ts';
import {
  applyLink,
  applyUnlink,
  type LinkRequest,
  linksOf,
  productsChanged,
  readLinkItem,
  toApiLink,
} from '../domain/links.ts';
import { selfLinks } from '../http/hal.ts';
import { Validation } from '../http/problem.ts';
import { idParam, noContent, ok, type RouteRequest, type Router } from '../http/router.ts';
import type { EntityKind, LinkRecord } from '../state/types.ts';

// Entity links (amocrm-api.md §6.7, §7.4): per entity `/{id}/link|unlink|links`, and the mass
// forms `/link`, `/unlink`, `/links?filter[entity_id][]=…`.

const asList = (v: unknown): string[] =>
  v === undefined
    ? []
    : Array.isArray(v)
      ? v.map(String)
      : isObject(v)
        ? Object.values(v).map(String)
        : [String(v)];

function filtered(
  links: LinkRecord[],
  entity: EntityKind,
  query: RouteRequest['query'],
): Record<string, unknown>[] {
  const filter = isObject(query.filter) ? query.filter : {};
  const toIds = asList(filter.to_entity_id);
  const toTypes = asList(filter.to_entity_type);
  const catalogs = asList(filter.to_catalog_id);
  return links
    .map((l) => toApiLink(l, entity))
    .filter(
      (l) =>
        (toIds.length === 0 || toIds.includes(String(l.to_entity_id))) &&
        (toTypes.length === 0 || toTypes.includes(String(l.to_entity_type))) &&
        (catalogs.length === 0 ||
          catalogs.includes(String((l.metadata as { catalog_id?: number }).catalog_id))),
    );
}

export function linkRoutes(r: Router, ctx: AccountContext): void {
  for (const entity of ['leads', 'contacts'] as const) {
    const base = `/api/v4/${entity}`;
    const read = (req: RouteRequest, pathId: number | undefined): LinkRequest[] => {
      const v = new Validation();
      const items = batchItems(req.body).map((raw, i) =>
        readLinkItem(ctx, entity, pathId, raw, v.item(String(i))),
      );
      v.throwIfAny();
      return items.flatMap((x) => (x ? [x] : []));
    };
    const leadsWithProducts = (reqs: LinkRequest[], changed: boolean[]) =>
      reqs
        .filter((x, i) => changed[i] && x.entityType === 'leads' && x.toType === 'catalog_elements')
        .map((x) => x.entityId);
    const linked = (reqs: LinkRequest[], req: RouteRequest) => {
      const results = reqs.map((x) => applyLink(ctx, x, req.actor));
      productsChanged(
        ctx,
        leadsWithProducts(
          reqs,
          results.map((x) => x.changed),
        ),
        req.actor,
      );
      const links = results.map((x) => toApiLink(x.record, entity));
      return ok({
        _total_items: links.length,
        _links: selfLinks(ctx.link(`${base}/link`)),
        _embedded: { links },
      });
    };
    const listBody = (links: Record<string, unknown>[], path: string) =>
      links.length === 0
        ? noContent()
        : ok({ _total_items: links.length, _links: selfLinks(ctx.link(path)), _embedded: { links } });

    r.post(`${base}/:id/link`, (req) => linked(read(req, idParam(req)), req));
    r.post(`${base}/link`, (req) => linked(read(req, undefined), req));

    const unlink = (reqs: LinkRequest[], req: RouteRequest) => {
      const changed = reqs.map((x) => applyUnlink(ctx, x, req.actor));
      productsChanged(ctx, leadsWithProducts(reqs, changed), req.actor);
      return noContent();
    };
    r.post(`${base}/:id/unlink`, (req) => unlink(read(req, idParam(req)), req));
    r.post(`${base}/unlink`, (req) => unlink(read(req, undefined), req));

    r.get(`${base}/:id/links`, (req) => {
      const id = idParam(req);
      return listBody(filtered(linksOf(ctx, entity, id), entity, req.query), `${base}/${id}/links`);
    });

    r.get(`${base}/links`, (req) => {
      const filter = isObject(req.query.filter) ? req.query.filter : {};
      const ids = asList(filter.entity_id).map(Number);
      const all = ids.flatMap((id) => linksOf(ctx, entity, id));
      return listBody(filtered(all, entity, req.query), `${base}/links`);
    });
  }
}
