// Enough of catalog.* over the same products as crm.product.*: numeric error codes, camelCase,
// mandatory id/iblockId in select and iblockId in filter, prices through catalog.price.modify.

import { catalogError } from './errors.ts';
import { isDesc, matchValue, paginate, parseFilterKey, sortRecords } from './listing.ts';
import {
  isRecord,
  isset,
  type Params,
  phpEntries,
  phpFloat,
  phpInt,
  phpString,
  phpValues,
  yn,
} from './php.ts';
import { type MethodTable, method, ok, type Portal } from './portal.ts';
import { createProduct, deleteProduct, findProduct, updateProduct } from './products.ts';
import { CRM_CATALOG_ID, CRM_OFFERS_CATALOG_ID, type ProductRecord } from './state.ts';

/** camelCase → legacy field of the product record. */
const FIELD_MAP: Record<string, string> = {
  name: 'NAME',
  code: 'CODE',
  xmlId: 'XML_ID',
  active: 'ACTIVE',
  sort: 'SORT',
  iblockSectionId: 'SECTION_ID',
  measure: 'MEASURE',
  vatId: 'VAT_ID',
  vatIncluded: 'VAT_INCLUDED',
  detailText: 'DESCRIPTION',
  detailTextType: 'DESCRIPTION_TYPE',
};
const INTEGER_FIELDS = new Set(['sort', 'iblockSectionId', 'measure', 'vatId']);

function element(portal: Portal, product: ProductRecord): Record<string, unknown> {
  const f = product.fields;
  const str = (value: unknown) => (value === undefined || value === null ? null : String(value));
  const int = (value: unknown) => (value === undefined || value === null ? null : Number(value));
  return {
    active: str(f.ACTIVE) ?? 'Y',
    available: 'Y',
    bundle: 'N',
    code: str(f.CODE),
    createdBy: int(f.CREATED_BY),
    dateCreate: portal.codec.dates.formatDateTime(Number(f.DATE_CREATE)),
    detailText: str(f.DESCRIPTION),
    detailTextType: str(f.DESCRIPTION_TYPE) ?? 'text',
    iblockId: CRM_CATALOG_ID,
    iblockSectionId: int(f.SECTION_ID),
    id: product.ID,
    measure: int(f.MEASURE),
    modifiedBy: int(f.MODIFIED_BY),
    name: str(f.NAME),
    sort: int(f.SORT),
    timestampX: portal.codec.dates.formatDateTime(Number(f.TIMESTAMP_X)),
    type: 1,
    vatId: int(f.VAT_ID),
    vatIncluded: str(f.VAT_INCLUDED) ?? 'N',
    xmlId: str(f.XML_ID) ?? String(product.ID),
  };
}

function toLegacy(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    const legacy = FIELD_MAP[key];
    if (!legacy) continue;
    if (key === 'active' || key === 'vatIncluded') out[legacy] = yn(value);
    else out[legacy] = INTEGER_FIELDS.has(key) ? phpInt(value) : phpString(value);
  }
  return out;
}

function requireIblock(fields: Record<string, unknown>): void {
  if (!isset(fields.iblockId)) throw catalogError(0, 'Required fields: iblockId');
  if (phpInt(fields.iblockId) !== CRM_CATALOG_ID) throw catalogError(200040300000, 'Iblock not found');
}

function requireProduct(portal: Portal, rawId: unknown): ProductRecord {
  if (!isset(rawId)) throw catalogError(100, 'Could not find value for parameter {id}');
  const product = findProduct(portal, phpInt(rawId));
  if (!product) throw catalogError(0, 'Product is not exists');
  return product;
}

function fieldsOf(params: Params): Record<string, unknown> {
  if (!isRecord(params.fields)) throw catalogError(100, 'Could not find value for parameter {fields}');
  return params.fields;
}

function listProducts(portal: Portal, params: Params) {
  const select = phpValues(params.select).map(String);
  if (!select.includes('id') || !select.includes('iblockId')) {
    throw catalogError(0, 'Required select fields: id, iblockId');
  }
  const filter = Object.fromEntries(phpEntries(params.filter));
  const iblock = Object.entries(filter).find(([key]) => parseFilterKey(key).field === 'iblockId');
  if (!iblock) throw catalogError(0, 'Required filter fields: iblockId');
  const rendered = Object.values(portal.state.products).map((product) => element(portal, product));
  const matched = rendered.filter((row) =>
    Object.entries(filter).every(([key, operand]) => {
      const { op, field } = parseFilterKey(key);
      const value = row[field];
      const scalar = value === null || value === undefined ? null : (value as string | number);
      return matchValue(
        op,
        scalar,
        isRecord(operand) || Array.isArray(operand) ? (phpValues(operand) as string[]) : (operand as string),
      );
    }),
  );
  const keys = phpEntries(params.order).map(([field, direction]) => ({
    get: (row: Record<string, unknown>) => (row[field] ?? null) as string | number | null,
    desc: isDesc(direction),
  }));
  const page = paginate(
    sortRecords(matched, [...keys, { get: (row) => row.id as number, desc: false }]),
    params.start,
  );
  const products = page.items.map((row) =>
    Object.fromEntries(select.filter((key) => key in row).map((key) => [key, row[key]])),
  );
  return ok({ products }, page);
}

function priceOut(portal: Portal, product: ProductRecord): Array<Record<string, unknown>> {
  if (!product.price) return [];
  return [
    {
      catalogGroupId: 1,
      currency: product.price.currency,
      extraId: null,
      id: product.price.id,
      price: product.price.price,
      priceScale: product.price.price,
      productId: product.ID,
      quantityFrom: null,
      quantityTo: null,
      timestampX: portal.codec.dates.formatDateTime(product.price.updatedAt),
    },
  ];
}

export const catalogMethods: MethodTable = {
  'catalog.catalog.list': method(() => {
    const base = { iblockTypeId: 'CRM_PRODUCT_CATALOG', lid: 's1', subscription: 'N', vatId: 0 };
    const catalogs = [
      {
        ...base,
        iblockId: CRM_CATALOG_ID,
        id: CRM_CATALOG_ID,
        name: 'CRM product catalog',
        productIblockId: null,
        skuPropertyId: null,
      },
      {
        ...base,
        iblockId: CRM_OFFERS_CATALOG_ID,
        id: CRM_OFFERS_CATALOG_ID,
        name: 'CRM product catalog (offers)',
        productIblockId: CRM_CATALOG_ID,
        skuPropertyId: 97,
      },
    ];
    return ok({ catalogs }, { total: catalogs.length });
  }),
  'catalog.pricetype.list': method(() =>
    ok({ priceTypes: [{ id: 1, base: 'Y', name: 'BASE', xmlId: 'BASE', sort: 100 }] }, { total: 1 }),
  ),
  'catalog.product.add': method(({ portal, params, origin }) => {
    const fields = fieldsOf(params);
    requireIblock(fields);
    if (!phpString(fields.name)) throw catalogError(0, 'Required fields: name');
    const product = createProduct(portal, { fields: toLegacy(fields) }, origin);
    return ok({ element: element(portal, product) });
  }),
  'catalog.product.get': method(({ portal, params }) =>
    ok({ product: element(portal, requireProduct(portal, params.id)) }),
  ),
  'catalog.product.list': method(({ portal, params }) => listProducts(portal, params)),
  'catalog.product.update': method(({ portal, params, origin }) => {
    const product = requireProduct(portal, params.id);
    updateProduct(portal, product, { fields: toLegacy(fieldsOf(params)) }, origin);
    return ok({ element: element(portal, product) });
  }),
  'catalog.product.delete': method(({ portal, params, origin }) => {
    deleteProduct(portal, requireProduct(portal, params.id).ID, origin);
    return ok(true);
  }),
  'catalog.price.modify': method(({ portal, params, origin }) => {
    const fields = fieldsOf(params);
    const target = isRecord(fields.product) ? fields.product : {};
    const product = requireProduct(portal, target.id);
    const prices = phpValues(target.prices).filter(isRecord);
    if (prices.some((price) => phpInt(price.catalogGroupId) !== 1)) {
      throw catalogError(0, 'Validate price error. Catalog price group is wrong');
    }
    if (prices.length > 1) {
      throw catalogError(
        0,
        'Validate price error. Catalog product is allowed to have only a single price without ranges in the price group',
      );
    }
    const [price] = prices;
    if (price && (!isset(price.price) || !isset(price.currency)))
      throw catalogError(0, 'Required fields: price, currency');
    // Prices left out of `prices` are deleted.
    const write = price ? { price: phpFloat(price.price), currency: phpString(price.currency) } : null;
    updateProduct(portal, product, { fields: {}, price: write }, origin);
    return ok({ prices: priceOut(portal, product) });
  }),
};
