// The CRM product catalog: store operations (shared with catalog.*) and the legacy crm.product.* methods.

import { fieldsParam } from './entity-io.ts';
import { legacyError } from './errors.ts';
import { comparable, filterOperand } from './field-codec.ts';
import type { FieldSpec } from './field-specs.ts';
import { isDesc, matchValue, paginate, parseFilterKey, sortRecords } from './listing.ts';
import {
  isPhpArray,
  isset,
  phpEntries,
  phpFloat,
  phpString,
  phpValues,
  resolveArrayParam,
  resolveEntityId,
} from './php.ts';
import { type ChangeOrigin, type MethodTable, method, ok, type Portal } from './portal.ts';
import { CRM_CATALOG_ID, nextId, type ProductRecord } from './state.ts';

/** Field types of crm.product.fields (legacy names). */
const PRODUCT_FIELDS: Array<[string, string, string?]> = [
  ['ID', 'integer', 'r'],
  ['CATALOG_ID', 'integer'],
  ['PRICE', 'double'],
  ['CURRENCY_ID', 'string'],
  ['NAME', 'string', 'q'],
  ['CODE', 'string'],
  ['DESCRIPTION', 'string'],
  ['DESCRIPTION_TYPE', 'string'],
  ['ACTIVE', 'char'],
  ['SECTION_ID', 'integer'],
  ['SORT', 'integer'],
  ['VAT_ID', 'integer'],
  ['VAT_INCLUDED', 'char'],
  ['MEASURE', 'integer'],
  ['XML_ID', 'string'],
  ['PREVIEW_PICTURE', 'file'],
  ['DETAIL_PICTURE', 'file'],
  ['DATE_CREATE', 'datetime', 'r'],
  ['TIMESTAMP_X', 'datetime', 'r'],
  ['MODIFIED_BY', 'integer', 'r'],
  ['CREATED_BY', 'integer', 'r'],
];

const SPECS: FieldSpec[] = PRODUCT_FIELDS.map(([name, type, flags = '']) => ({
  name,
  camel: name,
  type,
  title: name,
  readOnly: flags.includes('r'),
  required: flags.includes('q'),
}));
const SPEC_BY_NAME = new Map(SPECS.map((spec) => [spec.name, spec]));
const WRITABLE = new Set(
  SPECS.filter((spec) => !spec.readOnly && spec.name !== 'PRICE').map((spec) => spec.name),
);

export function findProduct(portal: Portal, id: number): ProductRecord | undefined {
  return portal.state.products[String(id)];
}

function slug(name: string): string {
  const translit: Record<string, string> = {
    ж: 'zh',
    ч: 'ch',
    ш: 'sh',
    щ: 'shch',
    ю: 'yu',
    я: 'ya',
    х: 'kh',
    ц: 'ts',
  };
  const latin = 'abvgdeezijklmnoprstufhc' as const;
  const cyr = 'абвгдеёзийклмнопрстуфхц';
  const lower = name.toLowerCase();
  let out = '';
  for (const char of lower) {
    const index = cyr.indexOf(char);
    out += translit[char] ?? (index >= 0 ? latin[index] : char);
  }
  return (
    out
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 100) || 'product'
  );
}

function codeTaken(portal: Portal, code: string, exceptId: number): boolean {
  return Object.values(portal.state.products).some(
    (product) => product.ID !== exceptId && product.fields.CODE === code,
  );
}

export interface ProductWrite {
  fields: Record<string, unknown>;
  price?: { price: number; currency: string } | null;
}

function emitProduct(
  portal: Portal,
  action: 'ADD' | 'UPDATE' | 'DELETE',
  id: number,
  origin: ChangeOrigin,
): void {
  portal.emit(`ONCRMPRODUCT${action}`, { FIELDS: { ID: id } }, origin);
  portal.emit(`CATALOG.PRODUCT.ON.${action}`, { FIELDS: { ID: id, TYPE: 1 } }, origin);
}

export function createProduct(portal: Portal, write: ProductWrite, origin: ChangeOrigin): ProductRecord {
  const id = nextId(portal.state, 'product');
  const now = portal.now();
  const name = phpString(write.fields.NAME);
  let code = phpString(write.fields.CODE);
  if (code && codeTaken(portal, code, 0))
    throw legacyError('Product with the specified symbolic code already exists');
  if (!code) code = codeTaken(portal, slug(name), 0) ? `${slug(name)}_${id}` : slug(name);
  const product: ProductRecord = {
    ID: id,
    fields: {
      CATALOG_ID: CRM_CATALOG_ID,
      ACTIVE: 'Y',
      SORT: 500,
      DESCRIPTION_TYPE: 'text',
      VAT_INCLUDED: 'Y',
      MEASURE: 5,
      ...write.fields,
      CODE: code,
      DATE_CREATE: now,
      TIMESTAMP_X: now,
      CREATED_BY: origin.userId,
      MODIFIED_BY: origin.userId,
    },
    price: write.price ? { id: nextId(portal.state, 'price'), ...write.price, updatedAt: now } : null,
  };
  portal.state.products[String(id)] = product;
  portal.changed();
  emitProduct(portal, 'ADD', id, origin);
  return product;
}

export function updateProduct(
  portal: Portal,
  product: ProductRecord,
  write: ProductWrite,
  origin: ChangeOrigin,
): void {
  const code = phpString(write.fields.CODE);
  if (code && codeTaken(portal, code, product.ID)) {
    throw legacyError('Product with the specified symbolic code already exists');
  }
  const now = portal.now();
  Object.assign(product.fields, write.fields, { TIMESTAMP_X: now, MODIFIED_BY: origin.userId });
  if (write.price === null) product.price = null;
  else if (write.price) {
    product.price = {
      id: product.price?.id ?? nextId(portal.state, 'price'),
      ...write.price,
      updatedAt: now,
    };
  }
  portal.changed();
  emitProduct(portal, 'UPDATE', product.ID, origin);
}

export function deleteProduct(portal: Portal, id: number, origin: ChangeOrigin): void {
  delete portal.state.products[String(id)];
  portal.changed();
  emitProduct(portal, 'DELETE', id, origin);
}

function productValue(product: ProductRecord, name: string): unknown {
  if (name === 'ID') return product.ID;
  if (name === 'PRICE') return product.price?.price ?? null;
  if (name === 'CURRENCY_ID') return product.price?.currency ?? null;
  return product.fields[name] ?? null;
}

export function renderProduct(
  portal: Portal,
  product: ProductRecord,
  select?: Set<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of SPECS) {
    if (select && !select.has(spec.name)) continue;
    const value = productValue(product, spec.name);
    if (value === null || value === undefined) out[spec.name] = null;
    else if (spec.type === 'datetime') out[spec.name] = portal.codec.dates.formatDateTime(Number(value));
    else if (spec.name === 'PRICE') out[spec.name] = Number(value).toFixed(2);
    else out[spec.name] = String(value);
  }
  return out;
}

function legacyProductWrite(input: Record<string, unknown>, mode: 'add' | 'update'): ProductWrite {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (WRITABLE.has(key)) fields[key] = value;
  delete fields.CURRENCY_ID;
  const write: ProductWrite = { fields };
  if (isset(input.PRICE)) {
    if (mode === 'update' && !isset(input.CURRENCY_ID)) {
      throw legacyError('The field CURRENCY_ID is required when PRICE is set.');
    }
    write.price = { price: phpFloat(input.PRICE), currency: phpString(input.CURRENCY_ID) || 'RUB' };
  }
  return write;
}

function productList(portal: Portal, params: Record<string, unknown>) {
  const filter = resolveArrayParam(params, 'filter') ?? {};
  const order = resolveArrayParam(params, 'order') ?? {};
  if (!isPhpArray(filter)) throw legacyError("Parameter 'filter' must be array.");
  if (!isPhpArray(order)) throw legacyError("Parameter 'order' must be array.");
  const predicates = phpEntries(filter).flatMap(([key, raw]) => {
    const { op, field } = parseFilterKey(key);
    const spec = SPEC_BY_NAME.get(field);
    if (!spec) return [];
    const operand = isPhpArray(raw)
      ? phpValues(raw).map((item) => filterOperand(spec, item, portal.codec))
      : filterOperand(spec, raw, portal.codec);
    return [
      (product: ProductRecord) => matchValue(op, comparable(spec, productValue(product, field)), operand),
    ];
  });
  const orderEntries = phpEntries(order);
  const keys = (orderEntries.length > 0 ? orderEntries : [['SORT', 'ASC']])
    .map(([field, direction]) => ({
      spec: SPEC_BY_NAME.get(String(field).toUpperCase()),
      desc: isDesc(direction),
    }))
    .filter((key): key is { spec: FieldSpec; desc: boolean } => key.spec !== undefined)
    .map(({ spec, desc }) => ({
      get: (p: ProductRecord) => comparable(spec, productValue(p, spec.name)),
      desc,
    }));
  const matched = Object.values(portal.state.products).filter((product) =>
    predicates.every((p) => p(product)),
  );
  const page = paginate(sortRecords(matched, [...keys, { get: (p) => p.ID, desc: false }]), params.start);
  const names = phpValues(resolveArrayParam(params, 'select'))
    .map(String)
    .filter((name) => name !== '*');
  const select = names.length > 0 ? new Set(names) : undefined;
  return ok(
    page.items.map((product) => renderProduct(portal, product, select)),
    page,
  );
}

function requireProduct(portal: Portal, id: number): ProductRecord {
  if (id <= 0) throw legacyError('ID is not defined or invalid.');
  const product = findProduct(portal, id);
  if (!product) throw legacyError('Product is not found.');
  return product;
}

export const productMethods: MethodTable = {
  'crm.product.fields': method(() => {
    const fields: Record<string, unknown> = {};
    for (const spec of SPECS) {
      fields[spec.name] = {
        type: spec.type,
        isRequired: spec.required === true,
        isReadOnly: spec.readOnly === true,
        isImmutable: false,
        isMultiple: false,
        isDynamic: false,
        title: spec.title,
      };
    }
    return ok(fields);
  }),
  'crm.product.add': method(({ portal, params, origin }) => {
    const input = fieldsParam(params);
    if (!phpString(input.NAME)) throw legacyError('The field "Name" is required.');
    return ok(createProduct(portal, legacyProductWrite(input, 'add'), origin).ID);
  }),
  'crm.product.get': method(({ portal, params }) =>
    ok(renderProduct(portal, requireProduct(portal, resolveEntityId(params)))),
  ),
  'crm.product.list': method(({ portal, params }) => productList(portal, params)),
  'crm.product.update': method(({ portal, params, origin }) => {
    const product = requireProduct(portal, resolveEntityId(params));
    updateProduct(portal, product, legacyProductWrite(fieldsParam(params), 'update'), origin);
    return ok(true);
  }),
  'crm.product.delete': method(({ portal, params, origin }) => {
    const product = requireProduct(portal, resolveEntityId(params));
    deleteProduct(portal, product.ID, origin);
    return ok(true);
  }),
  'crm.catalog.list': method(() =>
    ok(
      [
        {
          ID: String(CRM_CATALOG_ID),
          NAME: 'CRM product catalog',
          ORIGINATOR_ID: null,
          ORIGIN_ID: null,
          XML_ID: null,
        },
      ],
      {
        total: 1,
      },
    ),
  ),
};
