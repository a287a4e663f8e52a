/**
 * What only amoCRM does, end to end: webhooks that carry companies and leads of every pipeline, a
 * middle name with no field of its own, and accounts with and without the paid API filters.
 */
import qs from 'qs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientUpserted, productUpserted } from '../support/events.ts';
import { eventually } from '../support/hub.ts';
import { type AmoUnderTest, amoUnderTest } from './support/amocrm.ts';
import type { NeutralContact } from './support/crm-under-test.ts';
import { activity, deliver, originOf, pollNow, pulledOf, sleep } from './support/probe.ts';
import { openStage, type Stage } from './support/stage.ts';

const contactOf = (stage: Stage, clientId: string): NeutralContact => {
  const found = stage.crm.contacts().filter((c) => c.limeId === clientId);
  expect(found).toHaveLength(1);
  return found[0] as NeutralContact;
};

/** A contact webhook item as amoCRM sends it (amocrm-api.md §10.2), for a company when `type` says so. */
function contactDelivery(crm: AmoUnderTest, id: string, type: 'company' | 'contact', phone: string): string {
  const { seed, baseUrl } = crm.sandbox();
  const now = String(Math.floor(Date.now() / 1000));
  return qs.stringify(
    {
      account: { subdomain: 'limebridge', id: String(seed.accountId), _links: { self: baseUrl } },
      contacts: {
        update: [
          {
            id,
            name: 'ООО «Ромашка»',
            responsible_user_id: String(seed.managerUserId),
            date_create: now,
            last_modified: now,
            modified_user_id: String(seed.managerUserId),
            account_id: String(seed.accountId),
            custom_fields: [
              {
                id: String(seed.phoneFieldId),
                name: 'Телефон',
                values: [{ value: phone, enum: '718325' }],
                code: 'PHONE',
              },
            ],
            old_responsible_user_id: String(seed.managerUserId),
            created_at: now,
            updated_at: now,
            type,
          },
        ],
      },
    },
    { format: 'RFC1738', arrayFormat: 'indices' },
  );
}

/** Every custom field value of a contact as the sandbox stores it. */
const customTexts = (crm: AmoUnderTest, remoteId: string) =>
  (
    (crm.sandbox().state.contact(Number(remoteId))?.custom_fields_values ?? []) as {
      values: { value: unknown }[];
    }[]
  ).flatMap((field) => field.values.map((v) => String(v.value)));

describe('amocrm: companies, other pipelines and the middle name', { timeout: 240_000 }, () => {
  const crm = amoUnderTest();
  let stage: Stage;
  beforeAll(async () => {
    stage = await openStage(crm);
    await stage.send([
      productUpserted({ productId: 'p-ticket', name: 'Билет взрослый', price: '1500.00' }),
      clientUpserted({ clientId: 'c-anna', firstName: 'Анна', lastName: 'Смирнова', phone: '+79123456789' }),
      clientUpserted({
        clientId: 'c-mid',
        firstName: 'Вера',
        lastName: 'Отчествова',
        middleName: 'Петровна',
        phone: '+79123450000',
      }),
    ]);
    await stage.quiet();
  });
  afterAll(async () => {
    await stage?.stop();
  });

  it('takes nothing from a webhook about a company', async () => {
    const { remoteId } = contactOf(stage, 'c-anna');
    const answer = await deliver(stage, contactDelivery(crm, remoteId, 'company', '+79990001122'));
    expect(answer).toMatchObject({ status: 200, body: { changes: 0 } });
    // The same item as a contact is read (so the company was ignored for what it is, not by accident).
    const control = await deliver(stage, contactDelivery(crm, remoteId, 'contact', '+79123456789'));
    expect(control).toMatchObject({ status: 200, body: { changes: 1 } });
    await stage.quiet();
    expect(await pulledOf(stage, 'client.changed', 'c-anna')).toEqual([]);
    expect(contactOf(stage, 'c-anna').phones).toEqual(['+79123456789']);
  });

  it('takes nothing from a lead outside the pre-order pipeline, whatever its stage', async () => {
    const { seed } = crm.sandbox();
    const anna = contactOf(stage, 'c-anna').remoteId;
    const ticket = stage.crm.products().find((p) => p.limeId === 'p-ticket')?.remoteId;
    const { id } = crm.sandbox().ui.createLead({
      name: 'Обычная сделка',
      pipelineId: seed.mainPipelineId,
      statusId: seed.firstStatusId,
      contactId: Number(anna),
      products: [{ elementId: Number(ticket), quantity: 2 }],
    });
    crm.sandbox().ui.moveLead(id, { statusId: seed.lostStatusId, pipelineId: seed.mainPipelineId });
    crm.sandbox().ui.moveLead(id, { statusId: seed.wonStatusId, pipelineId: seed.mainPipelineId });
    await stage.quiet();
    await sleep(1_000);
    await stage.quiet();
    expect(
      (await stage.pulled()).filter((e) => e.type.startsWith('preorder.') && originOf(e) === String(id)),
    ).toEqual([]);
    expect(stage.crm.preorder(String(id))).toMatchObject({ stage: 'won', amountRub: 0, notes: [] });
  });

  it('keeps the middle name inside the contact name only, and never reads it back as an edit', async () => {
    const shown = () => crm.sandbox().state.contact(Number(contactOf(stage, 'c-mid').remoteId)) ?? {};
    expect(shown()).toMatchObject({
      name: 'Отчествова Вера Петровна',
      first_name: 'Вера',
      last_name: 'Отчествова',
    });
    expect(
      customTexts(crm, contactOf(stage, 'c-mid').remoteId).filter((t) => t.includes('Петровна')),
    ).toEqual([]);
    await stage.send([
      clientUpserted(
        {
          clientId: 'c-mid',
          firstName: 'Вера',
          lastName: 'Отчествова',
          middleName: 'Павловна',
          phone: '+79123450000',
        },
        '2026-11-29T15:00:00+03:00',
      ),
    ]);
    await stage.quiet();
    expect(shown()).toMatchObject({
      name: 'Отчествова Вера Павловна',
      first_name: 'Вера',
      last_name: 'Отчествова',
    });
    expect(
      customTexts(crm, contactOf(stage, 'c-mid').remoteId).filter((t) => t.includes('Павловна')),
    ).toEqual([]);
    // The poll reads the contact through the REST API too: still nothing to tell Lime.
    await pollNow(stage);
    await pollNow(stage);
    await stage.quiet();
    expect(await pulledOf(stage, 'client.changed', 'c-mid')).toEqual([]);
  });
});

describe.each([false, true])('amocrm with API filters enabled: %s', { timeout: 240_000 }, (filters) => {
  const crm = amoUnderTest({ apiFilterEnabled: filters });
  let stage: Stage;
  beforeAll(async () => {
    stage = await openStage(crm);
  });
  afterAll(async () => {
    await stage?.stop();
  });

  it('looks a contact up by Lime id when its create answer was lost, instead of creating it twice', async () => {
    // Its webhook is lost too: only a search of the CRM can find the contact.
    crm.configure({ lostResponseRate: 1, webhookDropRate: 1 });
    await stage.send([clientUpserted({ clientId: 'c-lost', firstName: 'Лев', phone: '+79123450101' })]);
    await eventually(async () => crm.sandbox().stats().lostResponses > 0 && stage.crm.contacts().length > 0);
    await crm.settle();
    crm.configure({ lostResponseRate: 0, webhookDropRate: 0 });
    await stage.quiet(120_000);
    expect(stage.crm.contacts().filter((c) => c.limeId === 'c-lost')).toHaveLength(1);
    expect((await activity(stage, 'c-lost')).map((e) => e.operation)).toContain('contact.match');
  });

  it('recovers an edit whose webhook was lost, by polling', async () => {
    await pollNow(stage);
    const { remoteId } = contactOf(stage, 'c-lost');
    crm.configure({ webhookDropRate: 1 });
    stage.crm.editContact(remoteId, { phone: '+79123450102' });
    await crm.settle();
    crm.configure({ webhookDropRate: 0 });
    await sleep(1_000);
    expect(await pulledOf(stage, 'client.changed', 'c-lost')).toEqual([]);
    await pollNow(stage);
    const changed = await eventually(async () => (await pulledOf(stage, 'client.changed', 'c-lost'))[0]);
    expect(changed.data.changes).toEqual({ phone: '+79123450102' });
  });
});
