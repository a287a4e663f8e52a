/**
 * Idempotent setup: the contact user fields, the pre-order pipeline (a deal category) with its
 * stages, and the event subscriptions. Everything is looked up by name before anything is created:
 * a first run is four requests, a second run two, and it creates nothing.
 */
import { err, ok } from '../../core/result.ts';
import type { Conn, CrmResult, Json, SetupItem, SetupReport } from '../contract.ts';
import { readCredentials } from './auth.ts';
import { type BxCommand, batch, batchAll } from './client.ts';
import { boundEvents, eventInstructions, eventLookups, planEvents } from './events.ts';
import { type BxSchema, schemaJson } from './schema.ts';
import { planStages } from './stages.ts';
import { createdUserFields, planUserFields, userFieldLookups, userFieldNames } from './user-fields.ts';
import { BxCategoryList, BxStatus } from './wire.ts';

const DEAL_ENTITY_TYPE = 2;

export async function setup(conn: Conn): Promise<CrmResult<{ schema: Json; report: SetupReport }>> {
  const oauth = readCredentials(conn.credentials)?.type === 'oauth';
  const names = userFieldNames(conn);
  const categoryLookup: [string, BxCommand] = [
    'categories',
    { method: 'crm.category.list', params: { entityTypeId: DEAL_ENTITY_TYPE } },
  ];
  const found = await batch(
    conn,
    new Map([...userFieldLookups(names), categoryLookup, ...eventLookups(oauth)]),
  );
  if (!found.ok) return found;
  const fields = planUserFields(found.value.results, names);
  if (!fields.ok) return fields;
  const pipeline = planPipeline(conn, found.value.results.get('categories'));
  if (!pipeline.ok) return pipeline;
  const events = planEvents(conn, found.value.results, oauth);
  if (!events.ok) return events;

  const created = await batchAll(
    conn,
    new Map([...fields.value.creates, ...pipeline.value.creates, ...events.value.creates]),
  );
  if (!created.ok) return created;
  const newFields = createdUserFields(created.value, names);
  if (!newFields.ok) return newFields;
  const bound = boundEvents(created.value);
  if (!bound.ok) return bound;
  const categoryId =
    pipeline.value.id === null ? newCategoryId(created.value.get('category')) : ok(pipeline.value.id);
  if (!categoryId.ok) return categoryId;
  const stages = await setupStages(conn, categoryId.value, pipeline.value.id === null);
  if (!stages.ok) return stages;

  const pipelineItem: SetupItem = {
    what: 'pipeline',
    name: conn.options.preorderPipeline,
    status: pipeline.value.id === null ? 'created' : 'found',
    remoteId: String(categoryId.value),
  };
  const schema: BxSchema = {
    version: 1,
    userFields: names,
    categoryId: categoryId.value,
    stages: stages.value.ids,
    events: oauth ? 'bound' : 'manual',
  };
  const items = [
    ...fields.value.items,
    ...newFields.value,
    pipelineItem,
    ...stages.value.items,
    ...events.value.items,
    ...bound.value,
  ];
  return ok({ schema: schemaJson(schema), report: { items, instructions: eventInstructions(conn, oauth) } });
}

/** The pipeline is found by name; `id: null` means it is to be created. */
function planPipeline(conn: Conn, result: CrmResult<unknown> | undefined) {
  if (!result?.ok) return err(result?.error ?? { kind: 'unavailable' as const, detail: 'no pipelines' });
  const name = conn.options.preorderPipeline;
  const listed = BxCategoryList.safeParse(result.value);
  const category = listed.success
    ? listed.data.categories.find((candidate) => candidate.name.trim() === name.trim())
    : undefined;
  if (category) return ok({ id: Number(category.id), creates: [] as [string, BxCommand][] });
  const add: BxCommand = {
    method: 'crm.category.add',
    params: { entityTypeId: DEAL_ENTITY_TYPE, fields: { name } },
  };
  return ok({ id: null, creates: [['category', add]] as [string, BxCommand][] });
}

async function setupStages(conn: Conn, categoryId: number, createdNow: boolean) {
  const entityId = categoryId === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${categoryId}`;
  const list: BxCommand = { method: 'crm.status.list', params: { filter: { ENTITY_ID: entityId } } };
  const listed = await batch(conn, new Map([['s', list]]));
  if (!listed.ok) return listed;
  const result = listed.value.results.get('s');
  if (!result?.ok) return err(result?.error ?? { kind: 'unavailable' as const, detail: 'no stages' });
  const statuses = (Array.isArray(result.value) ? result.value : []).flatMap((item) => {
    const parsed = BxStatus.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  const plan = planStages(statuses, {
    names: conn.options.preorderStages,
    prefix: categoryId === 0 ? '' : `C${categoryId}:`,
    entityId,
    createdNow,
  });
  const written = await batchAll(conn, new Map(plan.writes.map((write) => [write.key, write.command])));
  if (!written.ok) return written;
  for (const outcome of written.value.values()) if (!outcome.ok) return err(outcome.error);
  return ok({ ids: plan.ids, items: plan.items });
}

function newCategoryId(result: CrmResult<unknown> | undefined): CrmResult<number> {
  if (!result?.ok) return err(result?.error ?? { kind: 'unavailable', detail: 'no answer for the pipeline' });
  const value = result.value;
  const category = value !== null && typeof value === 'object' && 'category' in value ? value.category : null;
  const id =
    category !== null && typeof category === 'object' && 'id' in category ? Number(category.id) : Number.NaN;
  return Number.isInteger(id) ? ok(id) : err({ kind: 'rejected', detail: 'crm.category.add answered no id' });
}
