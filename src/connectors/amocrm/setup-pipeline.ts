/**
 * Setup of the pre-order pipeline: found by name, or created with its stages in one request; stages
 * missing from an existing pipeline are added. Won/lost are amoCRM's system stages 142/143.
 */
import { err, ok } from '../../core/result.ts';
import type { Conn, CrmResult, PreorderStageNames, SetupItem } from '../contract.ts';
import { API, decode, getAll, sendOne } from './client.ts';
import type { AmoSchema } from './schema.ts';
import { AmoPipeline, AmoStatus, amoList } from './wire.ts';

const OWN_STAGES = ['new', 'to_lime', 'sent', 'accepted'] as const;
type OwnStage = (typeof OWN_STAGES)[number];

export async function setupPipeline(
  conn: Conn,
  name: string,
  stageNames: PreorderStageNames,
): Promise<CrmResult<{ value: AmoSchema['pipeline']; items: SetupItem[] }>> {
  const path = `${API}/leads/pipelines`;
  const pipelines = await getAll(conn, path, [], 'pipelines', AmoPipeline);
  if (!pipelines.ok) return pipelines;
  const items: SetupItem[] = [];
  let pipeline = pipelines.value.find((p) => p.name.trim() === name.trim());
  if (pipeline) {
    items.push({ what: 'pipeline', name, status: 'found', remoteId: String(pipeline.id) });
  } else {
    const statuses = OWN_STAGES.map((stage, i) => ({ name: stageNames[stage], sort: (i + 1) * 10 }));
    const body = [{ name, sort: 100, is_main: false, is_unsorted_on: false, _embedded: { statuses } }];
    const created = await sendOne(conn, { method: 'POST', path, json: body });
    if (!created.ok) return created;
    const list = decode(amoList('pipelines', AmoPipeline), created.value.json, path);
    if (!list.ok) return list;
    pipeline = list.value._embedded.pipelines?.[0];
    if (!pipeline) return err({ kind: 'unavailable', detail: 'amoCRM did not answer the new pipeline' });
    items.push({ what: 'pipeline', name, status: 'created', remoteId: String(pipeline.id) });
  }
  const existing = pipeline._embedded?.statuses ?? [];
  const ids: Partial<Record<OwnStage, number>> = {};
  const missing: OwnStage[] = [];
  for (const stage of OWN_STAGES) {
    const status = existing.find((s) => s.name.trim() === stageNames[stage].trim());
    if (status) ids[stage] = status.id;
    else missing.push(stage);
  }
  const createdWithPipeline = items[0]?.status === 'created';
  for (const stage of OWN_STAGES) {
    const id = ids[stage];
    if (id !== undefined) {
      const status = createdWithPipeline ? 'created' : 'found';
      items.push({ what: 'pipeline stage', name: stageNames[stage], status, remoteId: String(id) });
    }
  }
  if (missing.length > 0) {
    const added = await addStatuses(conn, pipeline.id, missing, stageNames, existing.length);
    if (!added.ok) return added;
    for (const stage of missing) {
      const status = added.value.find((s) => s.name === stageNames[stage]);
      if (!status)
        return err({ kind: 'unavailable', detail: `amoCRM did not answer the stage «${stageNames[stage]}»` });
      ids[stage] = status.id;
      items.push({
        what: 'pipeline stage',
        name: stageNames[stage],
        status: 'created',
        remoteId: String(status.id),
      });
    }
  }
  const stages = ids as Record<OwnStage, number>;
  return ok({ value: { id: pipeline.id, stages }, items });
}

async function addStatuses(
  conn: Conn,
  pipelineId: number,
  stages: readonly OwnStage[],
  names: PreorderStageNames,
  offset: number,
) {
  const path = `${API}/leads/pipelines/${pipelineId}/statuses`;
  const body = stages.map((stage, i) => ({ name: names[stage], sort: (offset + i + 1) * 10 }));
  const created = await sendOne(conn, { method: 'POST', path, json: body });
  if (!created.ok) return created;
  const list = decode(amoList('statuses', AmoStatus), created.value.json, path);
  if (!list.ok) return list;
  return ok(list.value._embedded.statuses ?? []);
}
