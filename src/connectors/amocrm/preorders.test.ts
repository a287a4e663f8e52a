import { afterEach, describe, expect, it } from 'vitest';
import type { ContactCard } from '../../core/derive/contact-card.ts';
import type { Product } from '../../core/model/product.ts';
import { composePreorder } from '../../core/sync/preorder-rules.ts';
import { amocrm } from './index.ts';
import { type AmoWorld, startAmoWorld } from './test-sandbox.ts';

type Dumped = Record<string, unknown>;

function product(productId: string, name: string, minor: number): Product {
  return {
    productId,
    name,
    price: { minor, currency: 'RUB' },
    sku: null,
    group: null,
    kind: 'ticket',
    active: true,
    deleted: false,
    stateAt: 0,
  };
}

const CONTACT: ContactCard = {
  limeId: 'cl-7',
  firstName: 'Ирина',
  lastName: 'Котова',
  middleName: null,
  birthDate: null,
  phone: '+79261234567',
  email: 'irina@example.com',
  children: null,
  lastTransactions: null,
  lastVisit: null,
  visits: 0,
  nextChildBirthday: null,
  registrationChannel: 'Сайт',
};

/** Two Lime products, one element a manager added by hand, a contact, and a lead with all three. */
async function preorderWorld(world: AmoWorld, statusId: number, pipelineId = world.schema().pipeline.id) {
  const products = await amocrm.writeProducts(world.conn, [
    { ref: 'adult', remoteId: null, action: 'upsert', product: product('p-adult', 'Билет взрослый', 150000) },
    { ref: 'kid', remoteId: null, action: 'upsert', product: product('p-kid', 'Билет детский', 90050) },
  ]);
  if (!products.ok) throw new Error(JSON.stringify(products.error));
  const id = (ref: string) => {
    const outcome = products.value.find((o) => o.ref === ref);
    return outcome?.ok ? Number(outcome.remoteId) : 0;
  };
  const manual = await fetch(
    `${world.sandbox.baseUrl}/api/v4/catalogs/${world.schema().catalog.id}/elements`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${world.sandbox.longLivedToken()}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify([{ name: 'Шарики' }]),
    },
  );
  const manualId = ((await manual.json()) as { _embedded: { elements: { id: number }[] } })._embedded
    .elements[0]?.id;
  const contact = await amocrm.writeContacts(world.conn, [
    { ref: 'c', remoteId: null, fields: CONTACT, state: null },
  ]);
  if (!contact.ok || !contact.value[0]?.ok) throw new Error('contact');
  const contactId = Number(contact.value[0].remoteId);
  const lead = world.sandbox.ui.createLead({
    name: 'Предзаказ на субботу',
    pipelineId,
    statusId,
    contactId,
    products: [
      { elementId: id('adult'), quantity: 2 },
      { elementId: id('kid'), quantity: 1.5 },
    ],
  });
  return { lead: String(lead.id), contactId, adult: id('adult'), kid: id('kid'), manual: manualId ?? 0 };
}

describe('amoCRM pre-orders against the sandbox', () => {
  let world: AmoWorld;
  afterEach(async () => {
    await world.close();
  });

  it('reads lines, prices, Lime product ids and the main contact of a lead in the pipeline', async () => {
    world = await startAmoWorld();
    const schema = world.schema();
    const made = await preorderWorld(world, schema.pipeline.stages.to_lime);
    const before = world.requests();
    const answer = await amocrm.readPreorder(world.conn, made.lead);
    if (!answer.ok || !answer.value) throw new Error(JSON.stringify(answer));
    expect(world.requests() - before).toBe(3);
    const preorder = answer.value;
    expect(preorder).toMatchObject({
      remoteId: made.lead,
      stage: 'to_lime',
      remoteContactId: String(made.contactId),
      currency: 'RUB',
      client: {
        clientId: 'cl-7',
        firstName: 'Ирина',
        lastName: 'Котова',
        phone: '+79261234567',
        email: 'irina@example.com',
      },
    });
    expect([...preorder.rows].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      {
        remoteProductId: String(made.adult),
        productId: 'p-adult',
        name: 'Билет взрослый',
        quantity: 2,
        unitPrice: { minor: 150000, currency: 'RUB' },
      },
      {
        remoteProductId: String(made.kid),
        productId: 'p-kid',
        name: 'Билет детский',
        quantity: 1.5,
        unitPrice: { minor: 90050, currency: 'RUB' },
      },
    ]);
    const composed = composePreorder(preorder);
    expect(composed.ok && composed.value.total).toEqual({ minor: 435075, currency: 'RUB' });

    // A hand-made element is not a Lime product; the pre-order would not be sent.
    world.sandbox.ui.setLeadProducts(Number(made.lead), [
      { elementId: made.adult, quantity: 1 },
      { elementId: made.manual, quantity: 3 },
    ]);
    const mixed = await amocrm.readPreorder(world.conn, made.lead);
    if (!mixed.ok || !mixed.value) throw new Error('read');
    expect(mixed.value.rows.find((r) => r.name === 'Шарики')).toMatchObject({ productId: null, quantity: 3 });
  });

  it('reads a lead of another pipeline with one request, and an unknown lead as null', async () => {
    world = await startAmoWorld();
    const made = await preorderWorld(
      world,
      world.sandbox.seed.firstStatusId,
      world.sandbox.seed.mainPipelineId,
    );
    const before = world.requests();
    const answer = await amocrm.readPreorder(world.conn, made.lead);
    expect(answer.ok && answer.value?.stage).toBe('other');
    expect(world.requests() - before).toBe(1);
    expect(await amocrm.readPreorder(world.conn, '987654321')).toEqual({ ok: true, value: null });
  });

  it('writes the stage, the amount and notes', async () => {
    world = await startAmoWorld();
    const schema = world.schema();
    const made = await preorderWorld(world, schema.pipeline.stages.to_lime);
    let before = world.requests();
    const sent = await amocrm.writePreorder(world.conn, {
      remoteId: made.lead,
      stage: 'sent',
      amount: { minor: 435075, currency: 'RUB' },
      notes: ['Предзаказ передан в Лайм.', 'Сумма: 4 350,75 ₽'],
    });
    expect(sent).toEqual({ ok: true, value: undefined });
    expect(world.requests() - before).toBe(2);
    const lead = world.sandbox.state.lead(Number(made.lead)) as Dumped;
    expect(lead).toMatchObject({
      pipeline_id: schema.pipeline.id,
      status_id: schema.pipeline.stages.sent,
      price: 4351,
    });
    const notes = world.sandbox.state
      .notes()
      .filter((n) => n.entity_type === 'leads' && n.entity_id === Number(made.lead))
      .map((n) => (n.params as { text: string }).text);
    expect(notes).toEqual(['Предзаказ передан в Лайм.', 'Сумма: 4 350,75 ₽']);

    before = world.requests();
    expect(await amocrm.writePreorder(world.conn, { remoteId: made.lead, stage: 'won' })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(world.requests() - before).toBe(1);
    expect(world.sandbox.state.lead(Number(made.lead))).toMatchObject({ status_id: 142 });
    const read = await amocrm.readPreorder(world.conn, made.lead);
    expect(read.ok && read.value?.stage).toBe('won');
    expect(await amocrm.writePreorder(world.conn, { remoteId: made.lead, stage: 'lost' })).toMatchObject({
      ok: true,
    });
    expect(world.sandbox.state.lead(Number(made.lead))).toMatchObject({ status_id: 143 });

    const missing = await amocrm.writePreorder(world.conn, { remoteId: '987654321', stage: 'sent' });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not_found', remoteId: '987654321' } });
  });
});
