/**
 * Two-way semantics for both CRMs, end to end (docs/sync-rules.md §2–§4): who wins when a CRM user and
 * Lime change the same client, stale Lime states, and limebridge's own writes never coming back as edits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientUpserted, transactionRecorded } from '../support/events.ts';
import { eventually } from '../support/hub.ts';
import { amoUnderTest } from './support/amocrm.ts';
import { bitrixUnderTest } from './support/bitrix24.ts';
import type { CrmUnderTest, NeutralContact } from './support/crm-under-test.ts';
import { activity, pulledOf, sleep, withOptions } from './support/probe.ts';
import { openStage, type Stage } from './support/stage.ts';

const CRMS: [string, () => CrmUnderTest][] = [
  ['amocrm', amoUnderTest],
  ['bitrix24', bitrixUnderTest],
];

/** A Lime state of one adult, minute `minute` after 15:00 on the day of the test. */
function limeState(clientId: string, minute: number, data: Record<string, unknown>) {
  const at = `2026-11-29T15:${String(minute).padStart(2, '0')}:00+03:00`;
  return clientUpserted({ clientId, firstName: 'Ольга', lastName: 'Гончарова', ...data }, at);
}

function contactOf(stage: Stage, clientId: string): NeutralContact {
  const found = stage.crm.contacts().filter((c) => c.limeId === clientId);
  expect(found).toHaveLength(1);
  return found[0] as NeutralContact;
}

describe.each(CRMS)('%s: who wins, and what comes back', { timeout: 240_000 }, (_name, make) => {
  let stage: Stage;
  beforeAll(async () => {
    stage = await openStage(make());
    await stage.send([limeState('c-olga', 0, { phone: '+79161110001', email: 'olga@example.ru' })]);
    await stage.quiet();
  });
  afterAll(async () => {
    await stage?.stop();
  });

  it('lets Lime win a field both sides changed, and keeps a CRM edit of another field', async () => {
    const { remoteId } = contactOf(stage, 'c-olga');
    // Lime's change waits for its flush; the manager edits the same client meanwhile.
    await withOptions(stage, { flushDelayMs: 20_000 }, async () => {
      await stage.send([limeState('c-olga', 1, { phone: '+79161110001', email: 'olga.lime@example.ru' })]);
      stage.crm.editContact(remoteId, { email: 'olga.crm@example.ru', phone: '+79161110002' });
      const conflict = await eventually(async () =>
        (await activity(stage, 'c-olga')).find((e) => e.operation === 'contact.conflict'),
      );
      expect(conflict.detail).toMatchObject({ fields: ['email'], winner: 'lime' });
      await stage.quiet(90_000);
    });
    const contact = contactOf(stage, 'c-olga');
    expect(contact.emails).toEqual(['olga.lime@example.ru']);
    expect(contact.phones).toEqual(['+79161110002']);
    const changed = await pulledOf(stage, 'client.changed', 'c-olga');
    expect(changed.map((e) => e.data.changes)).toEqual([{ phone: '+79161110002' }]);
  });

  it('does not let a Lime state made before Lime applied a CRM edit revert the CRM', async () => {
    const { remoteId } = contactOf(stage, 'c-olga');
    stage.crm.editContact(remoteId, { phone: '+79161110003' });
    await eventually(async () => (await pulledOf(stage, 'client.changed', 'c-olga')).length === 2);
    // Lime had not applied the edit yet when a cashier changed the last name.
    await stage.send([
      limeState('c-olga', 2, { phone: '+79161110002', email: 'olga.lime@example.ru', lastName: 'Рябова' }),
    ]);
    await stage.quiet();
    expect(contactOf(stage, 'c-olga')).toMatchObject({ lastName: 'Рябова', phones: ['+79161110003'] });
    // Lime confirms the edit.
    await stage.send([
      limeState('c-olga', 3, { phone: '+79161110003', email: 'olga.lime@example.ru', lastName: 'Рябова' }),
    ]);
    await stage.quiet();
    expect(contactOf(stage, 'c-olga')).toMatchObject({ lastName: 'Рябова', phones: ['+79161110003'] });
    const changed = await pulledOf(stage, 'client.changed', 'c-olga');
    expect(changed.map((e) => e.data.changes)).toEqual([
      { phone: '+79161110002' },
      { phone: '+79161110003' },
    ]);
  });

  it('writes a contact at most once per flush and never hears its own writes as edits', async () => {
    const writes = () => stage.crm.contactWrites();
    const start = writes();
    const passes = (n: number, minute: number) =>
      Array.from({ length: n }, (_, i) =>
        transactionRecorded(
          'c-pass',
          {},
          `2026-11-29T16:${String(minute).padStart(2, '0')}:${String(i).padStart(2, '0')}+03:00`,
        ),
      );
    await stage.send([limeState('c-pass', 0, { phone: '+79161110010' }), ...passes(10, 0)]);
    await stage.quiet();
    expect(writes() - start).toBe(1);
    for (let round = 1; round <= 5; round++) {
      const before = writes();
      await stage.send(passes(1, round));
      await stage.quiet();
      expect(writes() - before).toBe(1);
    }
    // A burst of separate requests gathers into one flush.
    const beforeBurst = writes();
    await withOptions(stage, { flushDelayMs: 4_000 }, async () => {
      for (let i = 0; i < 10; i++) await stage.send(passes(1, 10 + i));
      await stage.quiet();
    });
    expect(writes() - beforeBurst).toBeLessThanOrEqual(2);
    // Every write fired a webhook; none is taken for an edit, and nothing is written back.
    const settled = writes();
    await sleep(3_000);
    await stage.quiet();
    expect(writes()).toBe(settled);
    expect(await pulledOf(stage, 'client.changed', 'c-pass')).toEqual([]);
    expect(contactOf(stage, 'c-pass').visits).toBe(25);
  });
});
