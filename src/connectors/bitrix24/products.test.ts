import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../core/model/product.ts';
import { unwrap } from '../../core/result.ts';
import type { ProductWrite } from '../contract.ts';
import { bitrix24 } from './index.ts';
import { startPortal, type TestPortal } from './test-portal.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(() => portal.close());

function product(productId: string, overrides: Partial<Product> = {}): Product {
  return {
    productId,
    name: 'Входной билет',
    price: { minor: 150_050, currency: 'RUB' },
    sku: null,
    group: null,
    kind: 'ticket',
    active: true,
    deleted: false,
    stateAt: 0,
    ...overrides,
  };
}

const upsert = (ref: string, remoteId: string | null, item: Product): ProductWrite => ({
  ref,
  remoteId,
  action: 'upsert',
  product: item,
});

describe('products', () => {
  it('creates, updates and removes products, 50 writes in one request', async () => {
    const items = Array.from({ length: 50 }, (_, index) => product(`P/${index}`));
    const before = portal.sandbox.stats().requests;
    const created = unwrap(
      await bitrix24.writeProducts(
        portal.conn,
        items.map((item) => upsert(item.productId, null, item)),
      ),
    );
    expect(portal.sandbox.stats().requests - before).toBe(1);
    expect(created.every((outcome) => outcome.ok)).toBe(true);
    const ids = new Map(created.map((outcome) => [outcome.ref, outcome.ok ? outcome.remoteId : '']));
    const stored = portal.sandbox.state.products().find((row) => row.XML_ID === 'P/0');
    expect(stored).toMatchObject({ NAME: 'Входной билет', CURRENCY_ID: 'RUB', ACTIVE: 'Y' });
    expect(Number(stored?.PRICE)).toBe(1500.5);

    const changed = product('P/0', {
      name: 'Билет взрослый',
      price: { minor: 99_900, currency: 'RUB' },
      active: false,
    });
    const outcomes = unwrap(
      await bitrix24.writeProducts(portal.conn, [
        upsert('u', ids.get('P/0') ?? null, changed),
        { ref: 'r', remoteId: ids.get('P/1') ?? null, action: 'remove', product: product('P/1') },
        { ref: 'gone', remoteId: '999999', action: 'remove', product: product('P/x') },
        upsert('lost', '999998', product('P/y')),
      ]),
    );
    expect(outcomes.find((outcome) => outcome.ref === 'u')).toMatchObject({ ok: true });
    expect(outcomes.find((outcome) => outcome.ref === 'r')).toMatchObject({ ok: true });
    expect(outcomes.find((outcome) => outcome.ref === 'gone')).toMatchObject({ ok: true });
    expect(outcomes.find((outcome) => outcome.ref === 'lost')).toMatchObject({
      ok: false,
      error: { kind: 'not_found', remoteId: '999998' },
    });
    const after = portal.sandbox.state.products();
    expect(after.find((row) => row.XML_ID === 'P/0')).toMatchObject({ NAME: 'Билет взрослый', ACTIVE: 'N' });
    expect(after.find((row) => row.XML_ID === 'P/1')).toBeUndefined();

    const scanned = unwrap(await bitrix24.scanProducts(portal.conn, null));
    expect(scanned.next).toBeNull();
    expect(scanned.items.find((item) => item.productId === 'P/0')).toEqual({
      remoteId: ids.get('P/0'),
      productId: 'P/0',
      name: 'Билет взрослый',
      price: { minor: 99_900, currency: 'RUB' },
    });
    expect(scanned.items).toHaveLength(49);
  });
});
