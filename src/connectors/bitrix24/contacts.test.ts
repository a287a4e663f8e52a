import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactCard } from '../../core/derive/contact-card.ts';
import { localDate } from '../../core/model/time.ts';
import { unwrap } from '../../core/result.ts';
import type { ContactWrite, Json, WriteOutcome } from '../contract.ts';
import { bitrix24 } from './index.ts';
import { startPortal, type TestPortal } from './test-portal.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(() => portal.close());

const LAST_VISIT = Date.UTC(2026, 10, 28, 21, 30, 15);

function card(limeId: string, overrides: Partial<ContactCard> = {}): ContactCard {
  return {
    limeId,
    firstName: 'Анна',
    lastName: 'Иванова',
    middleName: 'Сергеевна',
    birthDate: '1990-01-01',
    phone: '+79161234567',
    email: 'anna@example.com',
    children: 'Петя Иванов — 01.02.2015\nМаша Иванова — 03.04.2018',
    lastTransactions:
      '28.11.2026 21:30 · Проход · 0.00 RUB · Турникет 1\n27.11.2026 10:00 · Покупка · 1500.00 RUB · Касса',
    lastVisit: LAST_VISIT,
    visits: 7,
    nextChildBirthday: localDate(2027, 2, 1),
    registrationChannel: 'Касса',
    ...overrides,
  };
}

async function create(cards: ContactCard[]): Promise<WriteOutcome[]> {
  const writes = cards.map(
    (fields): ContactWrite => ({ ref: fields.limeId, remoteId: null, fields, state: {} }),
  );
  return unwrap(await bitrix24.writeContacts(portal.conn, writes));
}

function okOutcome(outcome: WriteOutcome | undefined): { remoteId: string; state: Json } {
  if (!outcome?.ok) throw new Error(`write failed: ${JSON.stringify(outcome)}`);
  return outcome;
}

function requestsDuring<T>(run: () => Promise<T>): Promise<{ value: T; requests: number }> {
  const before = portal.sandbox.stats().requests;
  return run().then((value) => ({ value, requests: portal.sandbox.stats().requests - before }));
}

describe('writeContacts', () => {
  it('creates 50 contacts in one request with every field exact, and reads them back equal', async () => {
    const cards = Array.from({ length: 50 }, (_, index) =>
      card(`c-${index}`, {
        phone: `+7916${String(1_000_000 + index).padStart(7, '0')}`,
        email: `a${index}@example.com`,
      }),
    );
    const { value: outcomes, requests } = await requestsDuring(() => create(cards));
    expect(requests).toBe(1);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const first = okOutcome(outcomes.find((outcome) => outcome.ref === 'c-0'));
    const stored = portal.sandbox.state.contact(Number(first.remoteId));
    expect(stored).toMatchObject({
      NAME: 'Анна',
      LAST_NAME: 'Иванова',
      SECOND_NAME: 'Сергеевна',
      ORIGINATOR_ID: 'limebridge',
      ORIGIN_ID: 'c-0',
      UF_CRM_LIME_CHILDREN: cards[0]?.children,
      UF_CRM_LIME_LAST_TX: cards[0]?.lastTransactions,
      UF_CRM_LIME_CHANNEL: 'Касса',
      PHONE: [expect.objectContaining({ VALUE: '+79161000000', VALUE_TYPE: 'MOBILE' })],
      EMAIL: [expect.objectContaining({ VALUE: 'a0@example.com', VALUE_TYPE: 'WORK' })],
    });
    expect(String(stored?.BIRTHDATE).slice(0, 10)).toBe('1990-01-01');
    expect(String(stored?.UF_CRM_LIME_CHILD_BDAY_NEXT).slice(0, 10)).toBe('2027-02-01');
    expect(Date.parse(String(stored?.UF_CRM_LIME_LAST_VISIT))).toBe(LAST_VISIT);
    expect(Number(stored?.UF_CRM_LIME_VISITS)).toBe(7);

    const [read] = unwrap(await bitrix24.fetchContacts(portal.conn, [first.remoteId]));
    expect(read?.card).toEqual(cards[0]);

    // The steady state: a new transaction changes three card fields of each of 50 contacts.
    const updates = outcomes.map((outcome): ContactWrite => {
      const { remoteId, state } = okOutcome(outcome);
      return {
        ref: outcome.ref,
        remoteId,
        state,
        fields: { lastTransactions: 'новая', visits: 8, lastVisit: LAST_VISIT + 1000 },
      };
    });
    const updated = await requestsDuring(() => bitrix24.writeContacts(portal.conn, updates));
    expect(updated.requests).toBe(1);
    expect(unwrap(updated.value).every((outcome) => outcome.ok)).toBe(true);
    expect(read?.limeId).toBe('c-0');
  });

  it('rewrites the owned phone by id: the manager’s other phone stays and nothing is appended twice', async () => {
    const [created] = await create([card('p-1', { phone: '+79160000001' })]);
    const { remoteId, state } = okOutcome(created);
    portal.sandbox.ui.updateContact(Number(remoteId), {
      PHONE: [{ VALUE: '+74951112233', VALUE_TYPE: 'WORK' }],
    });

    const write = (fields: Partial<ContactCard>, current: Json) =>
      bitrix24.writeContacts(portal.conn, [{ ref: 'p-1', remoteId, fields, state: current }]);
    // The id of the phone we created is not known yet: one read, then the write.
    const first = await requestsDuring(() => write({ phone: '+79160000002' }, state));
    expect(first.requests).toBe(2);
    const next = okOutcome(unwrap(first.value)[0]);
    const second = await requestsDuring(() => write({ phone: '+79160000003' }, next.state));
    expect(second.requests).toBe(1);
    const again = await requestsDuring(() =>
      write({ phone: '+79160000003' }, okOutcome(unwrap(second.value)[0]).state),
    );
    expect(again.requests).toBe(1);

    const phones = (portal.sandbox.state.contact(Number(remoteId))?.PHONE ?? []) as {
      VALUE: string;
      VALUE_TYPE: string;
    }[];
    expect(phones.map((phone) => [phone.VALUE, phone.VALUE_TYPE]).sort()).toEqual([
      ['+74951112233', 'WORK'],
      ['+79160000003', 'MOBILE'],
    ]);
  });

  it('writes exactly the keys given; null clears a field and deletes only the owned e-mail', async () => {
    const [created] = await create([card('u-1')]);
    const { remoteId, state } = okOutcome(created);
    portal.sandbox.ui.updateContact(Number(remoteId), {
      EMAIL: [{ VALUE: 'boss@example.com', VALUE_TYPE: 'HOME' }],
    });
    const fields = {
      lastTransactions: 'новая строка',
      visits: 8,
      children: null,
      email: null,
      birthDate: null,
    };
    const outcome = okOutcome(
      unwrap(await bitrix24.writeContacts(portal.conn, [{ ref: 'u-1', remoteId, fields, state }]))[0],
    );
    const [read] = unwrap(await bitrix24.fetchContacts(portal.conn, [remoteId]));
    expect(read?.card).toMatchObject({ ...card('u-1'), ...fields, email: 'boss@example.com' });
    expect(read?.emails).toEqual(['boss@example.com']);
    expect(outcome.state).toMatchObject({ email: null });
  });

  it('answers per item: a contact deleted in the CRM is not_found, the others are written', async () => {
    const outcomes = await create([card('g-1'), card('g-2')]);
    const [gone, kept] = outcomes.map(okOutcome);
    if (!gone || !kept) throw new Error('no contacts');
    portal.sandbox.ui.deleteContact(Number(gone.remoteId));
    const result = unwrap(
      await bitrix24.writeContacts(portal.conn, [
        { ref: 'g-1', remoteId: gone.remoteId, fields: { visits: 1 }, state: gone.state },
        { ref: 'g-2', remoteId: kept.remoteId, fields: { visits: 2 }, state: kept.state },
      ]),
    );
    expect(result).toContainEqual({
      ref: 'g-1',
      ok: false,
      error: expect.objectContaining({ kind: 'not_found', remoteId: gone.remoteId }),
    });
    expect(result).toContainEqual(expect.objectContaining({ ref: 'g-2', ok: true }));
  });
});

describe('reading contacts', () => {
  it('finds by Lime id, by phone as people type it and by e-mail', async () => {
    const [byId, byPhone, byEmail] = (
      await create([
        card('f-1', { phone: '+79031110001', email: 'f1@example.com' }),
        card('f-2', { phone: '+79031110002', email: 'f2@example.com' }),
        card('f-3', { phone: '+79031110003', email: 'f3@example.com' }),
      ])
    ).map(okOutcome);
    const { value, requests } = await requestsDuring(() =>
      bitrix24.findContacts(portal.conn, {
        limeIds: ['f-1', 'missing'],
        phones: ['8 (903) 111-00-02'],
        emails: ['F3@example.com'],
      }),
    );
    const found = unwrap(value);
    expect(found.map((contact) => contact.remoteId).sort()).toEqual(
      [byId?.remoteId, byPhone?.remoteId, byEmail?.remoteId].sort(),
    );
    expect(requests).toBe(2);
  });

  it('scans every contact, 500 per request', async () => {
    const fresh = await startPortal();
    try {
      for (let start = 0; start < 520; start += 50) {
        const cards = Array.from({ length: Math.min(50, 520 - start) }, (_, index) =>
          card(`s-${start + index}`, { phone: null, email: null }),
        );
        const writes = cards.map(
          (fields): ContactWrite => ({ ref: fields.limeId, remoteId: null, fields, state: {} }),
        );
        unwrap(await bitrix24.writeContacts(fresh.conn, writes));
      }
      const before = fresh.sandbox.stats().requests;
      const first = unwrap(await bitrix24.scanContacts(fresh.conn, null));
      expect(first.items).toHaveLength(500);
      expect(first.next).not.toBeNull();
      const second = unwrap(await bitrix24.scanContacts(fresh.conn, first.next));
      expect(second.items).toHaveLength(20);
      expect(second.next).toBeNull();
      expect(fresh.sandbox.stats().requests - before).toBe(2);
      const limeIds = new Set([...first.items, ...second.items].map((contact) => contact.limeId));
      expect(limeIds.size).toBe(520);
    } finally {
      await fresh.close();
    }
  });
});

describe('deleteContacts and writeNotes', () => {
  it('deletes contacts; one already gone is fine', async () => {
    const [a] = (await create([card('d-1')])).map(okOutcome);
    if (!a) throw new Error('no contact');
    const outcomes = unwrap(await bitrix24.deleteContacts(portal.conn, [a.remoteId, '999999']));
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(portal.sandbox.state.contact(Number(a.remoteId))).toBeUndefined();
  });

  it('adds timeline comments to contacts in one request, each answered on its own', async () => {
    const [a] = (await create([card('n-1')])).map(okOutcome);
    if (!a) throw new Error('no contact');
    const notes = [
      { ref: 't1', remoteContactId: a.remoteId, text: '28.11.2026 21:30 · Проход · 0.00 RUB · Турникет 1' },
      { ref: 't2', remoteContactId: a.remoteId, text: 'вторая\nстрока' },
      { ref: 't3', remoteContactId: '999999', text: 'nobody' },
    ];
    const { value, requests } = await requestsDuring(() => bitrix24.writeNotes(portal.conn, notes));
    expect(requests).toBe(1);
    const outcomes = unwrap(value);
    expect(
      outcomes
        .filter((outcome) => outcome.ok)
        .map((outcome) => outcome.ref)
        .sort(),
    ).toEqual(['t1', 't2']);
    expect(outcomes.find((outcome) => outcome.ref === 't3')).toMatchObject({
      ok: false,
      error: { kind: 'not_found', remoteId: '999999' },
    });
    const comments = portal.sandbox.state
      .timeline()
      .comments.filter((comment) => String(comment.ENTITY_ID) === a.remoteId);
    expect(comments.map((comment) => [comment.ENTITY_TYPE, comment.COMMENT])).toEqual([
      ['contact', notes[0]?.text],
      ['contact', notes[1]?.text],
    ]);
  });
});

describe('dates read back without a shift, whatever the portal zone and date style', () => {
  it.each([
    ['Europe/Moscow', 'shifted'],
    ['Asia/Vladivostok', 'midnight'],
    ['America/New_York', 'shifted'],
    ['America/New_York', 'midnight'],
  ] as const)('%s, %s', async (timezone, dateOutput) => {
    const zoned = await startPortal({ sandbox: { timezone, dateOutput } });
    try {
      const fields = card('z-1', { birthDate: '1990-01-01', nextChildBirthday: localDate(2027, 3, 31) });
      const [created] = unwrap(
        await bitrix24.writeContacts(zoned.conn, [{ ref: 'z', remoteId: null, fields, state: {} }]),
      );
      const [read] = unwrap(await bitrix24.fetchContacts(zoned.conn, [okOutcome(created).remoteId]));
      expect(read?.card).toMatchObject({
        birthDate: '1990-01-01',
        nextChildBirthday: '2027-03-31',
        lastVisit: LAST_VISIT,
      });
    } finally {
      await zoned.close();
    }
  });
});
