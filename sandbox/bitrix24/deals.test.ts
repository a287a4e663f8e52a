import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BitrixSandbox, startBitrixSandbox } from './index.ts';
import { rest } from './test-support.ts';

let sandbox: BitrixSandbox;
const call = (method: string, params: unknown = {}) => rest(sandbox.webhookUrl, method, params);
const deal = async (id: number) => (await call('crm.deal.get', { id })).body.result;

beforeEach(async () => {
  sandbox = await startBitrixSandbox();
});

afterEach(async () => {
  await sandbox.close();
});

describe('pipelines and stages', () => {
  it('creates a pipeline whose stages carry the C{n}: prefix', async () => {
    const category = (
      await call('crm.category.add', { entityTypeId: 2, fields: { name: 'Tickets', sort: 200 } })
    ).body.result.category;
    expect(category).toMatchObject({ name: 'Tickets', entityTypeId: 2, isDefault: 'N' });
    const categories = (await call('crm.category.list', { entityTypeId: 2 })).body;
    expect(categories.total).toBe(2);
    const stages = (await call('crm.status.list', { filter: { ENTITY_ID: `DEAL_STAGE_${category.id}` } }))
      .body.result;
    expect(stages[0].STATUS_ID).toBe(`C${category.id}:NEW`);
    const won = stages.find((stage: { STATUS_ID: string }) => stage.STATUS_ID === `C${category.id}:WON`);
    expect(won).toMatchObject({
      SEMANTICS: 'S',
      EXTRA: { SEMANTICS: 'success' },
      CATEGORY_ID: String(category.id),
    });

    const added = await call('crm.status.add', {
      fields: {
        ENTITY_ID: `DEAL_STAGE_${category.id}`,
        STATUS_ID: 'REFUNDED',
        NAME: 'Refunded',
        SORT: 75,
        SEMANTICS: 'F',
      },
    });
    expect(typeof added.body.result).toBe('number');
    const refreshed = (await call('crm.status.list', { filter: { ENTITY_ID: `DEAL_STAGE_${category.id}` } }))
      .body.result;
    expect(refreshed.map((stage: { STATUS_ID: string }) => stage.STATUS_ID)).toContain(
      `C${category.id}:REFUNDED`,
    );
    const missing = await call('crm.status.add', { fields: { ENTITY_ID: 'DEAL_STAGE' } });
    expect(missing.body).toEqual({ error: '', error_description: 'The field STATUS_ID is required.' });
  });

  it('keeps CATEGORY_ID on legacy update and moves pipelines only through crm.item.update', async () => {
    const category = (await call('crm.category.add', { entityTypeId: 2, fields: { name: 'Tickets' } })).body
      .result.category;
    const id = (
      await call('crm.deal.add', {
        fields: { TITLE: 'Order', CATEGORY_ID: category.id, STAGE_ID: `C${category.id}:WON` },
      })
    ).body.result;
    expect(await deal(id)).toMatchObject({
      CATEGORY_ID: String(category.id),
      STAGE_ID: `C${category.id}:WON`,
      STAGE_SEMANTIC_ID: 'S',
      CLOSED: 'Y',
    });
    await call('crm.deal.update', { id, fields: { CATEGORY_ID: 0, STAGE_ID: 'NEW', TITLE: 'Renamed' } });
    expect(await deal(id)).toMatchObject({
      CATEGORY_ID: String(category.id),
      STAGE_ID: `C${category.id}:WON`,
      TITLE: 'Renamed',
    });
    const moved = await call('crm.item.update', {
      entityTypeId: 2,
      id,
      fields: { categoryId: 0, stageId: 'PREPARATION' },
    });
    expect(moved.body.result.item).toMatchObject({ categoryId: 0, stageId: 'PREPARATION' });
  });
});

describe('deals, contacts and product rows', () => {
  it('binds contacts: CONTACT_IDS replaces all, items.set picks the primary', async () => {
    for (const name of ['A', 'B', 'C']) await call('crm.contact.add', { fields: { NAME: name } });
    const id = (await call('crm.deal.add', { fields: { TITLE: 'Order', CONTACT_IDS: [1, 2] } })).body.result;
    expect((await deal(id)).CONTACT_ID).toBe('1');
    await call('crm.deal.update', { id, fields: { CONTACT_IDS: [3] } });
    const items = (await call('crm.deal.contact.items.get', { id })).body.result;
    expect(items).toEqual([{ CONTACT_ID: 3, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' }]);
    await call('crm.deal.contact.items.set', {
      id,
      items: [{ CONTACT_ID: 1 }, { CONTACT_ID: 2, IS_PRIMARY: 'Y' }],
    });
    expect((await deal(id)).CONTACT_ID).toBe('2');
    const byItem = await call('crm.item.get', { entityTypeId: 2, id });
    expect(byItem.body.result.item.contactIds).toEqual([1, 2]);
  });

  it('replaces rows and recalculates OPPORTUNITY unless it is manual', async () => {
    const product = (
      await call('crm.product.add', { fields: { NAME: 'Parterre', PRICE: 4900, CURRENCY_ID: 'RUB' } })
    ).body.result;
    const id = (await call('crm.deal.add', { fields: { TITLE: 'Order', OPPORTUNITY: 1 } })).body.result;
    expect((await deal(id)).OPPORTUNITY).toBe('1.00');
    await call('crm.deal.productrows.set', {
      id,
      rows: [
        { PRODUCT_ID: product, PRICE: 4900, QUANTITY: 2 },
        { PRODUCT_NAME: 'Service fee', PRICE: 100, QUANTITY: 1, DISCOUNT_TYPE_ID: 2, DISCOUNT_RATE: 0 },
      ],
    });
    expect((await deal(id)).OPPORTUNITY).toBe('9900.00');
    const rows = (await call('crm.deal.productrows.get', { id })).body.result;
    expect(rows[0]).toMatchObject({
      OWNER_ID: String(id),
      OWNER_TYPE: 'D',
      PRODUCT_ID: product,
      PRODUCT_NAME: 'Parterre',
      PRICE: 4900,
    });
    await call('crm.deal.productrows.set', { id, rows: [{ PRODUCT_NAME: 'Only', PRICE: 10, QUANTITY: 3 }] });
    expect((await call('crm.deal.productrows.get', { id })).body.result).toHaveLength(1);
    expect((await deal(id)).OPPORTUNITY).toBe('30.00');

    await call('crm.deal.update', { id, fields: { IS_MANUAL_OPPORTUNITY: 'Y', OPPORTUNITY: 25 } });
    await call('crm.deal.productrows.set', { id, rows: [{ PRODUCT_NAME: 'Other', PRICE: 50, QUANTITY: 1 }] });
    expect((await deal(id)).OPPORTUNITY).toBe('25.00');
  });

  it('validates discounts and answers crm.item.productrow in camelCase', async () => {
    const id = (await call('crm.deal.add', { fields: { TITLE: 'Order' } })).body.result;
    const invalid = await call('crm.deal.productrows.set', {
      id,
      rows: [{ PRODUCT_NAME: 'X', PRICE: 1, DISCOUNT_TYPE_ID: 1 }],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toBe('ERROR_CORE');
    expect(invalid.body.error_description).toContain('Discount Sum (DISCOUNT_SUM) is required');
    const discounted = await call('crm.deal.productrows.set', {
      id,
      rows: [{ PRODUCT_NAME: 'X', PRICE: 899.1, QUANTITY: 1, DISCOUNT_TYPE_ID: 2, DISCOUNT_RATE: 10 }],
    });
    expect(discounted.body.result).toBe(true);
    const row = (await call('crm.deal.productrows.get', { id })).body.result[0];
    expect(row).toMatchObject({
      PRICE: 899.1,
      PRICE_NETTO: 999,
      DISCOUNT_SUM: 99.9,
      PRICE_ACCOUNT: '899.10',
    });

    const set = await call('crm.item.productrow.set', {
      ownerType: 'D',
      ownerId: id,
      productRows: [{ productName: 'Y', price: 50, quantity: 2, discountTypeId: 2, discountRate: 0 }],
    });
    expect(set.body.result.productRows[0]).toMatchObject({
      ownerId: id,
      ownerType: 'D',
      productName: 'Y',
      price: 50,
      quantity: 2,
    });
    const listed = await call('crm.item.productrow.list', { filter: { '=ownerType': 'D', '=ownerId': id } });
    expect(listed.body.result.productRows).toHaveLength(1);
    expect((await deal(id)).OPPORTUNITY).toBe('100.00');
    const noOwner = await call('crm.item.productrow.set', { ownerType: 'D', ownerId: 999, productRows: [] });
    expect(noOwner.body).toEqual({ error: 'OWNER_NOT_FOUND', error_description: 'Owner was not found' });
  });
});

describe('timeline', () => {
  it('adds comments with lowercase fields and lists them', async () => {
    await call('crm.contact.add', { fields: { NAME: 'Ann' } });
    const upper = await call('crm.timeline.comment.add', {
      FIELDS: { ENTITY_ID: 1, ENTITY_TYPE: 'contact', COMMENT: 'x' },
    });
    expect(upper.status).toBe(400);
    const added = await call('crm.timeline.comment.add', {
      fields: { ENTITY_ID: 1, ENTITY_TYPE: 'contact', COMMENT: 'Bought 2 tickets' },
    });
    expect(typeof added.body.result).toBe('number');
    const listed = await call('crm.timeline.comment.list', {
      filter: { ENTITY_ID: 1, ENTITY_TYPE: 'contact' },
    });
    expect(listed.body.result[0]).toMatchObject({
      ENTITY_ID: '1',
      ENTITY_TYPE: 'contact',
      COMMENT: 'Bought 2 tickets',
      AUTHOR_ID: '1',
    });
    const orphan = await call('crm.timeline.comment.add', {
      fields: { ENTITY_ID: 9, ENTITY_TYPE: 'contact', COMMENT: 'x' },
    });
    expect(orphan.body.error).toBe('OWNER_NOT_FOUND');
    const log = await call('crm.timeline.logmessage.add', {
      fields: { entityTypeId: 3, entityId: 1, title: 'Purchase', text: '2 tickets', iconCode: 'info' },
    });
    expect(log.body.result.logMessage).toMatchObject({
      title: 'Purchase',
      text: '2 tickets',
      iconCode: 'info',
      authorId: 1,
    });
  });
});
