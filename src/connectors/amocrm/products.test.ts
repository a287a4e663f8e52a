import { afterEach, describe, expect, it } from 'vitest';
import type { Product } from '../../core/model/product.ts';
import type { RemoteProduct } from '../contract.ts';
import { WITHDRAWN_MARK } from './encode.ts';
import { amocrm } from './index.ts';
import { type AmoWorld, startAmoWorld } from './test-sandbox.ts';

type DumpedField = { field_id: number; values: { value: unknown }[] };

function product(overrides: Partial<Product> = {}): Product {
  return {
    productId: 'p-1',
    name: 'Билет взрослый',
    price: { minor: 150050, currency: 'RUB' },
    sku: 'TCK-A',
    group: null,
    kind: 'ticket',
    active: true,
    deleted: false,
    stateAt: 0,
    ...overrides,
  };
}

async function scanAll(world: AmoWorld): Promise<RemoteProduct[]> {
  const all: RemoteProduct[] = [];
  let cursor: string | null = null;
  do {
    const page = await amocrm.scanProducts(world.conn, cursor);
    if (!page.ok) throw new Error(JSON.stringify(page.error));
    all.push(...page.value.items);
    cursor = page.value.next;
  } while (cursor);
  return all;
}

describe('amoCRM products against the sandbox', () => {
  let world: AmoWorld;
  afterEach(async () => {
    await world.close();
  });

  it('creates, updates and withdraws catalog elements in one request per batch', async () => {
    world = await startAmoWorld();
    const schema = world.schema();
    let before = world.requests();
    const created = await amocrm.writeProducts(world.conn, [
      { ref: 'p-1', remoteId: null, action: 'upsert', product: product() },
      {
        ref: 'p-2',
        remoteId: null,
        action: 'upsert',
        product: product({
          productId: 'p-2',
          name: 'Коктейль',
          price: { minor: 35000, currency: 'RUB' },
          sku: null,
        }),
      },
    ]);
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    expect(world.requests() - before).toBe(1);
    const ids = Object.fromEntries(created.value.map((o) => [o.ref, o.ok ? o.remoteId : '']));

    const element = world.sandbox.state.catalogElements().find((e) => e.id === Number(ids['p-1']));
    const values = ((element?.custom_fields_values ?? []) as DumpedField[]).map((f) => [
      f.field_id,
      f.values[0]?.value,
    ]);
    expect(element?.name).toBe('Билет взрослый');
    expect(Object.fromEntries(values)).toMatchObject({
      [schema.catalog.externalId]: 'p-1',
      [schema.catalog.sku]: 'TCK-A',
    });
    expect(Number(Object.fromEntries(values)[schema.catalog.price])).toBe(1500.5);

    const scanned = await scanAll(world);
    expect(scanned).toEqual(
      expect.arrayContaining([
        {
          remoteId: ids['p-1'],
          productId: 'p-1',
          name: 'Билет взрослый',
          price: { minor: 150050, currency: 'RUB' },
        },
        {
          remoteId: ids['p-2'],
          productId: 'p-2',
          name: 'Коктейль',
          price: { minor: 35000, currency: 'RUB' },
        },
      ]),
    );

    before = world.requests();
    const changed = await amocrm.writeProducts(world.conn, [
      {
        ref: 'p-1',
        remoteId: ids['p-1'] ?? null,
        action: 'upsert',
        product: product({
          name: 'Билет взрослый (будни)',
          price: { minor: 120000, currency: 'RUB' },
          sku: null,
        }),
      },
      {
        ref: 'p-2',
        remoteId: ids['p-2'] ?? null,
        action: 'remove',
        product: product({ productId: 'p-2', name: 'Коктейль' }),
      },
    ]);
    if (!changed.ok) throw new Error(JSON.stringify(changed.error));
    expect(changed.value.every((o) => o.ok)).toBe(true);
    expect(world.requests() - before).toBe(1);
    const after = await scanAll(world);
    expect(after.find((p) => p.remoteId === ids['p-1'])).toEqual({
      remoteId: ids['p-1'],
      productId: 'p-1',
      name: 'Билет взрослый (будни)',
      price: { minor: 120000, currency: 'RUB' },
    });
    expect(after.find((p) => p.remoteId === ids['p-2'])?.name).toBe(`${WITHDRAWN_MARK}Коктейль`);
    const updated = world.sandbox.state.catalogElements().find((e) => e.id === Number(ids['p-1']));
    const sku = ((updated?.custom_fields_values ?? []) as DumpedField[]).find(
      (f) => f.field_id === schema.catalog.sku,
    );
    expect(sku).toBeUndefined();
    expect(amocrm.capabilities.deleteProducts).toBe(false);
  });

  it('answers a removal of a product the CRM never had as done, without a request', async () => {
    world = await startAmoWorld();
    const before = world.requests();
    const answer = await amocrm.writeProducts(world.conn, [
      { ref: 'p-9', remoteId: null, action: 'remove', product: product({ productId: 'p-9' }) },
    ]);
    expect(answer).toEqual({ ok: true, value: [{ ref: 'p-9', ok: true, remoteId: '', state: null }] });
    expect(world.requests()).toBe(before);
  });
});
