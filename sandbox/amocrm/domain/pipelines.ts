import { type ItemErrors, notFound, problem, Validation } from '../http/problem.ts';
import { systemStatuses } from '../state/seed.ts';
import type { PipelineRecord, StatusRecord } from '../state/types.ts';
import type { AccountContext } from './context.ts';
import { checkKeys, isObject, type Json, optBool, optInt, optString, requestIdOf } from './input.ts';
import { isClosed } from './leads.ts';

// Pipelines and stages (amocrm-api.md §6.5): ≤50 pipelines, ≤100 stages per pipeline counting the
// system ones; every pipeline has "unsorted", 142 and 143.

export const MAX_PIPELINES = 50;
export const MAX_STATUSES = 100;

export const STATUS_COLORS = [
  '#fffeb2',
  '#fffd7f',
  '#fff000',
  '#ffeab2',
  '#ffdc7f',
  '#ffce5a',
  '#ffdbdb',
  '#ffc8c8',
  '#ff8f92',
  '#d6eaff',
  '#c1e0ff',
  '#98cbff',
  '#ebffb1',
  '#deff81',
  '#87f2c0',
  '#f9deff',
  '#f3beff',
  '#ccc8f9',
  '#eb93ff',
  '#f2f3f4',
  '#e6e8ea',
];

const PIPELINE_KEYS = ['name', 'sort', 'is_main', 'is_unsorted_on', 'is_archive', '_embedded', 'request_id'];
const STATUS_KEYS = ['id', 'name', 'sort', 'color', 'descriptions', 'request_id'];

export interface WithRequestId<T> {
  record: T;
  requestId: string;
}

function required<T>(value: T | undefined, item: Json, key: string, errors: ItemErrors): T | undefined {
  if (!(key in item) || item[key] === null) errors.missing(key);
  return value;
}

function readStatus(raw: unknown, errors: ItemErrors, prefix: string, isNew: boolean) {
  if (!isObject(raw)) {
    errors.invalidType(prefix || '', 'object');
    return undefined;
  }
  checkKeys(raw, STATUS_KEYS, errors, prefix);
  const id = optInt(raw, 'id', errors, `${prefix}id`);
  const name = optString(raw, 'name', errors, `${prefix}name`);
  const sort = optInt(raw, 'sort', errors, `${prefix}sort`);
  const color = optString(raw, 'color', errors, `${prefix}color`);
  if (color !== undefined && !STATUS_COLORS.includes(color.toLowerCase()))
    errors.notSupportedChoice(`${prefix}color`);
  if (raw.descriptions !== undefined && !Array.isArray(raw.descriptions))
    errors.invalidType(`${prefix}descriptions`, 'array');
  if (isNew && id === undefined) {
    if (name === undefined) errors.missing(`${prefix}name`);
    if (sort === undefined) errors.missing(`${prefix}sort`);
  }
  if (!errors.ok) return undefined;
  return { id, name, sort, color: color?.toLowerCase() };
}

export function createPipelines(ctx: AccountContext, items: unknown[]): WithRequestId<PipelineRecord>[] {
  const { store } = ctx;
  if (store.pipelines.length + items.length > MAX_PIPELINES) throw problem(422, 'Pipelines limit exceeded');
  const v = new Validation();
  const drafts = items.map((raw, i) => {
    const requestId = requestIdOf(raw, i);
    const errors = v.item(requestId);
    if (!isObject(raw)) return void errors.invalidType('', 'object');
    checkKeys(raw, PIPELINE_KEYS, errors);
    const name = required(optString(raw, 'name', errors), raw, 'name', errors);
    const sort = required(optInt(raw, 'sort', errors), raw, 'sort', errors);
    const isMain = required(optBool(raw, 'is_main', errors), raw, 'is_main', errors);
    const unsortedOn = required(optBool(raw, 'is_unsorted_on', errors), raw, 'is_unsorted_on', errors);
    const embedded = isObject(raw._embedded) ? raw._embedded : {};
    const rawStatuses = Array.isArray(embedded.statuses) ? embedded.statuses : [];
    const statuses = rawStatuses.map((s, j) => readStatus(s, errors, `_embedded.statuses.${j}.`, true));
    if (rawStatuses.length + 3 > MAX_STATUSES) errors.notSupportedChoice('_embedded.statuses');
    if (!errors.ok || name === undefined) return undefined;
    return {
      requestId,
      name,
      sort: sort ?? 1,
      isMain: isMain === true,
      unsortedOn: unsortedOn === true,
      statuses,
    };
  });
  v.throwIfAny();
  return drafts.flatMap((d) => {
    if (!d) return [];
    const system = systemStatuses();
    const working: StatusRecord[] = [];
    for (const s of d.statuses) {
      if (!s) continue;
      const sys = s.id !== undefined ? system.find((x) => x.id === s.id) : undefined;
      if (sys) {
        if (s.name) sys.name = s.name;
        continue;
      }
      const color = s.color ?? STATUS_COLORS[working.length % STATUS_COLORS.length] ?? '#fffeb2';
      working.push({
        id: store.nextId('status'),
        name: s.name ?? '',
        sort: s.sort ?? 10,
        is_editable: true,
        color,
        type: 0,
      });
    }
    const unsorted: StatusRecord = {
      id: store.nextId('status'),
      name: 'Неразобранное',
      sort: 10,
      is_editable: false,
      color: '#c1c1c1',
      type: 1,
    };
    const p: PipelineRecord = {
      id: store.nextId('pipeline'),
      name: d.name,
      sort: d.sort,
      is_main: d.isMain,
      is_unsorted_on: d.unsortedOn,
      is_archive: false,
      statuses: [unsorted, ...working, ...system],
    };
    if (p.is_main) for (const other of store.pipelines) other.is_main = false;
    store.pipelines.push(p);
    return [{ record: p, requestId: d.requestId }];
  });
}

export function updatePipeline(ctx: AccountContext, id: number, body: Json): PipelineRecord {
  const p = ctx.store.pipeline(id);
  if (!p) throw notFound('Pipeline not found');
  const v = new Validation();
  const errors = v.item('0');
  checkKeys(body, ['name', 'sort', 'is_main', 'is_unsorted_on', 'is_archive', 'request_id'], errors);
  const name = optString(body, 'name', errors);
  const sort = optInt(body, 'sort', errors);
  const isMain = optBool(body, 'is_main', errors);
  const unsortedOn = optBool(body, 'is_unsorted_on', errors);
  const archive = optBool(body, 'is_archive', errors);
  v.throwIfAny();
  if (name !== undefined) p.name = name;
  if (sort !== undefined) p.sort = sort;
  if (unsortedOn !== undefined) p.is_unsorted_on = unsortedOn;
  if (archive !== undefined) p.is_archive = archive;
  if (isMain === true) for (const other of ctx.store.pipelines) other.is_main = other.id === p.id;
  return p;
}

export function deletePipeline(ctx: AccountContext, id: number): void {
  const p = ctx.store.pipeline(id);
  if (!p) throw notFound('Pipeline not found');
  if (p.is_main) throw problem(400, 'Main pipeline can not be deleted');
  if ([...ctx.store.leads.values()].some((l) => l.pipeline_id === id && !l.is_deleted)) {
    throw problem(400, 'Pipeline has leads');
  }
  ctx.store.pipelines = ctx.store.pipelines.filter((x) => x.id !== id);
}

export function createStatuses(
  ctx: AccountContext,
  pipelineId: number,
  items: unknown[],
): WithRequestId<StatusRecord>[] {
  const p = ctx.store.pipeline(pipelineId);
  if (!p) throw notFound('Pipeline not found');
  if (p.statuses.length + items.length > MAX_STATUSES) throw problem(422, 'Statuses limit exceeded');
  const v = new Validation();
  const drafts = items.map((raw, i) => {
    const requestId = requestIdOf(raw, i);
    const s = readStatus(raw, v.item(requestId), '', true);
    return s ? { s, requestId } : undefined;
  });
  v.throwIfAny();
  return drafts.flatMap((d) => {
    if (!d) return [];
    const color = d.s.color ?? '#fffeb2';
    const status: StatusRecord = {
      id: ctx.store.nextId('status'),
      name: d.s.name ?? '',
      sort: d.s.sort ?? 10,
      is_editable: true,
      color,
      type: 0,
    };
    p.statuses.push(status);
    return [{ record: status, requestId: d.requestId }];
  });
}

export function updateStatus(
  ctx: AccountContext,
  pipelineId: number,
  statusId: number,
  body: Json,
): StatusRecord {
  const p = ctx.store.pipeline(pipelineId);
  const s = p?.statuses.find((x) => x.id === statusId);
  if (!p || !s) throw notFound('Status not found');
  const v = new Validation();
  const read = readStatus(body, v.item('0'), '', false);
  v.throwIfAny();
  if (!s.is_editable && !isClosed(s.id)) throw problem(400, 'Status is not editable');
  if (read?.name !== undefined) s.name = read.name;
  if (read?.sort !== undefined && s.is_editable) s.sort = read.sort;
  if (read?.color !== undefined && s.is_editable) s.color = read.color;
  return s;
}

export function deleteStatus(ctx: AccountContext, pipelineId: number, statusId: number): void {
  const p = ctx.store.pipeline(pipelineId);
  const s = p?.statuses.find((x) => x.id === statusId);
  if (!p || !s) throw notFound('Status not found');
  if (!s.is_editable) throw problem(400, 'Status is not editable');
  p.statuses = p.statuses.filter((x) => x.id !== statusId);
}
