import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Client } from '../model/client.ts';
import type { Email } from '../model/email.ts';
import type { Phone } from '../model/phone.ts';
import type { LocalDate } from '../model/time.ts';
import { TRANSACTION_KINDS, type Transaction, type TransactionKind } from '../model/transaction.ts';
import {
  childrenLines,
  deriveContactCard,
  LAST_TRANSACTIONS_SHOWN,
  lastTransactionLines,
  summarizePasses,
  transactionLine,
} from './contact-card.ts';

const utc = (iso: string) => Date.parse(iso);

function person(overrides: Partial<Client> = {}): Client {
  return {
    clientId: 'p-1',
    category: 'adult',
    firstName: 'Анна',
    lastName: 'Иванова',
    middleName: null,
    birthDate: '1988-04-02' as LocalDate,
    gender: 'female',
    phone: '+79123456789' as Phone,
    email: 'anna@example.ru' as Email,
    registrationChannel: 'mobile_app',
    cards: [],
    marketingConsent: null,
    stateAt: 0,
    ...overrides,
  };
}

function child(firstName: string, lastName: string | null, birthDate: string | null, id = firstName): Client {
  return person({
    clientId: id,
    category: 'child',
    firstName,
    lastName,
    birthDate: birthDate as LocalDate | null,
    phone: null,
    email: null,
  });
}

function tx(id: string, iso: string, kind: TransactionKind = 'purchase', minor = 150000): Transaction {
  return {
    transactionId: id,
    clientId: 'p-1',
    kind,
    amount: { minor, currency: 'RUB' },
    servicePoint: { id: 'sp-1', name: 'Касса 1', kind: 'cashdesk' },
    cardNumber: null,
    items: [],
    occurredAt: utc(iso),
  };
}

describe('children lines', () => {
  it('shows `<first> <last> — DD.MM.YYYY`, the eldest first', () => {
    expect(
      childrenLines([
        child('Маша', 'Иванова', '2019-02-01'),
        child('Петя', 'Иванов', '2016-11-30'),
        child('Вова', 'Иванов', '2021-07-15'),
      ]),
    ).toBe(['Петя Иванов — 30.11.2016', 'Маша Иванова — 01.02.2019', 'Вова Иванов — 15.07.2021'].join('\n'));
  });

  it('leaves out a missing last name and a missing birth date (undated children last)', () => {
    expect(
      childrenLines([
        child('Соня', null, null),
        child('Маша', null, '2019-02-01'),
        child('Петя', 'Иванов', null),
      ]),
    ).toBe(['Маша — 01.02.2019', 'Петя Иванов', 'Соня'].join('\n'));
  });

  it('orders twins by first name (Russian collation)', () => {
    expect(childrenLines([child('Яна', null, '2020-05-05'), child('Ева', null, '2020-05-05')])).toBe(
      ['Ева — 05.05.2020', 'Яна — 05.05.2020'].join('\n'),
    );
  });

  it('is empty (null) for a client without children', () => {
    expect(childrenLines([])).toBeNull();
  });
});

describe('transaction lines', () => {
  it('reads `DD.MM.YYYY HH:MM · <kind> · <amount> <currency> · <service point>` in the tenant zone', () => {
    const t = tx('t1', '2026-11-29T11:05:42Z');
    expect(transactionLine(t, 'Europe/Moscow')).toBe('29.11.2026 14:05 · Покупка · 1500.00 RUB · Касса 1');
    expect(transactionLine(t, 'Asia/Yekaterinburg')).toBe(
      '29.11.2026 16:05 · Покупка · 1500.00 RUB · Касса 1',
    );
    expect(transactionLine(t, 'Europe/Kaliningrad')).toBe(
      '29.11.2026 13:05 · Покупка · 1500.00 RUB · Касса 1',
    );
  });

  it.each([
    ['purchase', 'Покупка'],
    ['deposit_topup', 'Пополнение депозита'],
    ['pass', 'Проход'],
    ['refund', 'Возврат'],
  ] as const)('labels %s as %s', (kind, label) => {
    expect(transactionLine(tx('t', '2026-01-01T09:00:00Z', kind, 0), 'UTC')).toBe(
      `01.01.2026 09:00 · ${label} · 0.00 RUB · Касса 1`,
    );
  });

  it('shows a negative amount with its sign', () => {
    expect(transactionLine(tx('t', '2026-01-01T09:00:00Z', 'refund', -50050), 'UTC')).toContain(
      ' · Возврат · -500.50 RUB · ',
    );
  });

  it('keeps exactly the 10 newest, newest first, whatever order they come in', () => {
    const all = Array.from({ length: 13 }, (_, i) =>
      tx(`t${String(i).padStart(2, '0')}`, `2026-03-${String(i + 1).padStart(2, '0')}T10:00:00Z`),
    );
    const shuffled = [
      all[7],
      all[0],
      all[12],
      all[3],
      all[9],
      all[1],
      all[11],
      all[5],
      all[2],
      all[10],
      all[4],
      all[8],
      all[6],
    ] as Transaction[];
    const lines = (lastTransactionLines(shuffled, 'Europe/Moscow') ?? '').split('\n');
    expect(lines).toHaveLength(LAST_TRANSACTIONS_SHOWN);
    expect(lines[0]).toBe('13.03.2026 13:00 · Покупка · 1500.00 RUB · Касса 1');
    expect(lines[9]).toBe('04.03.2026 13:00 · Покупка · 1500.00 RUB · Касса 1');
  });

  it('orders transactions of the same instant by id, highest first (stable across runs)', () => {
    const lines = lastTransactionLines(
      [tx('a', '2026-01-01T09:00:00Z', 'pass', 0), tx('b', '2026-01-01T09:00:00Z', 'purchase', 100)],
      'UTC',
    );
    expect(lines).toBe(
      [
        '01.01.2026 09:00 · Покупка · 1.00 RUB · Касса 1',
        '01.01.2026 09:00 · Проход · 0.00 RUB · Касса 1',
      ].join('\n'),
    );
  });

  it('is null when there are no transactions', () => {
    expect(lastTransactionLines([], 'UTC')).toBeNull();
  });

  it('shows min(n, 10) lines, sorted newest first (property)', () => {
    const txs = fc.uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 6 }),
        at: fc.integer({ min: utc('2025-01-01T00:00:00Z'), max: utc('2027-01-01T00:00:00Z') }),
        kind: fc.constantFrom(...TRANSACTION_KINDS),
      }),
      { selector: (t) => t.id, maxLength: 25 },
    );
    fc.assert(
      fc.property(txs, (items) => {
        const list = items.map((t) => ({ ...tx(t.id, '2026-01-01T00:00:00Z', t.kind), occurredAt: t.at }));
        const text = lastTransactionLines(list, 'Europe/Moscow');
        if (list.length === 0) {
          expect(text).toBeNull();
          return;
        }
        const lines = (text ?? '').split('\n');
        expect(lines).toHaveLength(Math.min(list.length, LAST_TRANSACTIONS_SHOWN));
        const newest = [...list]
          .sort((a, b) => b.occurredAt - a.occurredAt)
          .slice(0, LAST_TRANSACTIONS_SHOWN);
        // DD.MM.YYYY HH:MM → YYYYMMDDHH:MM, so lines compare by time
        const key = (line: string) =>
          line.slice(6, 10) + line.slice(3, 5) + line.slice(0, 2) + line.slice(11, 16);
        for (let i = 1; i < lines.length; i++)
          expect(key(lines[i - 1] ?? '') >= key(lines[i] ?? '')).toBe(true);
        expect(lines.map(key)).toEqual(newest.map((t) => key(transactionLine(t, 'Europe/Moscow'))));
      }),
      { numRuns: 200 },
    );
  });
});

describe('pass summary', () => {
  it('counts passes only and keeps the latest one', () => {
    expect(
      summarizePasses([
        tx('1', '2026-01-01T09:00:00Z', 'pass'),
        tx('2', '2026-01-03T09:00:00Z', 'purchase'),
        tx('3', '2026-01-02T09:00:00Z', 'pass'),
        tx('4', '2026-01-04T09:00:00Z', 'refund'),
      ]),
    ).toEqual({ count: 2, lastAt: utc('2026-01-02T09:00:00Z') });
    expect(summarizePasses([])).toEqual({ count: 0, lastAt: null });
  });
});

describe('deriveContactCard', () => {
  const now = utc('2026-06-09T21:30:00Z'); // 10 June 00:30 in Moscow, still 9 June 23:30 in Kaliningrad

  it('puts the whole card together', () => {
    const card = deriveContactCard({
      client: person(),
      children: [child('Маша', 'Иванова', '2019-06-09'), child('Петя', null, '2016-12-01')],
      recentTransactions: [tx('t1', '2026-06-01T08:00:00Z', 'pass', 0)],
      passes: { count: 7, lastAt: utc('2026-06-01T08:00:00.999Z') },
      timeZone: 'Europe/Moscow',
      now,
    });
    expect(card).toEqual({
      firstName: 'Анна',
      lastName: 'Иванова',
      middleName: null,
      birthDate: '1988-04-02',
      phone: '+79123456789',
      email: 'anna@example.ru',
      limeId: 'p-1',
      children: 'Петя — 01.12.2016\nМаша Иванова — 09.06.2019',
      lastTransactions: '01.06.2026 11:00 · Проход · 0.00 RUB · Касса 1',
      lastVisit: utc('2026-06-01T08:00:00Z'), // whole seconds, as CRMs keep them
      visits: 7,
      nextChildBirthday: '2026-12-01', // Masha's 9 June has passed in Moscow
      registrationChannel: 'Мобильное приложение',
    });
  });

  it('takes "today" in the tenant zone for the nearest child birthday', () => {
    const input = {
      client: person(),
      children: [child('Маша', 'Иванова', '2019-06-09')],
      recentTransactions: [],
      passes: { count: 0, lastAt: null },
      now,
    };
    expect(deriveContactCard({ ...input, timeZone: 'Europe/Moscow' }).nextChildBirthday).toBe('2027-06-09');
    expect(deriveContactCard({ ...input, timeZone: 'Europe/Kaliningrad' }).nextChildBirthday).toBe(
      '2026-06-09',
    );
  });

  it('shows nothing for a client without children, transactions or visits', () => {
    const card = deriveContactCard({
      client: person({ registrationChannel: 'cashdesk' }),
      children: [],
      recentTransactions: [],
      passes: { count: 0, lastAt: null },
      timeZone: 'Europe/Moscow',
      now,
    });
    expect(card.children).toBeNull();
    expect(card.lastTransactions).toBeNull();
    expect(card.lastVisit).toBeNull();
    expect(card.visits).toBe(0);
    expect(card.nextChildBirthday).toBeNull();
    expect(card.registrationChannel).toBe('Касса');
  });

  it.each([
    ['cashdesk', 'Касса'],
    ['mobile_app', 'Мобильное приложение'],
    ['website', 'Сайт'],
    ['other', 'Другое'],
  ] as const)('labels the registration channel %s as %s', (channel, label) => {
    const card = deriveContactCard({
      client: person({ registrationChannel: channel }),
      children: [],
      recentTransactions: [],
      passes: { count: 0, lastAt: null },
      timeZone: 'UTC',
      now,
    });
    expect(card.registrationChannel).toBe(label);
  });

  it('rounds the last visit down to whole seconds, never up', () => {
    const card = (lastAt: number) =>
      deriveContactCard({
        client: person(),
        children: [],
        recentTransactions: [],
        passes: { count: 1, lastAt },
        timeZone: 'UTC',
        now,
      }).lastVisit;
    expect(card(utc('2026-06-01T08:00:00.999Z'))).toBe(utc('2026-06-01T08:00:00Z'));
    expect(card(utc('2026-06-01T08:00:01.000Z'))).toBe(utc('2026-06-01T08:00:01Z'));
  });
});
