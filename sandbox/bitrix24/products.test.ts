import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BitrixSandbox, startBitrixSandbox } from './index.ts';
import { rest } from './test-support.ts';

let sandbox: BitrixSandbox;
const call = (method: string, params: unknown = {}) => rest(sandbox.webhookUrl, method, params);

beforeEach(async () => {
  sandbox = await startBitrixSandbox();
});

afterEach(async () => {
  await sandbox.close();
});

describe('crm.product', () => {
  it('adds with XML_ID and a price, finds by XML_ID and returns strings', async () => {
    const id = (
      await call('crm.product.add', {
        fields: { NAME: 'Parterre', XML_ID: 'sku-1', PRICE: 4900, CURRENCY_ID: 'RUB' },
      })
    ).body.result;
    await call('crm.product.add', {
      fields: { NAME: 'Balcony', XML_ID: 'sku-2', PRICE: 2500, CURRENCY_ID: 'RUB' },
    });
    const found = await call('crm.product.list', {
      filter: { '=XML_ID': 'sku-1' },
      select: ['ID', 'NAME', 'PRICE', 'CURRENCY_ID', 'XML_ID'],
    });
    expect(found.body.result).toEqual([
      { ID: String(id), NAME: 'Parterre', PRICE: '4900.00', CURRENCY_ID: 'RUB', XML_ID: 'sku-1' },
    ]);
    expect(found.body.total).toBe(1);
    const product = (await call('crm.product.get', { id })).body.result;
    expect(product).toMatchObject({ ID: String(id), CATALOG_ID: '23', ACTIVE: 'Y', PRICE: '4900.00' });
  });

  it('needs CURRENCY_ID together with PRICE on update', async () => {
    const id = (await call('crm.product.add', { fields: { NAME: 'Ticket', PRICE: 100, CURRENCY_ID: 'RUB' } }))
      .body.result;
    const priceOnly = await call('crm.product.update', { id, fields: { PRICE: 200 } });
    expect(priceOnly.status).toBe(400);
    expect(priceOnly.body.error).toBe('');
    expect(
      (await call('crm.product.update', { id, fields: { PRICE: 200, CURRENCY_ID: 'RUB' } })).body.result,
    ).toBe(true);
    expect((await call('crm.product.get', { id })).body.result.PRICE).toBe('200.00');
    expect((await call('crm.product.delete', { id })).body.result).toBe(true);
    expect((await call('crm.product.get', { id })).body).toEqual({
      error: '',
      error_description: 'Product is not found.',
    });
  });
});

describe('catalog over the same products', () => {
  it('lists catalogs, adds a product, sets its base price and sees it through crm.product', async () => {
    const catalogs = (await call('catalog.catalog.list')).body.result.catalogs;
    const crmCatalog = catalogs.find(
      (catalog: { productIblockId: number | null }) => catalog.productIblockId === null,
    );
    const added = await call('catalog.product.add', {
      fields: { iblockId: crmCatalog.iblockId, name: 'Ticket', xmlId: 'sku-9' },
    });
    const productId = added.body.result.element.id;
    const price = await call('catalog.price.modify', {
      fields: { product: { id: productId, prices: [{ catalogGroupId: 1, price: 4900, currency: 'RUB' }] } },
    });
    expect(price.body.result.prices[0]).toMatchObject({
      catalogGroupId: 1,
      price: 4900,
      currency: 'RUB',
      productId,
    });
    expect((await call('crm.product.get', { id: productId })).body.result).toMatchObject({
      XML_ID: 'sku-9',
      PRICE: '4900.00',
    });
    const listed = await call('catalog.product.list', {
      select: ['id', 'iblockId', 'name', 'xmlId'],
      filter: { iblockId: crmCatalog.iblockId, '=xmlId': 'sku-9' },
    });
    expect(listed.body.result.products).toEqual([
      { id: productId, iblockId: crmCatalog.iblockId, name: 'Ticket', xmlId: 'sku-9' },
    ]);
  });

  it('answers numeric error codes', async () => {
    const noSelect = await call('catalog.product.list', { filter: { iblockId: 23 }, select: ['name'] });
    expect(noSelect.body).toEqual({ error: 0, error_description: 'Required select fields: id, iblockId' });
    const noIblock = await call('catalog.product.list', { select: ['id', 'iblockId'] });
    expect(noIblock.body.error).toBe(0);
    const wrongGroup = await call('catalog.price.modify', {
      fields: { product: { id: 1, prices: [{ catalogGroupId: 1, price: 1, currency: 'RUB' }] } },
    });
    expect(wrongGroup.status).toBe(400);
    expect(typeof wrongGroup.body.error).toBe('number');
  });
});
