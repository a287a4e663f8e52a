import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CardField, ContactCard } from '../derive/contact-card.ts';
import { PERSONAL_FIELDS } from '../model/client.ts';
import type { LocalDate } from '../model/time.ts';
import { type Baseline, EMPTY_BASELINE, PENDING_LIME_TTL_MS } from './baseline.ts';
import { afterWrite, CARD_FIELDS, cardFingerprints, duringWrite, planContactPush } from './diff.ts';
import { fingerprint } from './fingerprint.ts';

const NOW = Date.parse('2026-06-10T12:00:00Z');

const card: ContactCard = {
  limeId: 'L1',
  firstName: 'Анна',
  lastName: 'Иванова',
  middleName: null,
  birthDate: '1988-04-02' as LocalDate,
  phone: '+79123456789',
  email: 'anna@example.ru',
  children: 'Маша — 01.02.2019',
  lastTransactions: null,
  lastVisit: Date.parse('2026-06-01T08:00:00Z'),
  visits: 3,
  nextChildBirthday: '2027-02-01' as LocalDate,
  registrationChannel: 'Касса',
};

/** The baseline after the card was written in full. */
const written = afterWrite(EMPTY_BASELINE, card);

describe('planContactPush', () => {
  it('writes the whole card on first link (nothing synced yet: Lime wins)', () => {
    const push = planContactPush(card, EMPTY_BASELINE, NOW);
    expect(push.fields).toEqual(card);
    expect(Object.keys(push.fields)).toEqual([...CARD_FIELDS]);
    expect(push.heldBack).toEqual([]);
  });

  it('writes nothing when the CRM already shows the card', () => {
    expect(planContactPush(card, written, NOW)).toEqual({ fields: {}, baseline: written, heldBack: [] });
  });

  it('writes only the fields that changed', () => {
    const push = planContactPush(
      { ...card, phone: '+79120000000', visits: 4, middleName: 'Петровна' },
      written,
      NOW,
    );
    expect(push.fields).toEqual({ middleName: 'Петровна', phone: '+79120000000', visits: 4 });
  });

  it('clears a field Lime cleared (null is written)', () => {
    expect(planContactPush({ ...card, email: null }, written, NOW).fields).toEqual({ email: null });
  });

  it('considers only the fields it is given (what this CRM can show)', () => {
    const push = planContactPush({ ...card, phone: '+79120000000', visits: 4 }, written, NOW, [
      'limeId',
      'phone',
    ]);
    expect(push.fields).toEqual({ phone: '+79120000000' });
  });

  describe('pending Lime edits (a CRM edit sent to Lime and not yet confirmed)', () => {
    // The CRM user changed the phone to …01; it went to Lime as client.changed at NOW.
    const pendingPhone: Baseline = {
      ...written,
      synced: { ...written.synced, phone: fingerprint('+79120000001') },
      pendingLime: {
        phone: { value: fingerprint('+79120000001'), previous: fingerprint('+79123456789'), at: NOW },
      },
    };

    it('holds back a Lime state that predates the edit, and keeps waiting', () => {
      const push = planContactPush(card, pendingPhone, NOW + 60_000);
      expect(push.fields).toEqual({});
      expect(push.heldBack).toEqual(['phone']);
      expect(push.baseline.pendingLime.phone).toEqual(pendingPhone.pendingLime.phone);
    });

    it('keeps waiting when Lime shows the edit: it may be only our own copy of it (writing nothing)', () => {
      // the flows mirror an accepted edit into their copy of Lime at once, so this is no proof Lime has it
      const shown = planContactPush({ ...card, phone: '+79120000001' }, pendingPhone, NOW + 60_000);
      expect(shown.fields).toEqual({});
      expect(shown.baseline.pendingLime).toEqual(pendingPhone.pendingLime);
      // a state Lime made before it applied the edit, arriving after that, is still held back
      const stale = planContactPush(card, shown.baseline, NOW + 120_000);
      expect(stale.fields).toEqual({});
      expect(stale.heldBack).toEqual(['phone']);
    });

    it('re-asserts Lime once the wait expires (PENDING_LIME_TTL_MS): Lime did not take the edit', () => {
      expect(planContactPush(card, pendingPhone, NOW + PENDING_LIME_TTL_MS - 1).fields).toEqual({});
      const push = planContactPush(card, pendingPhone, NOW + PENDING_LIME_TTL_MS);
      expect(push.fields).toEqual({ phone: '+79123456789' });
      expect(push.heldBack).toEqual([]);
      expect(push.baseline.pendingLime).toEqual({});
    });

    it('writes a new Lime value at once: Lime changed the field again after the edit', () => {
      const push = planContactPush({ ...card, phone: '+79129999999' }, pendingPhone, NOW + 60_000);
      expect(push.fields).toEqual({ phone: '+79129999999' });
      expect(push.baseline.pendingLime).toEqual({});
    });

    it('still writes the field when Lime shows the edit but the CRM no longer does', () => {
      // The CRM was seen showing …07 after the edit went to Lime (Lime won a conflict on it).
      const contested: Baseline = {
        ...pendingPhone,
        synced: { ...pendingPhone.synced, phone: fingerprint('+79120000007') },
      };
      const push = planContactPush({ ...card, phone: '+79120000001' }, contested, NOW + 60_000);
      expect(push.fields).toEqual({ phone: '+79120000001' });
    });

    it('ends the wait when it expires, with nothing to write if Lime shows the edit', () => {
      const push = planContactPush(
        { ...card, phone: '+79120000001' },
        pendingPhone,
        NOW + PENDING_LIME_TTL_MS,
      );
      expect(push.fields).toEqual({});
      expect(push.baseline.pendingLime).toEqual({});
    });

    it('leaves other fields alone while one is held back', () => {
      const push = planContactPush({ ...card, visits: 9 }, pendingPhone, NOW + 60_000);
      expect(push.fields).toEqual({ visits: 9 });
      expect(push.heldBack).toEqual(['phone']);
    });
  });
});

describe('afterWrite and duringWrite', () => {
  it('marks the written fields as what the CRM shows and ends the write under way', () => {
    const during = duringWrite(written, { phone: '+79120000000' });
    expect(during.inflight).toEqual({ phone: fingerprint('+79120000000') });
    expect(during.synced).toEqual(written.synced);
    const after = afterWrite(during, { phone: '+79120000000' });
    expect(after.synced).toEqual({ ...written.synced, phone: fingerprint('+79120000000') });
    expect(after.inflight).toEqual({});
  });

  it('keeps pending Lime edits across a write of other fields', () => {
    const pending = { phone: { value: 'x', previous: 'y', at: NOW } };
    expect(afterWrite({ ...written, pendingLime: pending }, { visits: 4 }).pendingLime).toEqual(pending);
  });

  it('fingerprints a card field by field', () => {
    expect(cardFingerprints(card)).toEqual(written.synced);
    expect(cardFingerprints(card, ['phone'])).toEqual({ phone: fingerprint('+79123456789') });
  });
});

describe('properties', () => {
  const pool = {
    text: fc.constantFrom<string | null>(null, '', 'Анна', 'Аня', ' Анна ', '+79120000001', '+79120000002'),
    number: fc.constantFrom<number | null>(null, 0, 3, 4, 1_780_000_000_000),
  };
  const cardArb: fc.Arbitrary<ContactCard> = fc.record({
    limeId: fc.constant('L1'),
    firstName: fc.constantFrom('Анна', 'Аня'),
    lastName: pool.text,
    middleName: pool.text,
    birthDate: fc.constantFrom(null, '1988-04-02' as LocalDate, '1990-01-01' as LocalDate),
    phone: pool.text,
    email: pool.text,
    children: pool.text,
    lastTransactions: pool.text,
    lastVisit: pool.number,
    visits: fc.constantFrom(0, 3, 4),
    nextChildBirthday: fc.constantFrom(null, '2027-02-01' as LocalDate),
    registrationChannel: fc.constantFrom('Касса', 'Сайт'),
  });
  const fpArb = fc.constantFrom(...['Анна', 'Аня', '+79120000001', '+79120000002', null, 3].map(fingerprint));
  const fieldMap = <V>(fields: readonly CardField[], value: fc.Arbitrary<V>) =>
    fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: fields.length }) as fc.Arbitrary<
      Partial<Record<CardField, V>>
    >;
  const baselineArb: fc.Arbitrary<Baseline> = fc.record({
    synced: fieldMap(CARD_FIELDS, fpArb),
    inflight: fc.constant({}),
    pendingLime: fieldMap(
      PERSONAL_FIELDS,
      fc.record({
        value: fpArb,
        previous: fc.option(fpArb),
        at: fc.integer({ min: NOW - 2 * PENDING_LIME_TTL_MS, max: NOW }),
      }),
    ),
  });

  it('(d) after afterWrite of its own fields, planContactPush plans nothing', () => {
    fc.assert(
      fc.property(cardArb, baselineArb, (c, b) => {
        const push = planContactPush(c, b, NOW);
        const next = afterWrite(duringWrite(push.baseline, push.fields), push.fields);
        const again = planContactPush(c, next, NOW);
        expect(again.fields).toEqual({});
        expect(again.heldBack).toEqual(push.heldBack);
      }),
      { numRuns: 300 },
    );
  });

  it('writes exactly the fields whose fingerprint differs, when nothing is pending', () => {
    fc.assert(
      fc.property(cardArb, baselineArb, (c, b) => {
        const push = planContactPush(c, { ...b, pendingLime: {} }, NOW);
        const differing = CARD_FIELDS.filter((field) => b.synced[field] !== fingerprint(c[field]));
        expect(Object.keys(push.fields).sort()).toEqual([...differing].sort());
      }),
      { numRuns: 300 },
    );
  });
});
