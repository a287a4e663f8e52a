import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientUpserted,
  event,
  familyLinked,
  productUpserted,
  transactionRecorded,
} from '../support/events.ts';
import { eventually } from '../support/hub.ts';
import { amoUnderTest } from './support/amocrm.ts';
import { bitrixUnderTest } from './support/bitrix24.ts';
import type { CrmUnderTest } from './support/crm-under-test.ts';
import { openStage, type Stage } from './support/stage.ts';

const CRMS: [string, () => CrmUnderTest][] = [
  ['amocrm', amoUnderTest],
  ['bitrix24', bitrixUnderTest],
];

describe.each(CRMS)('%s: the four seed functions end to end', { timeout: 240_000 }, (_name, make) => {
  let stage: Stage;
  beforeAll(async () => {
    stage = await openStage(make());
  });
  afterAll(async () => {
    await stage?.stop();
  });

  it('puts Lime products in the CRM catalog and follows price changes', async () => {
    const ticket = productUpserted({ productId: 'p-ticket', name: 'Билет взрослый', price: '1500.00' });
    const kids = productUpserted({ productId: 'p-kids', name: 'Билет детский', price: '900.00' });
    await stage.send([ticket, kids]);
    await stage.quiet();
    const byLime = new Map(stage.crm.products().map((p) => [p.limeId, p]));
    expect(byLime.get('p-ticket')).toMatchObject({ name: 'Билет взрослый', priceRub: 1500 });
    expect(byLime.get('p-kids')).toMatchObject({ name: 'Билет детский', priceRub: 900 });
    await stage.send([
      productUpserted(
        { productId: 'p-ticket', name: 'Билет взрослый', price: '1700.00' },
        '2026-11-29T11:00:00+03:00',
      ),
    ]);
    await stage.quiet();
    expect(stage.crm.products().find((p) => p.limeId === 'p-ticket')?.priceRub).toBe(1700);
  });

  it('makes one contact per adult with the children, the last transactions and the last visit', async () => {
    const parent = clientUpserted({
      clientId: 'c-anna',
      firstName: 'Анна',
      lastName: 'Смирнова',
      phone: '8 (912) 345-67-89',
      email: 'Anna@Example.ru',
      birthDate: '1990-05-17',
      registrationChannel: 'website',
    });
    const child = clientUpserted({
      clientId: 'c-masha',
      firstName: 'Маша',
      lastName: 'Смирнова',
      category: 'child',
      birthDate: '2018-02-28',
      phone: null,
    });
    await stage.send([parent, child, familyLinked('c-anna', 'c-masha')]);
    await stage.send([
      transactionRecorded(
        'c-anna',
        {
          transactionId: 't1',
          kind: 'purchase',
          amount: '1500.00',
          servicePoint: { id: 'cd1', name: 'Касса 1', kind: 'cashdesk' },
        },
        '2026-11-29T10:00:00+03:00',
      ),
      transactionRecorded('c-anna', { transactionId: 't2', kind: 'pass' }, '2026-11-29T10:05:00+03:00'),
      transactionRecorded('c-anna', { transactionId: 't3', kind: 'pass' }, '2026-11-29T12:30:00+03:00'),
    ]);
    await stage.quiet();
    const contacts = stage.crm.contacts().filter((c) => c.limeId === 'c-anna');
    expect(contacts).toHaveLength(1);
    const [anna] = contacts;
    expect(anna).toMatchObject({
      firstName: 'Анна',
      lastName: 'Смирнова',
      birthDate: '1990-05-17',
      children: 'Маша Смирнова — 28.02.2018',
      visits: 2,
      channel: 'Сайт',
    });
    expect(anna?.phones).toEqual(['+79123456789']);
    expect(anna?.emails).toEqual(['anna@example.ru']);
    expect(anna?.lastTransactions?.split('\n')).toEqual([
      '29.11.2026 12:30 · Проход · 0.00 RUB · Турникет 1',
      '29.11.2026 10:05 · Проход · 0.00 RUB · Турникет 1',
      '29.11.2026 10:00 · Покупка · 1500.00 RUB · Касса 1',
    ]);
    expect(anna?.lastVisit).toBe(Date.parse('2026-11-29T12:30:00+03:00'));
    expect(stage.crm.contacts().filter((c) => c.limeId === 'c-masha')).toHaveLength(0);
    expect(stage.crm.notesOf(anna?.remoteId ?? '')).toHaveLength(3);
  });

  it('sends a CRM edit of a contact to Lime as client.changed, and never an echo of its own writes', async () => {
    const anna = stage.crm.contacts().find((c) => c.limeId === 'c-anna');
    expect(anna).toBeDefined();
    const before = (await stage.pulled()).filter((e) => e.type === 'client.changed');
    expect(before).toHaveLength(0);
    stage.crm.editContact(anna?.remoteId ?? '', { phone: '+79161234567' });
    const changed = await eventually(async () =>
      (await stage.pulled()).find((e) => e.type === 'client.changed'),
    );
    expect(changed.data).toMatchObject({
      clientId: 'c-anna',
      changes: { phone: '+79161234567' },
      origin: { system: stage.crm.kind, remoteId: anna?.remoteId },
    });
    expect(Object.keys(changed.data.changes as object)).toEqual(['phone']);
    await stage.quiet();
    expect((await stage.pulled()).filter((e) => e.type === 'client.changed')).toHaveLength(1);
  });

  it('hands a pre-order built in the CRM to Lime and moves it with Lime’s status', async () => {
    const anna = stage.crm.contacts().find((c) => c.limeId === 'c-anna');
    const ticket = stage.crm.products().find((p) => p.limeId === 'p-ticket');
    const kids = stage.crm.products().find((p) => p.limeId === 'p-kids');
    const remoteId = stage.crm.createPreorder({
      contactRemoteId: anna?.remoteId ?? '',
      lines: [
        { productRemoteId: ticket?.remoteId ?? '', quantity: 2 },
        { productRemoteId: kids?.remoteId ?? '', quantity: 1 },
      ],
    });
    stage.crm.handToLime(remoteId);
    const created = await eventually(async () =>
      (await stage.pulled()).find((e) => e.type === 'preorder.created'),
    );
    expect(created.data).toMatchObject({
      client: { clientId: 'c-anna' },
      total: '4300.00',
      currency: 'RUB',
      origin: { system: stage.crm.kind, remoteId },
    });
    expect(created.data.lines).toEqual([
      { productId: 'p-ticket', name: expect.any(String), quantity: 2, price: '1700.00', amount: '3400.00' },
      { productId: 'p-kids', name: expect.any(String), quantity: 1, price: '900.00', amount: '900.00' },
    ]);
    await stage.quiet();
    expect(stage.crm.preorder(remoteId)).toMatchObject({ stage: 'Передан в Лайм', amountRub: 4300 });
    const preorderId = String(created.data.preorderId);
    await stage.send([
      event(
        'preorder.status_changed',
        { preorderId, status: 'accepted', limeOrderNumber: 'L-1001' },
        '2026-11-29T16:00:00+03:00',
      ),
    ]);
    await stage.quiet();
    expect(stage.crm.preorder(remoteId).stage).toBe('Принят в Лайме');
    await stage.send([
      event(
        'preorder.status_changed',
        {
          preorderId,
          status: 'paid',
          lines: [
            {
              productId: 'p-ticket',
              name: 'Билет взрослый',
              quantity: 2,
              price: '1600.00',
              amount: '3200.00',
            },
          ],
          total: '3200.00',
        },
        '2026-11-29T16:10:00+03:00',
      ),
    ]);
    await stage.quiet();
    const paid = stage.crm.preorder(remoteId);
    expect(paid).toMatchObject({ stage: 'won', amountRub: 3200 });
    expect(paid.notes.some((n) => /4\s300/.test(n) && /3\s200/.test(n))).toBe(true);
  });
});
