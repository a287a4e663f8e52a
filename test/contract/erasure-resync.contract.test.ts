/**
 * Forgetting a person (docs/sync-rules.md §9) and repairing drift with a resync, for both CRMs, end to end:
 * Lime events in; the CRM sandbox, the hub's tables and what Lime pulls out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientUpserted,
  event,
  familyLinked,
  productUpserted,
  transactionRecorded,
} from '../support/events.ts';
import { amoUnderTest } from './support/amocrm.ts';
import { bitrixUnderTest } from './support/bitrix24.ts';
import type { CrmUnderTest, NeutralContact } from './support/crm-under-test.ts';
import { patchConnection, pulledOf, resync, tablesMentioning } from './support/probe.ts';
import { openStage, type Stage } from './support/stage.ts';

const CRMS: [string, () => CrmUnderTest][] = [
  ['amocrm', amoUnderTest],
  ['bitrix24', bitrixUnderTest],
];

/** A contact with every card field emptied (what the `blank` policy leaves). */
const BLANK = {
  limeId: null,
  firstName: null,
  lastName: null,
  phones: [],
  emails: [],
  birthDate: null,
  children: null,
  lastTransactions: null,
  lastVisit: null,
  visits: null,
  nextChildBirthday: null,
  channel: null,
};

const contactsOf = (stage: Stage, clientId: string) =>
  stage.crm.contacts().filter((c) => c.limeId === clientId);
const remoteOf = (stage: Stage, clientId: string) => {
  const [contact] = contactsOf(stage, clientId);
  if (!contact) throw new Error(`no contact for ${clientId}`);
  return contact.remoteId;
};
const byRemote = (stage: Stage, remoteId: string) =>
  stage.crm.contacts().find((c) => c.remoteId === remoteId);

/** Everything the hub may have kept about the forgotten adult: name, phone, e-mail. */
const TRACES = ['Забвенн', '9165550001', 'zabvenny'];

describe.each(CRMS)('%s: forgetting a person', { timeout: 240_000 }, (_name, make) => {
  let stage: Stage;
  beforeAll(async () => {
    stage = await openStage(make());
    await stage.send([
      clientUpserted({
        clientId: 'c-gone',
        firstName: 'Гордей',
        lastName: 'Забвенный',
        phone: '+79165550001',
        email: 'Zabvenny@example.ru',
        birthDate: '1985-03-03',
      }),
      clientUpserted({ clientId: 'c-mom', firstName: 'Марина', lastName: 'Помнящая', phone: '+79165550002' }),
      clientUpserted({
        clientId: 'c-kid',
        firstName: 'Кира',
        lastName: 'Стиранова',
        category: 'child',
        phone: null,
      }),
      familyLinked('c-mom', 'c-kid'),
      familyLinked('c-gone', 'c-kid'),
      transactionRecorded('c-gone', { transactionId: 't-gone-1' }, '2026-11-29T16:00:00+03:00'),
      transactionRecorded('c-kid', { transactionId: 't-kid-1' }, '2026-11-29T16:05:00+03:00'),
    ]);
    await stage.quiet();
  });
  afterAll(async () => {
    await stage?.stop();
  });

  it('deletes the contact where the CRM can (else blanks it) and keeps nothing about the person', async () => {
    const remoteId = remoteOf(stage, 'c-gone');
    for (const trace of TRACES) expect(await tablesMentioning(stage, trace)).toContain('clients');
    await stage.send([event('client.deleted', { clientId: 'c-gone' }, '2026-11-29T18:00:00+03:00')]);
    await stage.quiet();
    if (stage.crm.kind === 'bitrix24') expect(byRemote(stage, remoteId)).toBeUndefined();
    else expect(byRemote(stage, remoteId)).toMatchObject(BLANK);
    expect(contactsOf(stage, 'c-gone')).toEqual([]);
    for (const trace of TRACES)
      expect({ trace, tables: await tablesMentioning(stage, trace) }).toEqual({ trace, tables: [] });
    // The child's other parent still shows the child.
    expect(contactsOf(stage, 'c-mom')[0]?.children).toBe('Кира Стиранова');
  });

  it('forgets a child: every parent’s card loses the line', async () => {
    await stage.send([event('client.deleted', { clientId: 'c-kid' }, '2026-11-29T18:01:00+03:00')]);
    await stage.quiet();
    expect(contactsOf(stage, 'c-mom')[0]?.children ?? null).toBeNull();
    expect(await tablesMentioning(stage, 'Стиранов')).toEqual([]);
  });

  it('lets no late event bring a forgotten person back', async () => {
    const before = stage.crm.contacts().length;
    await stage.send([
      clientUpserted(
        { clientId: 'c-gone', firstName: 'Гордей', lastName: 'Забвенный', phone: '+79165550001' },
        '2026-11-29T17:00:00+03:00',
      ),
      transactionRecorded('c-gone', { transactionId: 't-gone-late' }, '2026-11-29T17:30:00+03:00'),
      familyLinked('c-gone', 'c-kid', '2026-11-29T17:31:00+03:00'),
    ]);
    await stage.quiet();
    expect(contactsOf(stage, 'c-gone')).toEqual([]);
    expect(stage.crm.contacts()).toHaveLength(before);
    for (const trace of TRACES)
      expect({ trace, tables: await tablesMentioning(stage, trace) }).toEqual({ trace, tables: [] });
    // A manager typing into what is left of the contact tells Lime nothing about the person.
    const left = stage.crm.contacts().find((c) => c.limeId === null && c.firstName === null);
    if (left) {
      stage.crm.editContact(left.remoteId, { phone: '+79165550009' });
      await stage.quiet();
    }
    expect(await pulledOf(stage, 'client.changed', 'c-gone')).toEqual([]);
  });

  it('blanks the contact instead when the connection says erasure: blank', async () => {
    await patchConnection(stage, { options: { erasure: 'blank' } });
    await stage.send([
      clientUpserted({ clientId: 'c-blank', firstName: 'Белла', lastName: 'Пустова', phone: '+79165550003' }),
      transactionRecorded('c-blank', { transactionId: 't-blank-1' }),
    ]);
    await stage.quiet();
    const remoteId = remoteOf(stage, 'c-blank');
    await stage.send([event('client.deleted', { clientId: 'c-blank' }, '2026-11-29T18:02:00+03:00')]);
    await stage.quiet();
    expect(byRemote(stage, remoteId)).toMatchObject(BLANK);
    expect(await tablesMentioning(stage, 'Пустов')).toEqual([]);
  });
});

describe.each(CRMS)('%s: resync repairs drift', { timeout: 240_000 }, (_name, make) => {
  let stage: Stage;
  const adults = ['c-r1', 'c-r2', 'c-r3'];
  beforeAll(async () => {
    stage = await openStage(make());
    await stage.send([
      productUpserted({ productId: 'p-r', name: 'Абонемент', price: '3000.00' }),
      ...adults.map((clientId, i) =>
        clientUpserted({ clientId, firstName: 'Рита', lastName: `Ремонтова-${i}`, phone: `+7916777000${i}` }),
      ),
      ...adults.map((clientId, i) =>
        transactionRecorded(clientId, { transactionId: `t-r-${i}` }, '2026-11-29T12:00:00+03:00'),
      ),
    ]);
    await stage.quiet();
  });
  afterAll(async () => {
    await stage?.stop();
  });

  const dropWebhooks = (drop: boolean) =>
    stage.crm.configure(
      stage.crm.kind === 'amocrm' ? { webhookDropRate: drop ? 1 : 0 } : { eventDropRate: drop ? 1 : 0 },
    );

  it('restores a hand-edited derived field and re-creates deleted contacts, duplicating nothing', async () => {
    const expected = (contactsOf(stage, 'c-r1')[0] as NeutralContact).lastTransactions;
    expect(expected).toMatch(/Проход/);
    stage.crm.editContact(remoteOf(stage, 'c-r1'), { lastTransactions: 'стёрто вручную' });
    stage.crm.deleteContact(remoteOf(stage, 'c-r2'));
    // The hub never hears of this deletion.
    dropWebhooks(true);
    stage.crm.deleteContact(remoteOf(stage, 'c-r3'));
    await stage.crm.settle();
    dropWebhooks(false);
    await stage.quiet();
    expect(contactsOf(stage, 'c-r1')[0]?.lastTransactions).toBe('стёрто вручную');

    const run = await resync(stage, 'all');
    expect(run).toMatchObject({ state: 'done', progress: 1, error: null });
    await stage.quiet();
    for (const clientId of adults) expect(contactsOf(stage, clientId)).toHaveLength(1);
    expect(stage.crm.contacts()).toHaveLength(adults.length);
    expect(contactsOf(stage, 'c-r1')[0]?.lastTransactions).toBe(expected);
    expect(contactsOf(stage, 'c-r3')[0]).toMatchObject({ lastName: 'Ремонтова-2', phones: ['+79167770002'] });
    expect(stage.crm.products().filter((p) => p.limeId === 'p-r')).toHaveLength(1);
  });

  it('changes nothing when nothing drifted', async () => {
    const writes = stage.crm.contactWrites();
    const before = stage.crm.contacts();
    await resync(stage, 'all');
    await stage.quiet();
    expect(stage.crm.contactWrites()).toBe(writes);
    expect(stage.crm.contacts()).toEqual(before);
  });
});
