/**
 * What only Bitrix24 does, end to end: its event deliveries' one proof of origin, multi-field phones
 * that an edit must replace rather than append, date-only values the portal renders in its own zone,
 * and events that are never retried (the poll is the backstop).
 */
import qs from 'qs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientUpserted } from '../support/events.ts';
import { eventually } from '../support/hub.ts';
import { type BitrixUnderTest, bitrixUnderTest } from './support/bitrix24.ts';
import type { NeutralContact } from './support/crm-under-test.ts';
import { deliver, pollNow, pulledOf, sleep } from './support/probe.ts';
import { openStage, type Stage } from './support/stage.ts';

const contactOf = (stage: Stage, clientId: string): NeutralContact => {
  const found = stage.crm.contacts().filter((c) => c.limeId === clientId);
  expect(found).toHaveLength(1);
  return found[0] as NeutralContact;
};

/** An event delivery shaped as the portal's outgoing webhook sends it (bitrix24-api.md §9.2). */
function delivery(crm: BitrixUnderTest, contactId: string, applicationToken: string): string {
  const portal = new URL(crm.sandbox().portalUrl);
  return qs.stringify(
    {
      event: 'ONCRMCONTACTUPDATE',
      event_handler_id: '1',
      data: { FIELDS: { ID: contactId } },
      ts: String(Math.floor(Date.now() / 1000)),
      auth: {
        domain: portal.host,
        client_endpoint: `${portal.origin}/rest/`,
        server_endpoint: `${portal.origin}/oauth-server/rest/`,
        member_id: 'member',
        application_token: applicationToken,
      },
    },
    { format: 'RFC1738' },
  );
}

describe('bitrix24: event deliveries, phones and the poll', { timeout: 240_000 }, () => {
  const crm = bitrixUnderTest();
  let stage: Stage;
  beforeAll(async () => {
    stage = await openStage(crm);
    await stage.send([
      clientUpserted({ clientId: 'c-token', firstName: 'Тимур', phone: '+79031110001' }),
      clientUpserted({ clientId: 'c-phone', firstName: 'Фаина', phone: '+79031112233' }),
      clientUpserted({ clientId: 'c-lost', firstName: 'Лев', phone: '+79031119999' }),
    ]);
    await stage.quiet();
  });
  afterAll(async () => {
    await stage?.stop();
  });

  it('refuses a delivery with a wrong application token (403) and changes nothing', async () => {
    const { remoteId } = contactOf(stage, 'c-token');
    crm.configure({ eventDropRate: 1 });
    crm.editContact(remoteId, { phone: '+79031110002' });
    await crm.settle();
    crm.configure({ eventDropRate: 0 });
    const forged = await deliver(stage, delivery(crm, remoteId, 'not-the-portal-token'));
    expect(forged.status).toBe(403);
    await sleep(1_500);
    await stage.quiet();
    expect(await pulledOf(stage, 'client.changed', 'c-token')).toEqual([]);
    // The same delivery with the portal's token is taken.
    const genuine = await deliver(stage, delivery(crm, remoteId, crm.applicationToken()));
    expect(genuine.status).toBe(200);
    const [changed] = await eventually(async () => {
      const found = await pulledOf(stage, 'client.changed', 'c-token');
      return found.length > 0 ? found : undefined;
    });
    expect(changed?.data.changes).toEqual({ phone: '+79031110002' });
  });

  it('replaces a phone edited in Bitrix24 instead of appending one, on both sides', async () => {
    const { remoteId } = contactOf(stage, 'c-phone');
    crm.editContact(remoteId, { phone: '+79031114455' });
    const changed = await eventually(async () => (await pulledOf(stage, 'client.changed', 'c-phone'))[0]);
    expect(changed.data.changes).toEqual({ phone: '+79031114455' });
    // Lime confirms the edit, then changes the phone itself.
    await stage.send([
      clientUpserted(
        { clientId: 'c-phone', firstName: 'Фаина', phone: '+79031114455' },
        '2026-11-29T15:00:00+03:00',
      ),
    ]);
    await stage.quiet();
    expect(contactOf(stage, 'c-phone').phones).toEqual(['+79031114455']);
    await stage.send([
      clientUpserted(
        { clientId: 'c-phone', firstName: 'Фаина', phone: '+79031116677' },
        '2026-11-29T15:10:00+03:00',
      ),
    ]);
    await stage.quiet();
    expect(contactOf(stage, 'c-phone').phones).toEqual(['+79031116677']);
    expect(await pulledOf(stage, 'client.changed', 'c-phone')).toHaveLength(1);
  });

  it('recovers an edit whose event was lost, by polling', async () => {
    await pollNow(stage);
    const { remoteId } = contactOf(stage, 'c-lost');
    crm.configure({ eventDropRate: 1 });
    crm.editContact(remoteId, { phone: '+79031118888', lastName: 'Потерянный' });
    await crm.settle();
    crm.configure({ eventDropRate: 0 });
    expect(crm.sandbox().stats().events.dropped).toBeGreaterThan(0);
    await sleep(1_000);
    expect(await pulledOf(stage, 'client.changed', 'c-lost')).toEqual([]);
    await pollNow(stage);
    const changed = await eventually(async () => (await pulledOf(stage, 'client.changed', 'c-lost'))[0]);
    expect(changed.data.changes).toEqual({ phone: '+79031118888', lastName: 'Потерянный' });
    await pollNow(stage);
    await stage.quiet();
    expect(await pulledOf(stage, 'client.changed', 'c-lost')).toHaveLength(1);
  });
});

/** Year ends, 29 February, and (São Paulo, 1999) a day whose midnight did not exist (DST began at 00:00). */
const BIRTH_DATES = ['1999-12-31', '2000-01-01', '2000-02-29', '2001-12-31', '1999-10-03'];

describe.each(['Europe/Moscow', 'America/New_York', 'America/Sao_Paulo'])(
  'bitrix24 portal in %s: birth dates',
  { timeout: 240_000 },
  (timezone) => {
    const crm = bitrixUnderTest({ timezone });
    let stage: Stage;
    beforeAll(async () => {
      stage = await openStage(crm);
    });
    afterAll(async () => {
      await stage?.stop();
    });

    it.each(['shifted', 'midnight'])(
      'round-trip unchanged when the portal prints dates %s',
      async (output) => {
        crm.configure({ dateOutput: output });
        const ids = BIRTH_DATES.map((_, i) => `c-${output}-${i}`);
        await stage.send(
          BIRTH_DATES.map((birthDate, i) =>
            clientUpserted({
              clientId: ids[i],
              firstName: 'Дата',
              birthDate,
              phone: `+7903555${output.length}0${i}0`,
            }),
          ),
        );
        await stage.quiet();
        expect(ids.map((id) => contactOf(stage, id).birthDate)).toEqual(BIRTH_DATES);
        // Read back after the portal switched how it prints dates: a phone edit carries only the phone.
        crm.configure({ dateOutput: output === 'shifted' ? 'midnight' : 'shifted' });
        crm.editContact(contactOf(stage, ids[2] as string).remoteId, { phone: '+79035550999' });
        const changed = await eventually(
          async () => (await pulledOf(stage, 'client.changed', ids[2] as string))[0],
        );
        expect(changed.data.changes).toEqual({ phone: '+79035550999' });
        await stage.quiet();
        for (const id of ids.filter((_, i) => i !== 2))
          expect({ id, changed: await pulledOf(stage, 'client.changed', id) }).toEqual({ id, changed: [] });
      },
    );

    it('sends a birth date a manager typed exactly as typed', async () => {
      crm.configure({ dateOutput: 'shifted' });
      for (const [i, birthDate] of ['2004-02-29', '1990-12-31', '1991-01-01'].entries()) {
        const clientId = `c-typed-${i}`;
        await stage.send([clientUpserted({ clientId, firstName: 'Ввод', phone: `+7903666000${i}` })]);
        await stage.quiet();
        crm.editContact(contactOf(stage, clientId).remoteId, { birthDate });
        const changed = await eventually(async () => (await pulledOf(stage, 'client.changed', clientId))[0]);
        expect(changed.data.changes).toEqual({ birthDate });
      }
    });
  },
);
