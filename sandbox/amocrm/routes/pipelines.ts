import type { AccountContext } from '../domain/context.ts';
import { batchItems, singleItem } from '../domain/input.ts';
import {
  createPipelines,
  createStatuses,
  deletePipeline,
  deleteStatus,
  updatePipeline,
  updateStatus,
} from '../domain/pipelines.ts';
import { toApiPipeline, toApiStatus } from '../domain/present.ts';
import { selfLinks } from '../http/hal.ts';
import { notFound } from '../http/problem.ts';
import { idParam, noContent, ok, type Router } from '../http/router.ts';

// /api/v4/leads/pipelines and their statuses (amocrm-api.md §6.5).

export function pipelineRoutes(r: Router, ctx: AccountContext): void {
  const path = '/api/v4/leads/pipelines';
  const pipelineOf = (id: number) => {
    const p = ctx.store.pipeline(id);
    if (!p) throw notFound('Pipeline not found');
    return p;
  };

  r.get(path, () => {
    const all = [...ctx.store.pipelines].sort((a, b) => a.sort - b.sort || a.id - b.id);
    return ok({
      _total_items: all.length,
      _links: selfLinks(ctx.link(path)),
      _embedded: { pipelines: all.map((p) => toApiPipeline(ctx, p)) },
    });
  });

  r.get(`${path}/:id`, (req) => {
    const p = ctx.store.pipeline(idParam(req));
    return p ? ok(toApiPipeline(ctx, p)) : noContent();
  });

  r.post(path, (req) => {
    const created = createPipelines(ctx, batchItems(req.body));
    return ok({
      _total_items: created.length,
      _links: selfLinks(ctx.link(path)),
      _embedded: {
        pipelines: created.map((w) => ({ ...toApiPipeline(ctx, w.record), request_id: w.requestId })),
      },
    });
  });

  r.patch(`${path}/:id`, (req) =>
    ok(toApiPipeline(ctx, updatePipeline(ctx, idParam(req), singleItem(req.body)))),
  );

  r.delete(`${path}/:id`, (req) => {
    deletePipeline(ctx, idParam(req));
    return noContent();
  });

  r.get(`${path}/:id/statuses`, (req) => {
    const p = pipelineOf(idParam(req));
    const statuses = [...p.statuses].sort((a, b) => a.sort - b.sort).map((s) => toApiStatus(ctx, p, s));
    return ok({
      _total_items: statuses.length,
      _links: selfLinks(ctx.link(`${path}/${p.id}/statuses`)),
      _embedded: { statuses },
    });
  });

  r.get(`${path}/:id/statuses/:statusId`, (req) => {
    const p = pipelineOf(idParam(req));
    const s = p.statuses.find((x) => x.id === idParam(req, 'statusId'));
    return s ? ok(toApiStatus(ctx, p, s)) : noContent();
  });

  r.post(`${path}/:id/statuses`, (req) => {
    const p = pipelineOf(idParam(req));
    const created = createStatuses(ctx, p.id, batchItems(req.body));
    return ok({
      _total_items: created.length,
      _embedded: {
        statuses: created.map((w) => ({ ...toApiStatus(ctx, p, w.record), request_id: w.requestId })),
      },
    });
  });

  r.patch(`${path}/:id/statuses/:statusId`, (req) => {
    const p = pipelineOf(idParam(req));
    return ok(toApiStatus(ctx, p, updateStatus(ctx, p.id, idParam(req, 'statusId'), singleItem(req.body))));
  });

  r.delete(`${path}/:id/statuses/:statusId`, (req) => {
    deleteStatus(ctx, idParam(req), idParam(req, 'statusId'));
    return noContent();
  });
}
