/**
 * Pre-orders built in either CRM, end to end (docs/sync-rules.md §8): what is refused and how the manager
 * is told (once), a fixed or re-handed pre-order, Lime's rejection, and a cancellation from the CRM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientUpserted, event, productUpserted } from '../support/events.ts';
import { eventually } from '../support/hub.ts';
import { amoUnderTest } from './support/amocrm.ts';
import { bitrixUnderTest } from './support/bitrix24.ts';
import type { CrmUnderTest } from './support/crm-under-test.ts';
import { originOf, type PulledEvent, pulledOf, sleep } from './support/probe.ts';
import { openStage, type Stage } from './support/stage.ts';

const CRMS: [string, () => CrmUnderTest][] = [
  ['amocrm', amoUnderTest],
  ['bitrix24', bitrixUnderTest],
];

const REFUSED = 'Предзаказ не передан в Лайм:';

describe.each(CRMS)('%s: pre-orders', { timeout: 240_000 }, (_name, make) => {
  let stage: Stage;
  let anna = '';
  let ticket = '';

  beforeAll(async () => {
    stage = await openStage(make());
    await stage.send([
      productUpserted({ productId: 'p-ticket', name: 'Билет взрослый', price: '1500.00' }),
      clientUpserted({ clientId: 'c-anna', firstName: 'Анна', lastName: 'Смирнова', phone: '+79123456789' }),
    ]);
    await stage.quiet();
    anna = stage.crm.contacts().find((c) => c.limeId === 'c-anna')?.remoteId ?? '';
    ticket = stage.crm.products().find((p) => p.limeId === 'p-ticket')?.remoteId ?? '';
  });
  afterAll(async () => {
    await stage?.stop();
  });

  /** Every pre-order event Lime got for one lead/deal. */
  const sentFor = async (remoteId: string, type?: string) =>
    (await stage.pulled()).filter(
      (e) => e.type.startsWith('preorder.') && (!type || e.type === type) && originOf(e) === remoteId,
    );
  const firstSent = (remoteId: string, type?: string): Promise<PulledEvent> =>
    eventually(async () => (await sentFor(remoteId, type))[0]);
  const refusals = (remoteId: string) =>
    stage.crm.preorder(remoteId).notes.filter((n) => n.startsWith(REFUSED));
  /** The manager takes the lead back and hands it over once more. */
  const handOverAgain = async (remoteId: string) => {
    stage.crm.moveToStage(remoteId, 'new');
    await stage.quiet();
    stage.crm.handToLime(remoteId);
  };

  it('refuses a product that is not from Lime with one note, and sends the pre-order once it is fixed', async () => {
    const rental = await stage.crm.createForeignProduct({ name: 'Аренда зала', priceRub: 5000 });
    const lead = stage.crm.createPreorder({
      contactRemoteId: anna,
      lines: [
        { productRemoteId: ticket, quantity: 2 },
        { productRemoteId: rental, quantity: 1 },
      ],
    });
    stage.crm.handToLime(lead);
    const note = await eventually(async () => refusals(lead)[0]);
    expect(note).toBe(`${REFUSED}\n— товар «Аренда зала» не из каталога Лайма`);
    await handOverAgain(lead);
    await stage.quiet();
    expect(refusals(lead)).toHaveLength(1);
    expect(stage.crm.preorder(lead).stage).toBe('Передать в Лайм');
    expect(await sentFor(lead)).toEqual([]);

    stage.crm.setPreorderLines(lead, [{ productRemoteId: ticket, quantity: 2 }]);
    await handOverAgain(lead);
    expect(await firstSent(lead)).toMatchObject({ type: 'preorder.created', data: { total: '3000.00' } });
    await stage.quiet();
    expect(stage.crm.preorder(lead)).toMatchObject({ stage: 'Передан в Лайм', amountRub: 3000 });
    expect(refusals(lead)).toHaveLength(1);
  });

  it('refuses a contact with neither phone nor e-mail, and sends it once the contact has a phone', async () => {
    const nobody = stage.crm.createContact({ firstName: 'Пётр', lastName: 'Безсвязи' });
    const lead = stage.crm.createPreorder({
      contactRemoteId: nobody,
      lines: [{ productRemoteId: ticket, quantity: 1 }],
    });
    stage.crm.handToLime(lead);
    const note = await eventually(async () => refusals(lead)[0]);
    expect(note).toBe(`${REFUSED}\n— у контакта нет ни телефона, ни e-mail`);
    await handOverAgain(lead);
    await stage.quiet();
    expect(refusals(lead)).toHaveLength(1);
    expect(await sentFor(lead)).toEqual([]);

    stage.crm.editContact(nobody, { phone: '+79161112233' });
    await stage.quiet();
    await handOverAgain(lead);
    const created = await firstSent(lead);
    expect(created.type).toBe('preorder.created');
    expect(created.data.client).toMatchObject({ clientId: null, firstName: 'Пётр', lastName: 'Безсвязи' });
    expect(String((created.data.client as { phone: string }).phone).replace(/\D/g, '')).toBe('79161112233');
    await stage.quiet();
    expect(refusals(lead)).toHaveLength(1);
  });

  it('sends a pre-order handed over again as preorder.updated, and a Lime rejection closes it as lost', async () => {
    const lead = stage.crm.createPreorder({
      contactRemoteId: anna,
      lines: [{ productRemoteId: ticket, quantity: 1 }],
    });
    stage.crm.handToLime(lead);
    const created = await firstSent(lead, 'preorder.created');
    await stage.quiet();
    stage.crm.setPreorderLines(lead, [{ productRemoteId: ticket, quantity: 3 }]);
    stage.crm.handToLime(lead);
    const updated = await firstSent(lead, 'preorder.updated');
    expect(updated.data).toMatchObject({ preorderId: created.data.preorderId, total: '4500.00' });
    await stage.quiet();
    expect(stage.crm.preorder(lead)).toMatchObject({ stage: 'Передан в Лайм', amountRub: 4500 });
    expect(await sentFor(lead, 'preorder.created')).toHaveLength(1);

    const preorderId = String(created.data.preorderId);
    await stage.send([
      event('preorder.status_changed', { preorderId, status: 'rejected', reason: 'Нет свободных мест' }),
    ]);
    await stage.quiet();
    const rejected = stage.crm.preorder(lead);
    expect(rejected.stage).toBe('lost');
    expect(rejected.notes).toContain('Предзаказ отклонён. Причина: Нет свободных мест.');
    // Our own move to «lost» is not the manager cancelling it.
    await sleep(1_000);
    await stage.quiet();
    expect(await pulledOf(stage, 'preorder.cancelled', preorderId)).toEqual([]);
  });

  it('sends preorder.cancelled, once, when the manager closes a sent pre-order as lost', async () => {
    const lead = stage.crm.createPreorder({
      contactRemoteId: anna,
      lines: [{ productRemoteId: ticket, quantity: 1 }],
    });
    stage.crm.handToLime(lead);
    const created = await firstSent(lead, 'preorder.created');
    await stage.quiet();
    stage.crm.moveToStage(lead, 'lost');
    const cancelled = await firstSent(lead, 'preorder.cancelled');
    expect(cancelled.data).toMatchObject({
      preorderId: created.data.preorderId,
      origin: { system: stage.crm.kind, remoteId: lead },
      reason: expect.any(String),
    });
    stage.crm.moveToStage(lead, 'lost');
    await stage.quiet();
    expect(await sentFor(lead, 'preorder.cancelled')).toHaveLength(1);
  });
});
