import { afterEach, describe, expect, it } from 'vitest';
import type { ContactCard } from '../../core/derive/contact-card.ts';
import type { InboundChange } from '../contract.ts';
import { amocrm } from './index.ts';
import { type AmoWorld, startAmoWorld } from './test-sandbox.ts';

const CONTACT: ContactCard = {
  limeId: 'cl-1',
  firstName: 'Анна',
  lastName: 'Смирнова',
  middleName: null,
  birthDate: null,
  phone: '+79123456789',
  email: null,
  children: null,
  lastTransactions: null,
  lastVisit: null,
  visits: 1,
  nextChildBirthday: null,
  registrationChannel: 'Касса',
};

async function poll(world: AmoWorld, cursor: string | null) {
  const answer = await amocrm.pollChanges(world.conn, cursor);
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  return answer.value;
}

function sorted(changes: readonly InboundChange[]): string[] {
  return changes
    .map((c) => `${c.kind} ${c.kind === 'contact.snapshot' ? c.contact.remoteId : c.remoteId}`)
    .sort();
}

describe('amoCRM polling of the events feed', () => {
  let world: AmoWorld;
  afterEach(async () => {
    await world.close();
  });

  it('starts from now, then reports manager changes once each, ignoring what does not matter', async () => {
    world = await startAmoWorld();
    const schema = world.schema();
    const written = await amocrm.writeContacts(world.conn, [
      { ref: 'a', remoteId: null, fields: CONTACT, state: null },
      { ref: 'b', remoteId: null, fields: { ...CONTACT, limeId: 'cl-2', phone: null }, state: null },
    ]);
    if (!written.ok) throw new Error('write');
    const [a, b] = written.value.map((o) => (o.ok ? o.remoteId : ''));
    const otherLead = world.sandbox.ui.createLead({
      name: 'Продажа',
      pipelineId: world.sandbox.seed.mainPipelineId,
    });
    const ourLead = world.sandbox.ui.createLead({
      name: 'Предзаказ',
      pipelineId: schema.pipeline.id,
      statusId: schema.pipeline.stages.new,
    });

    const before = world.requests();
    const start = await poll(world, null);
    expect(start.changes).toEqual([]);
    expect(world.requests()).toBe(before);
    // The feed is read with a minute of overlap: what happened just before "now" may show up once.
    const warmUp = await poll(world, start.cursor);

    world.sandbox.ui.updateContact(Number(a), {
      custom_fields_values: [
        { field_id: schema.phone.fieldId, values: [{ value: '+79990001122', enum_code: 'MOB' }] },
      ],
    });
    world.sandbox.ui.deleteContact(Number(b));
    world.sandbox.ui.moveLead(ourLead.id, { statusId: schema.pipeline.stages.to_lime });
    world.sandbox.ui.moveLead(otherLead.id, { statusId: world.sandbox.seed.wonStatusId });
    // Our own write of Lime-owned card fields is not worth a read.
    await amocrm.writeContacts(world.conn, [
      { ref: 'a', remoteId: a ?? '', fields: { visits: 2 }, state: null },
    ]);

    const first = await poll(world, warmUp.cursor);
    expect(sorted(first.changes)).toEqual(
      [`contact.deleted ${b}`, `contact.touched ${a}`, `preorder.touched ${ourLead.id}`].sort(),
    );
    const again = await poll(world, first.cursor);
    expect(again.changes).toEqual([]);
  });

  it('treats an unreadable cursor as a fresh start', async () => {
    world = await startAmoWorld();
    const answer = await poll(world, 'not-a-cursor');
    expect(answer.changes).toEqual([]);
    expect(JSON.parse(answer.cursor)).toMatchObject({ v: 1, seen: [] });
  });
});
