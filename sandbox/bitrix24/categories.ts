// Deal pipelines (crm.category.*, entityTypeId 2) and reference lists / stages (crm.status.*).

import { engineError, legacyError } from './errors.ts';
import { isDesc, sortRecords } from './listing.ts';
import { isRecord, isset, phpEntries, phpInt, phpString, resolveArrayParam, resolveEntityId } from './php.ts';
import { type MethodTable, method, ok, type Portal } from './portal.ts';
import { addStatus, seedPipelineStages } from './seed.ts';
import { type CategoryRecord, nextId, type PortalState, type StatusRecord } from './state.ts';

export const stageEntityId = (categoryId: number): string =>
  categoryId === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${categoryId}`;

export function stagesOf(state: PortalState, categoryId: number): StatusRecord[] {
  const entityId = stageEntityId(categoryId);
  return sortRecords(
    Object.values(state.statuses).filter((status) => status.ENTITY_ID === entityId),
    [{ get: (status) => status.SORT, desc: false }],
  );
}

export function findStage(state: PortalState, categoryId: number, stageId: string): StatusRecord | undefined {
  return stagesOf(state, categoryId).find((status) => status.STATUS_ID === stageId);
}

/** The category a stage id belongs to (`C9:WON` → 9), or null for an unknown stage. */
export function categoryOfStage(state: PortalState, stageId: string): number | null {
  const status = Object.values(state.statuses).find(
    (item) => item.STATUS_ID === stageId && item.ENTITY_ID.startsWith('DEAL_STAGE'),
  );
  if (!status) return null;
  return status.ENTITY_ID === 'DEAL_STAGE' ? 0 : Number(status.ENTITY_ID.slice('DEAL_STAGE_'.length));
}

/** `P` process, `S` success, `F` failure. */
export const semanticOf = (status: StatusRecord | undefined): 'P' | 'S' | 'F' => status?.SEMANTICS ?? 'P';

function categoryOut(category: CategoryRecord): Record<string, unknown> {
  return { ...category };
}

function requireDealType(params: Record<string, unknown>): void {
  if (!isset(params.entityTypeId))
    throw engineError('100', 'Could not find value for parameter {entityTypeId}');
  if (phpInt(params.entityTypeId) !== 2) throw engineError('NOT_FOUND', 'Smart process not found');
}

function statusOut(status: StatusRecord): Record<string, unknown> {
  const extraSemantics =
    status.SEMANTICS === 'S' ? 'success' : status.SEMANTICS === 'F' ? 'failure' : 'process';
  const isStage = status.ENTITY_ID.startsWith('DEAL_STAGE');
  return {
    ID: String(status.ID),
    ENTITY_ID: status.ENTITY_ID,
    STATUS_ID: status.STATUS_ID,
    NAME: status.NAME,
    NAME_INIT: status.NAME_INIT,
    SORT: String(status.SORT),
    SYSTEM: status.SYSTEM,
    CATEGORY_ID: status.CATEGORY_ID === null ? null : String(status.CATEGORY_ID),
    COLOR: status.COLOR,
    SEMANTICS: status.SEMANTICS,
    ...(isStage ? { EXTRA: { SEMANTICS: extraSemantics, COLOR: status.COLOR } } : {}),
  };
}

const SEMANTICS_INPUT: Record<string, 'S' | 'F'> = { S: 'S', F: 'F' };

function statusFields(params: Record<string, unknown>): Record<string, unknown> {
  const raw = resolveArrayParam(params, 'fields');
  if (isset(raw) && !isRecord(raw)) throw legacyError("Parameter 'fields' must be array.");
  return isRecord(raw) ? raw : {};
}

function knownEntity(state: PortalState, entityId: string): boolean {
  if (/^DEAL_STAGE(_\d+)?$/.test(entityId)) {
    const category = entityId === 'DEAL_STAGE' ? 0 : Number(entityId.slice(11));
    return state.categories[String(category)] !== undefined;
  }
  return Object.values(state.statuses).some((status) => status.ENTITY_ID === entityId);
}

function addCategory(portal: Portal, fields: Record<string, unknown>): CategoryRecord {
  const id = nextId(portal.state, 'category');
  const category: CategoryRecord = {
    id,
    name: phpString(fields.name) || `Pipeline ${id}`,
    sort: isset(fields.sort) ? phpInt(fields.sort) : 500,
    entityTypeId: 2,
    isDefault: 'N',
    originId: phpString(fields.originId),
    originatorId: phpString(fields.originatorId),
  };
  portal.state.categories[String(id)] = category;
  seedPipelineStages(portal.state, id);
  portal.changed();
  return category;
}

export const categoryMethods: MethodTable = {
  'crm.category.list': method(({ portal, params }) => {
    requireDealType(params);
    const list = sortRecords(Object.values(portal.state.categories), [
      { get: (category) => category.sort, desc: false },
      { get: (category) => category.id, desc: false },
    ]);
    return ok({ categories: list.map(categoryOut) }, { total: list.length });
  }),
  'crm.category.get': method(({ portal, params }) => {
    requireDealType(params);
    const category = portal.state.categories[String(phpInt(params.id))];
    if (!category) throw engineError('NOT_FOUND', 'Category not found');
    return ok({ category: categoryOut(category) });
  }),
  'crm.category.add': method(({ portal, params }) => {
    requireDealType(params);
    const fields = isRecord(params.fields) ? params.fields : {};
    if (!phpString(fields.name)) throw engineError('100', 'Could not find value for parameter {name}');
    return ok({ category: categoryOut(addCategory(portal, fields)) });
  }),
  'crm.status.list': method(({ portal, params }) => {
    const filter = resolveArrayParam(params, 'filter');
    const order = resolveArrayParam(params, 'order');
    const terms = phpEntries(filter).map(([key, value]) => [
      key.replace(/^=/, '').toUpperCase(),
      phpString(value),
    ]);
    const matched = Object.values(portal.state.statuses).filter((status) =>
      terms.every(
        ([key, value]) => phpString((status as unknown as Record<string, unknown>)[key as string]) === value,
      ),
    );
    const orderEntries = phpEntries(order);
    const keys = (orderEntries.length > 0 ? orderEntries : [['SORT', 'ASC']]).map(([key, direction]) => ({
      get: (status: StatusRecord) =>
        (status as unknown as Record<string, string | number | null>)[String(key).toUpperCase()] ?? null,
      desc: isDesc(direction),
    }));
    const list = sortRecords(matched, [...keys, { get: (status) => status.ID, desc: false }]);
    return ok(list.map(statusOut), { total: list.length });
  }),
  'crm.status.get': method(({ portal, params }) => {
    const id = resolveEntityId(params);
    if (id <= 0) throw legacyError('ID is not defined or invalid.');
    const status = portal.state.statuses[String(id)];
    if (!status) throw legacyError('CRM Status is not found.');
    return ok(statusOut(status));
  }),
  'crm.status.add': method(({ portal, params }) => {
    const fields = statusFields(params);
    const entityId = phpString(fields.ENTITY_ID);
    const rawStatus = phpString(fields.STATUS_ID);
    const missing = [
      entityId ? '' : 'The field ENTITY_ID is required.',
      rawStatus ? '' : 'The field STATUS_ID is required.',
    ];
    if (!entityId || !rawStatus) throw legacyError(missing.filter(Boolean).join('\n'));
    if (!knownEntity(portal.state, entityId)) throw legacyError('Specified entity type is not supported.');
    const category = /^DEAL_STAGE_(\d+)$/.exec(entityId)?.[1];
    const prefix = category ? `C${category}:` : '';
    const statusId = prefix && !rawStatus.startsWith(prefix) ? `${prefix}${rawStatus}` : rawStatus;
    if (
      Object.values(portal.state.statuses).some((s) => s.ENTITY_ID === entityId && s.STATUS_ID === statusId)
    ) {
      throw legacyError(`Status with STATUS_ID "${statusId}" already exists.`);
    }
    const status = addStatus(
      portal.state,
      entityId,
      statusId,
      phpString(fields.NAME),
      isset(fields.SORT) ? phpInt(fields.SORT) : 10,
      {
        COLOR: phpString(fields.COLOR),
        SEMANTICS: SEMANTICS_INPUT[phpString(fields.SEMANTICS).toUpperCase()] ?? null,
        CATEGORY_ID: category ? Number(category) : null,
      },
    );
    portal.changed();
    return ok(status.ID);
  }),
  'crm.status.update': method(({ portal, params }) => {
    const id = resolveEntityId(params);
    if (id <= 0) throw legacyError('ID is not defined or invalid.');
    const status = portal.state.statuses[String(id)];
    if (!status) throw legacyError('CRM Status is not found.');
    const fields = statusFields(params);
    if (isset(fields.NAME)) status.NAME = phpString(fields.NAME);
    if (isset(fields.SORT)) status.SORT = phpInt(fields.SORT);
    if (isset(fields.COLOR)) status.COLOR = phpString(fields.COLOR);
    if (isset(fields.SEMANTICS))
      status.SEMANTICS = SEMANTICS_INPUT[phpString(fields.SEMANTICS).toUpperCase()] ?? null;
    portal.changed();
    return ok(true);
  }),
  'crm.status.delete': method(({ portal, params }) => {
    const id = resolveEntityId(params);
    if (id <= 0) throw legacyError('ID is not defined or invalid.');
    const status = portal.state.statuses[String(id)];
    if (!status) throw legacyError('CRM Status is not found.');
    const forced = isRecord(params.params) && phpString(params.params.FORCED).toUpperCase() === 'Y';
    if (status.SYSTEM === 'Y' && !forced) throw legacyError("Can't delete system status");
    delete portal.state.statuses[String(id)];
    portal.changed();
    return ok(true);
  }),
};
