// Deal product rows: crm.deal.productrows.get/set (legacy, replace-all) and crm.item.productrow.*.

import { dealRows, findDeal, touchDealAfterRows } from './deals.ts';
import { engineError, legacyError, requiredParam } from './errors.ts';
import {
  isPhpArray,
  isRecord,
  isset,
  phpEntries,
  phpInt,
  phpString,
  phpValues,
  resolveArrayParam,
  resolveEntityId,
} from './php.ts';
import { type ChangeOrigin, type MethodTable, method, ok, type Portal } from './portal.ts';
import { buildRow, fromItemRow, itemRow, legacyRow, type RowInput } from './row-math.ts';
import { type DealRecord, nextId, type ProductRowRecord } from './state.ts';

const ROW_FIELDS = new Set([
  'PRODUCT_ID',
  'PRODUCT_NAME',
  'PRICE',
  'PRICE_EXCLUSIVE',
  'PRICE_NETTO',
  'PRICE_BRUTTO',
  'QUANTITY',
  'DISCOUNT_TYPE_ID',
  'DISCOUNT_RATE',
  'DISCOUNT_SUM',
  'TAX_RATE',
  'TAX_INCLUDED',
  'MEASURE_CODE',
  'MEASURE_NAME',
  'SORT',
  'CUSTOMIZED',
]);

function productName(portal: Portal) {
  return (productId: number): string | null => {
    const name = portal.state.products[String(productId)]?.fields.NAME;
    return typeof name === 'string' ? name : null;
  };
}

function makeRow(portal: Portal, deal: DealRecord, input: RowInput, index: number): ProductRowRecord {
  const id = nextId(portal.state, 'productRow');
  return buildRow(input, { id, ownerType: 'D', ownerId: deal.ID, index, productName: productName(portal) });
}

/** Replace-all: rows not passed are deleted; the deal amount follows unless it is manual. */
export function replaceDealRows(
  portal: Portal,
  deal: DealRecord,
  inputs: RowInput[],
  origin: ChangeOrigin,
): void {
  const built = inputs.map((input, index) => makeRow(portal, deal, input, index));
  for (const row of dealRows(portal.state, deal.ID)) delete portal.state.productRows[String(row.ID)];
  for (const row of built) portal.state.productRows[String(row.ID)] = row;
  touchDealAfterRows(portal, deal, origin);
}

/** CCrmProductRow field info: unknown keys are dropped, as in every legacy write. */
function legacyRowInput(raw: unknown): RowInput | null {
  if (!isRecord(raw)) return null;
  return Object.fromEntries(Object.entries(raw).filter(([key]) => ROW_FIELDS.has(key)));
}

function requireDeal(portal: Portal, id: number): DealRecord {
  if (id <= 0) throw legacyError('The parameter id is invalid or not defined.');
  const deal = findDeal(portal, id);
  if (!deal) throw legacyError('Not found.');
  return deal;
}

function ownerDeal(portal: Portal, ownerType: unknown, ownerId: unknown): DealRecord {
  if (phpString(ownerType).toUpperCase() !== 'D') {
    throw engineError('ENTITY_TYPE_NOT_SUPPORTED', 'Entity type is not supported');
  }
  const deal = findDeal(portal, phpInt(ownerId));
  if (!deal) throw engineError('OWNER_NOT_FOUND', 'Owner was not found');
  return deal;
}

function findRow(portal: Portal, id: unknown): ProductRowRecord {
  if (!isset(id)) throw requiredParam('id');
  const row = portal.state.productRows[String(phpInt(id))];
  if (!row) throw engineError('NOT_FOUND', 'Product row not found');
  return row;
}

export const productRowMethods: MethodTable = {
  'crm.deal.productrows.get': method(({ portal, params }) => {
    const id = resolveEntityId(params);
    if (id <= 0) throw legacyError('The parameter id is invalid or not defined.');
    return ok(findDeal(portal, id) ? dealRows(portal.state, id).map(legacyRow) : []);
  }),
  'crm.deal.productrows.set': method(({ portal, params, origin }) => {
    const id = resolveEntityId(params);
    const rows = resolveArrayParam(params, 'rows') ?? [];
    if (id <= 0) throw legacyError('The parameter id is invalid or not defined.');
    if (!isPhpArray(rows)) throw legacyError('The parameter rows must be array.');
    const deal = requireDeal(portal, id);
    const inputs = phpValues(rows)
      .map(legacyRowInput)
      .filter((row): row is RowInput => row !== null);
    replaceDealRows(portal, deal, inputs, origin);
    return ok(true);
  }),
  'crm.item.productrow.set': method(({ portal, params, origin }) => {
    if (!isset(params.ownerType)) throw requiredParam('ownerType');
    if (!isset(params.ownerId)) throw requiredParam('ownerId');
    const deal = ownerDeal(portal, params.ownerType, params.ownerId);
    const inputs = phpValues(params.productRows).filter(isRecord).map(fromItemRow);
    replaceDealRows(portal, deal, inputs, origin);
    return ok({ productRows: dealRows(portal.state, deal.ID).map(itemRow) });
  }),
  'crm.item.productrow.list': method(({ portal, params }) => {
    const filter = Object.fromEntries(phpEntries(params.filter));
    if (!isset(filter['=ownerType']) || !isset(filter['=ownerId'])) {
      throw engineError('100', 'Required filter fields: =ownerType, =ownerId');
    }
    const deal = ownerDeal(portal, filter['=ownerType'], filter['=ownerId']);
    const rows = dealRows(portal.state, deal.ID).map(itemRow);
    return ok({ productRows: rows }, { total: rows.length });
  }),
  'crm.item.productrow.get': method(({ portal, params }) =>
    ok({ productRow: itemRow(findRow(portal, params.id)) }),
  ),
  'crm.item.productrow.add': method(({ portal, params, origin }) => {
    const fields = isRecord(params.fields) ? params.fields : {};
    const deal = ownerDeal(portal, fields.ownerType, fields.ownerId);
    const row = makeRow(portal, deal, fromItemRow(fields), dealRows(portal.state, deal.ID).length);
    portal.state.productRows[String(row.ID)] = row;
    touchDealAfterRows(portal, deal, origin);
    return ok({ productRow: itemRow(row) });
  }),
  'crm.item.productrow.update': method(({ portal, params, origin }) => {
    const current = findRow(portal, params.id);
    const deal = ownerDeal(portal, current.OWNER_TYPE, current.OWNER_ID);
    const merged: RowInput = {
      ...legacyRowInput(current),
      ...fromItemRow(isRecord(params.fields) ? params.fields : {}),
    };
    const row = buildRow(merged, {
      id: current.ID,
      ownerType: 'D',
      ownerId: deal.ID,
      index: 0,
      productName: productName(portal),
    });
    portal.state.productRows[String(row.ID)] = row;
    touchDealAfterRows(portal, deal, origin);
    return ok({ productRow: itemRow(row) });
  }),
  'crm.item.productrow.delete': method(({ portal, params, origin }) => {
    const row = findRow(portal, params.id);
    const deal = ownerDeal(portal, row.OWNER_TYPE, row.OWNER_ID);
    delete portal.state.productRows[String(row.ID)];
    touchDealAfterRows(portal, deal, origin);
    return ok(null);
  }),
};
