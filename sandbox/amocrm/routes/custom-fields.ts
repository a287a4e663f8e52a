import { requireCatalog } from '../domain/catalogs.ts';
import type { AccountContext } from '../domain/context.ts';
import { createFields, deleteField, requireField, updateFields } from '../domain/custom-fields.ts';
import { batchItems, singleItem } from '../domain/input.ts';
import { toApiField } from '../fields/registry.ts';
import { halPage, parsePaging, type Query } from '../http/hal.ts';
import { created, idParam, noContent, ok, page, type RouteRequest, type Router } from '../http/router.ts';
import type { FieldOwner, FieldRecord } from '../state/types.ts';

// /api/v4/{contacts|leads}/custom_fields and /api/v4/catalogs/{id}/custom_fields (amocrm-api.md §5).
// Lists give at most 50 fields per page.

interface Scope {
  owner: FieldOwner;
  catalogId: number | null;
  path: string;
}

function listFields(ctx: AccountContext, scope: Scope, query: Query): FieldRecord[] {
  const filter = (query.filter ?? {}) as Record<string, unknown>;
  const types = filter.type === undefined ? [] : Object.values(filter.type as object).map(String);
  const order = (query.order ?? {}) as Record<string, unknown>;
  const key = order.id !== undefined ? 'id' : 'sort';
  const sign = String(order[key] ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
  return ctx.store
    .fieldsOf(scope.owner, scope.catalogId)
    .filter((f) => types.length === 0 || types.includes(f.type))
    .sort((a, b) => sign * (a[key] - b[key] || a.id - b.id));
}

export function customFieldRoutes(r: Router, ctx: AccountContext): void {
  const scopes: Array<{ path: string; scope: (req: RouteRequest) => Scope }> = [
    {
      path: '/api/v4/contacts/custom_fields',
      scope: () => ({ owner: 'contacts', catalogId: null, path: '/api/v4/contacts/custom_fields' }),
    },
    {
      path: '/api/v4/leads/custom_fields',
      scope: () => ({ owner: 'leads', catalogId: null, path: '/api/v4/leads/custom_fields' }),
    },
    {
      path: '/api/v4/catalogs/:catalogId/custom_fields',
      scope: (req) => {
        const catalog = requireCatalog(ctx, idParam(req, 'catalogId'));
        return {
          owner: 'catalogs',
          catalogId: catalog.id,
          path: `/api/v4/catalogs/${catalog.id}/custom_fields`,
        };
      },
    },
  ];
  const show = (f: FieldRecord) => toApiField(f, ctx.baseUrl, ctx.store.account.id);
  const many = (rows: Array<{ record: FieldRecord; requestId: string }>) => ({
    _total_items: rows.length,
    _embedded: { custom_fields: rows.map((w) => ({ ...show(w.record), request_id: w.requestId })) },
  });

  for (const { path, scope } of scopes) {
    r.get(path, (req) => {
      const s = scope(req);
      const all = listFields(ctx, s, req.query).map(show);
      const paging = parsePaging(req.query, { limit: 50, max: 50 });
      return page(
        halPage({
          baseUrl: ctx.baseUrl,
          path: s.path,
          query: req.query,
          paging,
          key: 'custom_fields',
          all,
          withTotals: true,
        }),
      );
    });
    r.get(`${path}/:id`, (req) => {
      const s = scope(req);
      const f = ctx.store.fieldsOf(s.owner, s.catalogId).find((x) => x.id === idParam(req));
      return f ? ok(show(f)) : noContent();
    });
    r.post(path, (req) => {
      const s = scope(req);
      return created(many(createFields(ctx, s.owner, s.catalogId, batchItems(req.body))));
    });
    r.patch(path, (req) => {
      const s = scope(req);
      return ok(many(updateFields(ctx, s.owner, s.catalogId, batchItems(req.body))));
    });
    r.patch(`${path}/:id`, (req) => {
      const s = scope(req);
      const id = idParam(req);
      requireField(ctx, s.owner, s.catalogId, id);
      const [w] = updateFields(ctx, s.owner, s.catalogId, [singleItem(req.body)], id);
      return ok(w ? show(w.record) : {});
    });
    r.delete(`${path}/:id`, (req) => {
      const s = scope(req);
      deleteField(ctx, s.owner, s.catalogId, idParam(req));
      return noContent();
    });
  }
}
