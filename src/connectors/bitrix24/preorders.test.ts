import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../core/model/product.ts';
import { unwrap } from '../../core/result.ts';
import type { WriteOutcome } from '../contract.ts';
import { bitrix24 } from './index.ts';
import type { BxSchema } from './schema.ts';
import { startPortal, type TestPortal } from './test-portal.ts';

let portal: TestPortal;
let schema: BxSchema;
let ticket: number;
let cake: number;
let foreign: number;
let contactId: number;

const remoteId = (outcome: WriteOutcome | undefined) => Number(outcome?.ok ? outcome.remoteId : Number.NaN);
const product = (productId: string, name: string, minor: number): Product => ({
  productId,
  name,
  price: { minor, currency: 'RUB' },
  sku: null,
  group: null,
  kind: 'service',
  active: true,
  deleted: false,
  stateAt: 0,
});

beforeAll(async () => {
  portal = await startPortal();
  schema = portal.conn.schema as BxSchema;
  const written = unwrap(
    await bitrix24.writeProducts(portal.conn, [
      { ref: 't', remoteId: null, action: 'upsert', product: product('lime-ticket', 'Билет', 150_050) },
      { ref: 'c', remoteId: null, action: 'upsert', product: product('lime-cake', 'Торт', 99_900) },
    ]),
  );
  ticket = remoteId(written.find((outcome) => outcome.ref === 't'));
  cake = remoteId(written.find((outcome) => outcome.ref === 'c'));
  const added = unwrap(
    await portal.conn.http({
      method: 'POST',
      path: 'crm.product.add',
      json: { fields: { NAME: 'Чужой товар', PRICE: 10, CURRENCY_ID: 'RUB' } },
    }),
  );
  foreign = Number((added.json as { result: number }).result);
  const [contact] = unwrap(
    await bitrix24.writeContacts(portal.conn, [
      {
        ref: 'c',
        remoteId: null,
        state: {},
        fields: {
          limeId: 'client-7',
          firstName: 'Ольга',
          lastName: 'Петрова',
          phone: '+79035550011',
          email: 'olga@example.com',
        },
      },
    ]),
  );
  contactId = remoteId(contact);
});
afterAll(() => portal.close());

describe('readPreorder', () => {
  it('reads the deal, its rows with prices and Lime product ids, and its contact in two requests', async () => {
    const dealId = portal.sandbox.ui.createDeal({
      title: 'Предзаказ на субботу',
      categoryId: schema.categoryId,
      stageId: schema.stages.to_lime,
      contactId,
      rows: [
        { productId: ticket, quantity: 3, price: 1500.5 },
        { productId: cake, quantity: 1 },
        { productId: foreign, quantity: 2, price: 10 },
      ],
    });
    const before = portal.sandbox.stats().requests;
    const preorder = unwrap(await bitrix24.readPreorder(portal.conn, String(dealId)));
    expect(portal.sandbox.stats().requests - before).toBe(2);
    expect(preorder).toMatchObject({
      remoteId: String(dealId),
      stage: 'to_lime',
      remoteContactId: String(contactId),
      currency: 'RUB',
      client: {
        clientId: 'client-7',
        firstName: 'Ольга',
        lastName: 'Петрова',
        phone: '+79035550011',
        email: 'olga@example.com',
      },
    });
    expect(preorder?.rows).toEqual([
      {
        remoteProductId: String(ticket),
        productId: 'lime-ticket',
        name: 'Билет',
        quantity: 3,
        unitPrice: { minor: 150_050, currency: 'RUB' },
      },
      {
        remoteProductId: String(cake),
        productId: 'lime-cake',
        name: 'Торт',
        quantity: 1,
        unitPrice: { minor: 99_900, currency: 'RUB' },
      },
      {
        remoteProductId: String(foreign),
        productId: null,
        name: 'Чужой товар',
        quantity: 2,
        unitPrice: { minor: 1_000, currency: 'RUB' },
      },
    ]);
  });

  it('has no client when the deal has no contact (never some other contact)', async () => {
    const dealId = portal.sandbox.ui.createDeal({
      title: 'Без контакта',
      categoryId: schema.categoryId,
      rows: [{ productId: ticket, quantity: 1 }],
    });
    const preorder = unwrap(await bitrix24.readPreorder(portal.conn, String(dealId)));
    expect(preorder).toMatchObject({ client: null, remoteContactId: null, stage: 'other' });
  });

  it('answers null for a deal of another pipeline and for a deal that is gone', async () => {
    const other = portal.sandbox.ui.createDeal({ title: 'Обычная сделка', categoryId: 0, contactId });
    expect(unwrap(await bitrix24.readPreorder(portal.conn, String(other)))).toBeNull();
    expect(unwrap(await bitrix24.readPreorder(portal.conn, '999999'))).toBeNull();
  });
});

describe('writePreorder', () => {
  it('moves the stage, sets a manual amount and adds the notes in one request', async () => {
    const dealId = portal.sandbox.ui.createDeal({
      title: 'Предзаказ',
      categoryId: schema.categoryId,
      stageId: schema.stages.to_lime,
      contactId,
      rows: [{ productId: ticket, quantity: 2, price: 1500.5 }],
    });
    const before = portal.sandbox.stats().requests;
    unwrap(
      await bitrix24.writePreorder(portal.conn, {
        remoteId: String(dealId),
        stage: 'sent',
        amount: { minor: 290_000, currency: 'RUB' },
        notes: ['Лайм пересчитал стоимость', 'вторая заметка'],
      }),
    );
    expect(portal.sandbox.stats().requests - before).toBe(1);
    expect(portal.sandbox.state.deal(dealId)).toMatchObject({
      STAGE_ID: schema.stages.sent,
      IS_MANUAL_OPPORTUNITY: 'Y',
      CURRENCY_ID: 'RUB',
    });
    expect(Number(portal.sandbox.state.deal(dealId)?.OPPORTUNITY)).toBe(2900);
    const notes = portal.sandbox.state
      .timeline()
      .comments.filter((comment) => String(comment.ENTITY_ID) === String(dealId));
    expect(notes.map((note) => [note.ENTITY_TYPE, note.COMMENT])).toEqual([
      ['deal', 'Лайм пересчитал стоимость'],
      ['deal', 'вторая заметка'],
    ]);

    // The amount is ours now: a manager's row change does not recalculate it.
    portal.sandbox.ui.setDealRows(dealId, [{ productId: ticket, quantity: 5, price: 1500.5 }]);
    expect(Number(portal.sandbox.state.deal(dealId)?.OPPORTUNITY)).toBe(2900);
    expect(unwrap(await bitrix24.readPreorder(portal.conn, String(dealId)))).toMatchObject({
      stage: 'sent',
      amount: { minor: 290_000, currency: 'RUB' },
    });
  });

  it('reports a deal that is gone as not_found', async () => {
    const result = await bitrix24.writePreorder(portal.conn, { remoteId: '999999', stage: 'won' });
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'not_found', remoteId: '999999' }),
    });
  });
});
