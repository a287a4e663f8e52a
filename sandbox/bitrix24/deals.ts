// Deals: store operations (pipelines, stages, contacts, amount) and the legacy crm.deal.* methods.

import { categoryOfStage, findStage, semanticOf, stagesOf } from './categories.ts';
import { checkParamsParam, fieldsParam, internalizeLegacy, legacyList, renderLegacy } from './entity-io.ts';
import { legacyError } from './errors.ts';
import { describeFields, entitySpecs, specMap } from './field-specs.ts';
import { isset, phpInt, phpValues, resolveEntityId } from './php.ts';
import { type ChangeOrigin, type MethodTable, method, ok, type Portal } from './portal.ts';
import { rowTotals } from './row-math.ts';
import {
  type ContactBinding,
  type DealRecord,
  nextId,
  type PortalState,
  type ProductRowRecord,
} from './state.ts';

export const CURRENCIES = ['RUB', 'USD', 'EUR', 'UAH', 'BYN', 'KZT'];
const DAY_MS = 86_400_000;

export interface DealWrite {
  values: Record<string, unknown>;
  /** Replace all contact bindings (CONTACT_IDS, or CONTACT_ID alone). */
  contactIds?: number[];
}

export function findDeal(portal: Portal, id: number): DealRecord | undefined {
  return portal.state.deals[String(id)];
}

export function dealRows(state: PortalState, dealId: number): ProductRowRecord[] {
  return Object.values(state.productRows)
    .filter((row) => row.OWNER_TYPE === 'D' && row.OWNER_ID === dealId)
    .sort((a, b) => a.SORT - b.SORT || a.ID - b.ID);
}

/** Splits CONTACT_IDS / CONTACT_ID out of the stored values into a binding replacement. */
export function dealWrite(values: Record<string, unknown>): DealWrite {
  const { CONTACT_IDS, CONTACT_ID, ...rest } = values;
  if (CONTACT_IDS !== undefined) return { values: rest, contactIds: phpValues(CONTACT_IDS).map(phpInt) };
  if (CONTACT_ID !== undefined)
    return { values: rest, contactIds: CONTACT_ID === null ? [] : [phpInt(CONTACT_ID)] };
  return { values: rest };
}

export function bindContacts(state: PortalState, ids: number[]): ContactBinding[] {
  const unique = [...new Set(ids)].filter((id) => state.contacts[String(id)] !== undefined);
  return unique.map((id, index) => ({
    CONTACT_ID: id,
    SORT: (index + 1) * 10,
    ROLE_ID: 0,
    IS_PRIMARY: index === 0 ? 'Y' : 'N',
  }));
}

function validateCurrency(values: Record<string, unknown>): void {
  const currency = values.CURRENCY_ID;
  if (currency !== undefined && currency !== null && !CURRENCIES.includes(String(currency))) {
    throw legacyError('Invalid value for the "Currency" field');
  }
}

/** Derived fields: stage group, closed flag, primary contact, amount from rows unless manual. */
function refreshDeal(portal: Portal, deal: DealRecord): void {
  const category = Number(deal.fields.CATEGORY_ID ?? 0);
  const stage = findStage(portal.state, category, String(deal.fields.STAGE_ID));
  const semantic = semanticOf(stage);
  deal.fields.STAGE_SEMANTIC_ID = semantic;
  deal.fields.CLOSED = semantic === 'P' ? 'N' : 'Y';
  deal.fields.IS_NEW = stagesOf(portal.state, category)[0]?.STATUS_ID === deal.fields.STAGE_ID ? 'Y' : 'N';
  deal.fields.CONTACT_ID = deal.contacts.find((binding) => binding.IS_PRIMARY === 'Y')?.CONTACT_ID ?? null;
  const rows = dealRows(portal.state, deal.ID);
  if (rows.length > 0) {
    const totals = rowTotals(rows);
    deal.fields.TAX_VALUE = totals.tax;
    if (deal.fields.IS_MANUAL_OPPORTUNITY !== 'Y') deal.fields.OPPORTUNITY = totals.opportunity;
  }
}

function startStage(portal: Portal, categoryId: number): string {
  return stagesOf(portal.state, categoryId)[0]?.STATUS_ID ?? 'NEW';
}

export function createDeal(portal: Portal, write: DealWrite, origin: ChangeOrigin): DealRecord {
  validateCurrency(write.values);
  const requestedStage = write.values.STAGE_ID;
  // Without CATEGORY_ID the pipeline is resolved from a prefixed stage (`C9:NEW`).
  const categoryId = isset(write.values.CATEGORY_ID)
    ? phpInt(write.values.CATEGORY_ID)
    : typeof requestedStage === 'string'
      ? (categoryOfStage(portal.state, requestedStage) ?? 0)
      : 0;
  if (!portal.state.categories[String(categoryId)]) throw legacyError('Pipeline is not found.');
  const id = nextId(portal.state, 'deal');
  const now = portal.now();
  const today = portal.codec.dates.dayOf(now);
  const stageId =
    typeof requestedStage === 'string' && findStage(portal.state, categoryId, requestedStage)
      ? requestedStage
      : startStage(portal, categoryId);
  const deal: DealRecord = {
    ID: id,
    fields: {
      CURRENCY_ID: 'RUB',
      OPPORTUNITY: 0,
      IS_MANUAL_OPPORTUNITY: 'N',
      TAX_VALUE: 0,
      OPENED: 'Y',
      BEGINDATE: today,
      CLOSEDATE: portal.codec.dates.dayOf(now + 7 * DAY_MS),
      ASSIGNED_BY_ID: origin.userId,
      ...write.values,
      TITLE: write.values.TITLE || `Deal #${id}`,
      CATEGORY_ID: categoryId,
      STAGE_ID: stageId,
      IS_RECURRING: 'N',
      IS_RETURN_CUSTOMER: 'N',
      IS_REPEATED_APPROACH: 'N',
      CREATED_BY_ID: origin.userId,
      MODIFY_BY_ID: origin.userId,
      MOVED_BY_ID: origin.userId,
      DATE_CREATE: now,
      DATE_MODIFY: now,
      MOVED_TIME: now,
      LAST_ACTIVITY_TIME: now,
      LAST_ACTIVITY_BY: origin.userId,
    },
    fm: [],
    contacts: bindContacts(portal.state, write.contactIds ?? []),
  };
  refreshDeal(portal, deal);
  portal.state.deals[String(id)] = deal;
  portal.changed();
  portal.emit('ONCRMDEALADD', { FIELDS: { ID: id } }, origin);
  return deal;
}

export interface DealUpdateOptions {
  skipIfUnchanged?: boolean;
  /** crm.item.update may move a deal to another pipeline; legacy update ignores CATEGORY_ID. */
  allowCategoryChange?: boolean;
}

export function updateDeal(
  portal: Portal,
  deal: DealRecord,
  write: DealWrite,
  origin: ChangeOrigin,
  options: DealUpdateOptions = {},
): boolean {
  validateCurrency(write.values);
  const before = JSON.stringify([deal.fields, deal.contacts]);
  const { CATEGORY_ID, STAGE_ID, ...values } = write.values;
  const next: DealRecord = { ...deal, fields: { ...deal.fields, ...values }, contacts: deal.contacts };
  let category = Number(deal.fields.CATEGORY_ID ?? 0);
  const movedCategory = options.allowCategoryChange && isset(CATEGORY_ID) && phpInt(CATEGORY_ID) !== category;
  if (movedCategory) {
    category = phpInt(CATEGORY_ID);
    if (!portal.state.categories[String(category)]) throw legacyError('Pipeline is not found.');
    next.fields.CATEGORY_ID = category;
    next.fields.STAGE_ID = startStage(portal, category);
  }
  if (typeof STAGE_ID === 'string' && findStage(portal.state, category, STAGE_ID))
    next.fields.STAGE_ID = STAGE_ID;
  if (write.contactIds) next.contacts = bindContacts(portal.state, write.contactIds);
  refreshDeal(portal, next);
  if (options.skipIfUnchanged && JSON.stringify([next.fields, next.contacts]) === before) return false;
  const now = portal.now();
  if (next.fields.STAGE_ID !== deal.fields.STAGE_ID) {
    next.fields.MOVED_TIME = now;
    next.fields.MOVED_BY_ID = origin.userId;
  }
  next.fields.DATE_MODIFY = now;
  next.fields.MODIFY_BY_ID = origin.userId;
  portal.state.deals[String(deal.ID)] = next;
  portal.changed();
  if (movedCategory) portal.emit('ONCRMDEALMOVETOCATEGORY', { FIELDS: { ID: deal.ID } }, origin);
  portal.emit('ONCRMDEALUPDATE', { FIELDS: { ID: deal.ID } }, origin);
  return true;
}

/** Re-derives the amount after the rows changed and reports the deal as updated. */
export function touchDealAfterRows(portal: Portal, deal: DealRecord, origin: ChangeOrigin): void {
  refreshDeal(portal, deal);
  deal.fields.DATE_MODIFY = portal.now();
  deal.fields.MODIFY_BY_ID = origin.userId;
  portal.changed();
  portal.emit('ONCRMDEALUPDATE', { FIELDS: { ID: deal.ID } }, origin);
}

export function deleteDeal(portal: Portal, id: number, origin: ChangeOrigin): void {
  delete portal.state.deals[String(id)];
  for (const row of dealRows(portal.state, id)) delete portal.state.productRows[String(row.ID)];
  portal.changed();
  portal.emit('ONCRMDEALDELETE', { FIELDS: { ID: id } }, origin);
}

export function legacyDealWrite(
  portal: Portal,
  input: Record<string, unknown>,
  mode: 'add' | 'update',
): DealWrite {
  const parsed = internalizeLegacy(specMap(entitySpecs(portal.state, 'deal')), input, mode, portal.codec);
  return dealWrite(parsed.values);
}

function requireId(id: number): number {
  if (id <= 0) throw legacyError('ID is not defined or invalid.');
  return id;
}

export const dealMethods: MethodTable = {
  'crm.deal.fields': method(({ portal }) => ok(describeFields(entitySpecs(portal.state, 'deal')))),
  'crm.deal.add': method(({ portal, params, origin }) => {
    checkParamsParam(params);
    return ok(createDeal(portal, legacyDealWrite(portal, fieldsParam(params), 'add'), origin).ID);
  }),
  'crm.deal.get': method(({ portal, params }) => {
    const deal = findDeal(portal, requireId(resolveEntityId(params)));
    if (!deal) throw legacyError('Not found');
    return ok(renderLegacy(deal, entitySpecs(portal.state, 'deal'), portal.codec, 'get'));
  }),
  'crm.deal.list': method(({ portal, params }) => {
    const page = legacyList(
      Object.values(portal.state.deals),
      entitySpecs(portal.state, 'deal'),
      params,
      portal.codec,
    );
    return ok(page.items, page);
  }),
  'crm.deal.update': method(({ portal, params, origin }) => {
    const id = requireId(resolveEntityId(params));
    const fields = fieldsParam(params);
    checkParamsParam(params);
    const deal = findDeal(portal, id);
    if (!deal) throw legacyError('Not found');
    updateDeal(portal, deal, legacyDealWrite(portal, fields, 'update'), origin);
    return ok(true);
  }),
  'crm.deal.delete': method(({ portal, params, origin }) => {
    const id = requireId(resolveEntityId(params));
    if (!findDeal(portal, id)) throw legacyError('Not found');
    deleteDeal(portal, id, origin);
    return ok(true);
  }),
};
