// Product-row arithmetic: PRICE is the final unit price (after discount, with tax); the other
// prices and the discount pair are derived from it, as crm.deal.productrows.get reports them.

import { coreError } from './errors.ts';
import { isset, phpFloat, phpInt, phpString, yn } from './php.ts';
import type { ProductRowRecord } from './state.ts';

/** Input in legacy names; crm.item.productrow input is mapped to these first. */
export type RowInput = Record<string, unknown>;

const round = (value: number, digits = 4): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

export const DISCOUNT_MONETARY = 1;
export const DISCOUNT_PERCENTAGE = 2;

function validateDiscount(row: RowInput): void {
  if (!isset(row.DISCOUNT_TYPE_ID)) return;
  const type = phpInt(row.DISCOUNT_TYPE_ID);
  if (type === DISCOUNT_PERCENTAGE) {
    if (!isset(row.DISCOUNT_RATE)) {
      throw coreError(
        'Discount Rate (DISCOUNT_RATE) is required if Percentage Discount Type (DISCOUNT_TYPE_ID) is defined<br>',
      );
    }
    if (phpFloat(row.DISCOUNT_RATE) === 100 && !isset(row.DISCOUNT_SUM)) {
      throw coreError(
        'Discount Sum (DISCOUNT_SUM) is required if Percentage Discount Type (DISCOUNT_TYPE_ID) is defined and Discount Rate (DISCOUNT_RATE) is 100%<br>',
      );
    }
  } else if (type === DISCOUNT_MONETARY && !isset(row.DISCOUNT_SUM)) {
    throw coreError(
      'Discount Sum (DISCOUNT_SUM) is required if Monetary Discount Type (DISCOUNT_TYPE_ID) is defined<br>',
    );
  }
}

export interface RowContext {
  id: number;
  ownerType: string;
  ownerId: number;
  index: number;
  productName: (productId: number) => string | null;
}

export function buildRow(input: RowInput, ctx: RowContext): ProductRowRecord {
  validateDiscount(input);
  const taxRate = isset(input.TAX_RATE) && phpString(input.TAX_RATE) !== '' ? phpFloat(input.TAX_RATE) : null;
  const taxFactor = 1 + (taxRate ?? 0) / 100;
  const price = isset(input.PRICE)
    ? phpFloat(input.PRICE)
    : isset(input.PRICE_EXCLUSIVE)
      ? phpFloat(input.PRICE_EXCLUSIVE) * taxFactor
      : 0;
  const exclusive = price / taxFactor;
  const discountType = isset(input.DISCOUNT_TYPE_ID) ? phpInt(input.DISCOUNT_TYPE_ID) : DISCOUNT_PERCENTAGE;
  let discountRate = phpFloat(input.DISCOUNT_RATE);
  let discountSum = phpFloat(input.DISCOUNT_SUM);
  let netto: number;
  if (discountType === DISCOUNT_MONETARY) {
    netto = exclusive + discountSum;
    discountRate = netto === 0 ? 0 : (discountSum / netto) * 100;
  } else if (discountRate >= 100) {
    netto = exclusive + discountSum;
  } else {
    netto = exclusive / (1 - discountRate / 100);
    discountSum = netto - exclusive;
  }
  const productId = phpInt(input.PRODUCT_ID);
  const catalogName = productId > 0 ? ctx.productName(productId) : null;
  const name = phpString(input.PRODUCT_NAME) || catalogName || `[${ctx.id}]`;
  return {
    ID: ctx.id,
    OWNER_TYPE: ctx.ownerType,
    OWNER_ID: ctx.ownerId,
    PRODUCT_ID: productId,
    PRODUCT_NAME: name,
    ORIGINAL_PRODUCT_NAME: catalogName ?? name,
    PRICE: round(price),
    PRICE_EXCLUSIVE: round(exclusive),
    PRICE_NETTO: round(netto),
    PRICE_BRUTTO: round(netto * taxFactor),
    QUANTITY: isset(input.QUANTITY) ? phpFloat(input.QUANTITY) : 1,
    DISCOUNT_TYPE_ID: discountType === DISCOUNT_MONETARY ? DISCOUNT_MONETARY : DISCOUNT_PERCENTAGE,
    DISCOUNT_RATE: round(discountRate, 2),
    DISCOUNT_SUM: round(discountSum),
    TAX_RATE: taxRate,
    TAX_INCLUDED: yn(input.TAX_INCLUDED),
    CUSTOMIZED: 'Y',
    MEASURE_CODE: isset(input.MEASURE_CODE) ? phpInt(input.MEASURE_CODE) : 796,
    MEASURE_NAME: phpString(input.MEASURE_NAME) || 'pcs',
    SORT: isset(input.SORT) ? phpInt(input.SORT) : (ctx.index + 1) * 10,
  };
}

export interface RowTotals {
  opportunity: number;
  tax: number;
}

export function rowTotals(rows: ProductRowRecord[]): RowTotals {
  let opportunity = 0;
  let tax = 0;
  for (const row of rows) {
    opportunity += row.PRICE * row.QUANTITY;
    tax += (row.PRICE - row.PRICE_EXCLUSIVE) * row.QUANTITY;
  }
  return { opportunity: round(opportunity, 2), tax: round(tax, 2) };
}

/** crm.deal.productrows.get: ids as strings, amounts as numbers, PRICE_ACCOUNT a string. */
export function legacyRow(row: ProductRowRecord): Record<string, unknown> {
  return {
    ID: String(row.ID),
    OWNER_ID: String(row.OWNER_ID),
    OWNER_TYPE: row.OWNER_TYPE,
    PRODUCT_ID: row.PRODUCT_ID,
    PRODUCT_NAME: row.PRODUCT_NAME,
    ORIGINAL_PRODUCT_NAME: row.ORIGINAL_PRODUCT_NAME,
    PRODUCT_DESCRIPTION: null,
    PRICE: row.PRICE,
    PRICE_EXCLUSIVE: row.PRICE_EXCLUSIVE,
    PRICE_NETTO: row.PRICE_NETTO,
    PRICE_BRUTTO: row.PRICE_BRUTTO,
    PRICE_ACCOUNT: row.PRICE.toFixed(2),
    QUANTITY: row.QUANTITY,
    DISCOUNT_TYPE_ID: row.DISCOUNT_TYPE_ID,
    DISCOUNT_RATE: row.DISCOUNT_RATE,
    DISCOUNT_SUM: row.DISCOUNT_SUM,
    TAX_RATE: row.TAX_RATE,
    TAX_INCLUDED: row.TAX_INCLUDED,
    CUSTOMIZED: row.CUSTOMIZED,
    MEASURE_CODE: row.MEASURE_CODE,
    MEASURE_NAME: row.MEASURE_NAME,
    SORT: row.SORT,
    XML_ID: '',
    TYPE: 1,
    STORE_ID: 0,
  };
}

/** crm.item.productrow.*: camelCase, typed. */
export function itemRow(row: ProductRowRecord): Record<string, unknown> {
  return {
    id: row.ID,
    ownerId: row.OWNER_ID,
    ownerType: row.OWNER_TYPE,
    productId: row.PRODUCT_ID,
    productName: row.PRODUCT_NAME,
    price: row.PRICE,
    priceAccount: row.PRICE,
    priceExclusive: row.PRICE_EXCLUSIVE,
    priceNetto: row.PRICE_NETTO,
    priceBrutto: row.PRICE_BRUTTO,
    quantity: row.QUANTITY,
    discountTypeId: row.DISCOUNT_TYPE_ID,
    discountRate: row.DISCOUNT_RATE,
    discountSum: row.DISCOUNT_SUM,
    taxRate: row.TAX_RATE,
    taxIncluded: row.TAX_INCLUDED,
    customized: row.CUSTOMIZED,
    measureCode: row.MEASURE_CODE,
    measureName: row.MEASURE_NAME,
    sort: row.SORT,
    xmlId: '',
    type: 1,
  };
}

const ITEM_TO_LEGACY: Record<string, string> = {
  productId: 'PRODUCT_ID',
  productName: 'PRODUCT_NAME',
  price: 'PRICE',
  priceExclusive: 'PRICE_EXCLUSIVE',
  quantity: 'QUANTITY',
  discountTypeId: 'DISCOUNT_TYPE_ID',
  discountRate: 'DISCOUNT_RATE',
  discountSum: 'DISCOUNT_SUM',
  taxRate: 'TAX_RATE',
  taxIncluded: 'TAX_INCLUDED',
  measureCode: 'MEASURE_CODE',
  measureName: 'MEASURE_NAME',
  sort: 'SORT',
};

export function fromItemRow(input: Record<string, unknown>): RowInput {
  const out: RowInput = {};
  for (const [key, value] of Object.entries(input)) {
    const legacy = ITEM_TO_LEGACY[key];
    if (legacy) out[legacy] = value;
  }
  return out;
}
