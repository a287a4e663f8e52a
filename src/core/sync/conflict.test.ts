import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContactCard } from '../derive/contact-card.ts';
import { PERSONAL_FIELDS, type PersonalData } from '../model/client.ts';
import { type Baseline, EMPTY_BASELINE, PENDING_LIME_TTL_MS } from './baseline.ts';
import { judgeRemoteEdit } from './conflict.ts';
import { afterWrite, duringWrite, planContactPush } from './diff.ts';
import { fingerprint } from './fingerprint.ts';

const NOW = Date.parse('2026-06-10T12:00:00Z');

const lime: PersonalData = {
  firstName: 'Анна',
  lastName: 'Иванова',
  middleName: null,
  birthDate: '1988-04-02',
  phone: '+79123456789',
  email: 'anna@example.ru',
};
const rest = {
  limeId: 'L1',
  children: null,
  lastTransactions: null,
  lastVisit: null,
  visits: 0,
  nextChildBirthday: null,
  registrationChannel: 'Касса',
};
const cardOf = (personal: PersonalData): ContactCard => ({ ...personal, ...rest });

/** Lime's card was written to the CRM: both sides agree. */
const agreed = afterWrite(EMPTY_BASELINE, cardOf(lime));

describe('judgeRemoteEdit: field by field', () => {
  it('unchanged: the CRM shows what both sides agreed on', () => {
    const edit = judgeRemoteEdit(lime, lime, agreed, NOW);
    expect(edit.changes).toEqual({});
    expect(edit.conflicts).toEqual([]);
    expect(edit.verdicts).toEqual(Object.fromEntries(PERSONAL_FIELDS.map((f) => [f, 'unchanged'])));
    expect(edit.baseline).toEqual(agreed);
  });

  it('echo: the CRM shows what our write under way is putting there (its webhook overtook us)', () => {
    const during = duringWrite(agreed, { phone: '+79120000001' });
    const edit = judgeRemoteEdit(
      { ...lime, phone: '+79120000001' },
      { ...lime, phone: '+79120000001' },
      during,
      NOW,
    );
    expect(edit.verdicts.phone).toBe('echo');
    expect(edit.changes).toEqual({});
  });

  it('first sight: a field never synced is not an edit; Lime will be written over it (first link)', () => {
    const crm = { ...lime, firstName: 'Аня', phone: '+79120000001' };
    const edit = judgeRemoteEdit(crm, lime, EMPTY_BASELINE, NOW);
    expect(edit.changes).toEqual({});
    expect(edit.verdicts.firstName).toBe('first_sight');
    expect(edit.verdicts.phone).toBe('first_sight');
    expect(planContactPush(cardOf(lime), edit.baseline, NOW).fields).toMatchObject({
      firstName: 'Анна',
      phone: '+79123456789',
    });
  });

  it('converged: the CRM user typed what Lime already has', () => {
    const limeNow = { ...lime, email: 'new@example.ru' };
    const edit = judgeRemoteEdit({ ...lime, email: 'new@example.ru' }, limeNow, agreed, NOW);
    expect(edit.verdicts.email).toBe('converged');
    expect(edit.changes).toEqual({});
    expect(planContactPush(cardOf(limeNow), edit.baseline, NOW).fields).toEqual({});
  });

  it('accepted: a CRM edit of a field Lime did not change goes to Lime, and waits for confirmation', () => {
    const edit = judgeRemoteEdit({ ...lime, phone: '+79120000001', lastName: null }, lime, agreed, NOW);
    expect(edit.changes).toEqual({ phone: '+79120000001', lastName: null }); // null clears the field
    expect(edit.verdicts).toMatchObject({ phone: 'accepted', lastName: 'accepted', firstName: 'unchanged' });
    expect(edit.conflicts).toEqual([]);
    expect(edit.baseline.synced.phone).toBe(fingerprint('+79120000001'));
    expect(edit.baseline.pendingLime.phone).toEqual({
      value: fingerprint('+79120000001'),
      previous: fingerprint('+79123456789'),
      at: NOW,
    });
  });

  it('conflict: Lime changed the same field since the last sync → Lime wins and the edit is reported', () => {
    const limeNow = { ...lime, phone: '+79125555555' };
    const edit = judgeRemoteEdit({ ...lime, phone: '+79120000001' }, limeNow, agreed, NOW);
    expect(edit.verdicts.phone).toBe('conflict_lime_wins');
    expect(edit.conflicts).toEqual(['phone']);
    expect(edit.changes).toEqual({});
    expect(edit.baseline.pendingLime).toEqual({});
    expect(planContactPush(cardOf(limeNow), edit.baseline, NOW).fields).toEqual({ phone: '+79125555555' });
  });

  it('Lime wins even when Lime changes the field back before the push (the CRM still shows the edit)', () => {
    const edit = judgeRemoteEdit(
      { ...lime, phone: '+79120000001' },
      { ...lime, phone: '+79125555555' },
      agreed,
      NOW,
    );
    expect(edit.conflicts).toEqual(['phone']);
    // Lime returns to the agreed phone; the CRM must not keep the losing edit
    expect(planContactPush(cardOf(lime), edit.baseline, NOW).fields).toEqual({ phone: '+79123456789' });
    // and the same snapshot judged again is not a second conflict
    expect(judgeRemoteEdit({ ...lime, phone: '+79120000001' }, lime, edit.baseline, NOW).conflicts).toEqual(
      [],
    );
  });

  it('ignores fields this CRM cannot show', () => {
    const { middleName: _, ...shown } = { ...lime, phone: '+79120000001' };
    const edit = judgeRemoteEdit(shown, lime, agreed, NOW);
    expect(edit.verdicts.middleName).toBeUndefined();
    expect(edit.changes).toEqual({ phone: '+79120000001' });
  });

  it('treats a blank the CRM returns for an empty field as empty', () => {
    const edit = judgeRemoteEdit({ ...lime, middleName: ' ' }, lime, agreed, NOW);
    expect(edit.verdicts.middleName).toBe('unchanged');
  });
});

describe('pending Lime edits (sent as client.changed, Lime has not confirmed yet)', () => {
  // The CRM user changed the phone to …01 and it went to Lime; Lime's own state still says …89.
  const first = judgeRemoteEdit({ ...lime, phone: '+79120000001' }, lime, agreed, NOW);
  const stale = lime; // a Lime state that predates the edit (e.g. Lime changed another field meanwhile)

  it('a stale Lime state is held back, not pushed over the edit', () => {
    const push = planContactPush(cardOf(stale), first.baseline, NOW + 1000);
    expect(push.fields).toEqual({});
    expect(push.heldBack).toEqual(['phone']);
  });

  it('a second CRM edit of the field while Lime is stale is accepted, not a conflict', () => {
    const second = judgeRemoteEdit({ ...lime, phone: '+79120000002' }, stale, first.baseline, NOW + 1000);
    expect(second.verdicts.phone).toBe('accepted');
    expect(second.changes).toEqual({ phone: '+79120000002' });
    expect(second.conflicts).toEqual([]);
    // the stale state is still held back, and Lime showing the second edit leaves nothing to write
    expect(planContactPush(cardOf(stale), second.baseline, NOW + 2000).fields).toEqual({});
    const confirmed = planContactPush(
      cardOf({ ...lime, phone: '+79120000002' }),
      second.baseline,
      NOW + 3000,
    );
    expect(confirmed.fields).toEqual({});
  });

  it('the CRM user undoing the edit while Lime is stale is sent too (Lime would otherwise keep …01)', () => {
    const undo = judgeRemoteEdit(lime, stale, first.baseline, NOW + 1000);
    expect(undo.verdicts.phone).toBe('accepted');
    expect(undo.changes).toEqual({ phone: '+79123456789' });
    // Lime applies both edits in order: …01 arrives first, then …89
    const mid = planContactPush(cardOf({ ...lime, phone: '+79120000001' }), undo.baseline, NOW + 2000);
    const end = planContactPush(cardOf(lime), mid.baseline, NOW + 3000);
    expect(afterWrite(end.baseline, end.fields).synced.phone).toBe(fingerprint('+79123456789'));
  });

  it('after PENDING_LIME_TTL_MS Lime is taken at its word again (it did not apply the edit)', () => {
    const late = judgeRemoteEdit(
      { ...lime, phone: '+79120000002' },
      stale,
      first.baseline,
      NOW + PENDING_LIME_TTL_MS,
    );
    expect(late.verdicts.phone).toBe('conflict_lime_wins');
  });
});

describe('an edit in the CRM while our write is under way', () => {
  it('on a field we are writing: Lime wins, and the write is re-asserted after it is recorded', () => {
    // Lime changed the phone; we are writing it; a CRM user types another phone right after our write.
    const limeNow = { ...lime, phone: '+79125555555' };
    const push = planContactPush(cardOf(limeNow), agreed, NOW);
    expect(push.fields).toEqual({ phone: '+79125555555' });
    const during = duringWrite(push.baseline, push.fields);
    const edit = judgeRemoteEdit({ ...lime, phone: '+79120000001' }, limeNow, during, NOW);
    expect(edit.verdicts.phone).toBe('conflict_lime_wins');
    const recorded = afterWrite(edit.baseline, push.fields);
    // we cannot tell whether the CRM shows our write or the user's: write Lime's value again
    expect(planContactPush(cardOf(limeNow), recorded, NOW).fields).toEqual({ phone: '+79125555555' });
  });

  it('on another field: the edit is accepted and survives the recording of the write', () => {
    const limeNow = { ...lime, phone: '+79125555555' };
    const push = planContactPush(cardOf(limeNow), agreed, NOW);
    const during = duringWrite(push.baseline, push.fields);
    const edit = judgeRemoteEdit({ ...limeNow, email: 'new@example.ru' }, limeNow, during, NOW);
    expect(edit.verdicts).toMatchObject({ phone: 'echo', email: 'accepted' });
    expect(edit.changes).toEqual({ email: 'new@example.ru' });
    const recorded = afterWrite(edit.baseline, push.fields);
    expect(recorded.synced.email).toBe(fingerprint('new@example.ru'));
    expect(recorded.pendingLime.email?.value).toBe(fingerprint('new@example.ru'));
  });
});

describe('properties', () => {
  const value = fc.constantFrom<string | null>(null, 'a', 'b', 'c');
  const personal: fc.Arbitrary<PersonalData> = fc.record({
    firstName: fc.constantFrom('a', 'b', 'c'),
    lastName: value,
    middleName: value,
    birthDate: value,
    phone: value,
    email: value,
  });
  const fp = fc.constantFrom(...[null, 'a', 'b', 'c'].map(fingerprint));
  const fieldMap = <V>(v: fc.Arbitrary<V>) =>
    fc.dictionary(fc.constantFrom(...PERSONAL_FIELDS), v, { maxKeys: 6 }) as fc.Arbitrary<Record<string, V>>;
  const baseline: fc.Arbitrary<Baseline> = fc.record({
    synced: fieldMap(fp),
    inflight: fieldMap(fp),
    pendingLime: fieldMap(
      fc.record({
        value: fp,
        previous: fc.option(fp),
        at: fc.integer({ min: NOW - 2 * PENDING_LIME_TTL_MS, max: NOW }),
      }),
    ),
  });

  it('(c) judging the same snapshot twice yields no second change', () => {
    fc.assert(
      fc.property(personal, personal, baseline, (remote, limeState, base) => {
        const once = judgeRemoteEdit(remote, limeState, base, NOW);
        // what the flow does with an accepted edit: Lime's local copy mirrors it at once
        const mirrored = { ...limeState, ...once.changes } as PersonalData;
        for (const l of [limeState, mirrored]) {
          const twice = judgeRemoteEdit(remote, l, once.baseline, NOW + 1000);
          expect(twice.changes).toEqual({});
        }
      }),
      { numRuns: 500 },
    );
  });

  it('(b) a write we made, seen back from the CRM, never yields a change — during or after the write', () => {
    fc.assert(
      fc.property(personal, personal, baseline, fc.boolean(), (limeState, crmBefore, base, recorded) => {
        const card = cardOf(limeState);
        const push = planContactPush(card, { ...base, inflight: {} }, NOW);
        const during = duringWrite(push.baseline, push.fields);
        // the CRM after our write: what it had, overwritten by what we wrote
        const crmAfter = { ...crmBefore };
        for (const field of PERSONAL_FIELDS)
          if (field in push.fields) crmAfter[field] = push.fields[field] as string | null;
        const state = recorded ? afterWrite(during, push.fields) : during;
        const edit = judgeRemoteEdit(crmAfter, limeState, state, NOW);
        for (const field of PERSONAL_FIELDS)
          if (field in push.fields) expect(edit.changes).not.toHaveProperty(field);
      }),
      { numRuns: 500 },
    );
  });
});
