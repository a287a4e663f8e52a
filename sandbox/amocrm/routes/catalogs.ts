import { createCatalogs, requireCatalog, updateCatalogs, writeElements } from '../domain/catalogs.ts';
import type { AccountContext } from '../domain/context.ts';
import { batchItems, isObject, singleItem } from '../domain/input.ts';
import { toApiCatalog, toApiElement } from '../domain/present.ts';
import { cfSearchTexts } from '../fields/present.ts';
import { halPage, parsePaging, type Query, selfLinks } from '../http/hal.ts';
import { Validation } from '../http/problem.ts';
import { idParam, noContent, ok, page, type Router } from '../http/router.ts';
import type { ElementRecord } from '../state/types.ts';

// /api/v4/catalogs, their elements and the products feature switch (amocrm-api.md §7).

function listElements(ctx: AccountContext, catalogId: number, query: Query): ElementRecord[] {
  const filter = isObject(query.filter) ? query.filter : {};
  const rawIds = filter.id;
  const ids =
    rawIds === undefined
      ? []
      : (Array.isArray(rawIds) ? rawIds : isObject(rawIds) ? Object.values(rawIds) : [rawIds]).map(Number);
  const needle = query.query === undefined ? '' : String(query.query).toLowerCase();
  return [...ctx.store.elements.values()].filter(
    (e) =>
      e.catalog_id === catalogId &&
      !e.is_deleted &&
      (ids.length === 0 || ids.includes(e.id)) &&
      (!needle ||
        [e.name, ...cfSearchTexts(e.custom_fields_values)].some((t) => t.toLowerCase().includes(needle))),
  );
}

export function catalogRoutes(r: Router, ctx: AccountContext): void {
  const path = '/api/v4/catalogs';
  const catalogsBody = (rows: Array<{ record: Parameters<typeof toApiCatalog>[1]; requestId: string }>) => ({
    _links: selfLinks(ctx.link(path)),
    _embedded: { catalogs: rows.map((w) => ({ ...toApiCatalog(ctx, w.record), request_id: w.requestId })) },
  });
  const elementsBody = (catalogId: number, rows: Array<{ record: ElementRecord; requestId: string }>) => ({
    _links: selfLinks(ctx.link(`${path}/${catalogId}/elements`)),
    _embedded: { elements: rows.map((w) => ({ ...toApiElement(ctx, w.record), request_id: w.requestId })) },
  });

  r.get(path, (req) => {
    const all = ctx.store.catalogs.map((c) => toApiCatalog(ctx, c));
    const paging = parsePaging(req.query, { limit: 50, max: 250 });
    return page(halPage({ baseUrl: ctx.baseUrl, path, query: req.query, paging, key: 'catalogs', all }));
  });

  r.get(`${path}/products/settings`, () => ok({ is_enabled: ctx.store.productsEnabled }));

  r.patch(`${path}/products/settings`, (req) => {
    const body = singleItem(req.body);
    const v = new Validation();
    if (typeof body.is_enabled !== 'boolean') v.item('0').invalidType('is_enabled', 'bool');
    v.throwIfAny();
    ctx.store.productsEnabled = body.is_enabled === true;
    return ok({ is_enabled: ctx.store.productsEnabled });
  });

  r.get(`${path}/:id`, (req) => {
    const c = ctx.store.catalog(idParam(req));
    return c ? ok(toApiCatalog(ctx, c)) : noContent();
  });

  r.post(path, (req) => ok(catalogsBody(createCatalogs(ctx, batchItems(req.body), req.actor))));
  r.patch(path, (req) => ok(catalogsBody(updateCatalogs(ctx, batchItems(req.body), req.actor))));
  r.patch(`${path}/:id`, (req) => {
    const id = idParam(req);
    requireCatalog(ctx, id);
    const [w] = updateCatalogs(ctx, [singleItem(req.body)], req.actor, id);
    return ok(w ? toApiCatalog(ctx, w.record) : {});
  });

  const elements = `${path}/:catalogId/elements`;
  r.get(elements, (req) => {
    const catalog = requireCatalog(ctx, idParam(req, 'catalogId'));
    const all = listElements(ctx, catalog.id, req.query);
    const present = (e: ElementRecord) => toApiElement(ctx, e);
    const paging = parsePaging(req.query, { limit: 50, max: 250 });
    const base = `${path}/${catalog.id}/elements`;
    return page(
      halPage({ baseUrl: ctx.baseUrl, path: base, query: req.query, paging, key: 'elements', all, present }),
    );
  });

  r.get(`${elements}/:id`, (req) => {
    const catalog = requireCatalog(ctx, idParam(req, 'catalogId'));
    const e = ctx.store.elements.get(idParam(req));
    return e && e.catalog_id === catalog.id && !e.is_deleted ? ok(toApiElement(ctx, e)) : noContent();
  });

  r.post(elements, (req) => {
    const catalog = requireCatalog(ctx, idParam(req, 'catalogId'));
    return ok(
      elementsBody(
        catalog.id,
        writeElements(ctx, catalog, batchItems(req.body), req.actor, { create: true }),
      ),
    );
  });

  r.patch(elements, (req) => {
    const catalog = requireCatalog(ctx, idParam(req, 'catalogId'));
    return ok(
      elementsBody(
        catalog.id,
        writeElements(ctx, catalog, batchItems(req.body), req.actor, { create: false }),
      ),
    );
  });

  r.patch(`${elements}/:id`, (req) => {
    const catalog = requireCatalog(ctx, idParam(req, 'catalogId'));
    const id = idParam(req);
    const [w] = writeElements(ctx, catalog, [singleItem(req.body)], req.actor, { create: false, pathId: id });
    return ok(w ? toApiElement(ctx, w.record) : {});
  });
}
