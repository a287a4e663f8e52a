import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.ts';
import { compareRemoteIds, type MatchCandidate, matchContact, matchKeysOf } from './match.ts';

const PHONE = fingerprint('+79123456789');
const EMAIL = fingerprint('anna@example.ru');
const keys = { limeId: 'L1', phoneKey: PHONE, emailKey: EMAIL };

function candidate(remoteId: string, over: Partial<MatchCandidate> = {}): MatchCandidate {
  return { remoteId, limeId: null, phoneKeys: [], emailKeys: [], ...over };
}

describe('matchContact: Lime id → phone → e-mail, never a duplicate', () => {
  it('prefers the contact carrying the Lime id over one with the same phone or e-mail', () => {
    const found = matchContact(keys, [
      candidate('1', { phoneKeys: [PHONE], emailKeys: [EMAIL] }),
      candidate('2', { limeId: 'L1' }),
    ]);
    expect(found).toEqual({ remoteId: '2', by: 'lime_id' });
  });

  it('prefers the phone over the e-mail', () => {
    const found = matchContact(keys, [
      candidate('1', { emailKeys: [EMAIL] }),
      candidate('2', { phoneKeys: [PHONE] }),
    ]);
    expect(found).toEqual({ remoteId: '2', by: 'phone' });
  });

  it('falls back to the e-mail', () => {
    expect(matchContact(keys, [candidate('5', { emailKeys: [fingerprint('x@y.ru'), EMAIL] })])).toEqual({
      remoteId: '5',
      by: 'email',
    });
  });

  it('never takes a contact that carries another Lime id, even on the same phone and e-mail', () => {
    expect(
      matchContact(keys, [candidate('1', { limeId: 'L2', phoneKeys: [PHONE], emailKeys: [EMAIL] })]),
    ).toBeNull();
  });

  it('treats an empty Lime id field as free', () => {
    expect(matchContact(keys, [candidate('1', { limeId: '', phoneKeys: [PHONE] })])).toEqual({
      remoteId: '1',
      by: 'phone',
    });
  });

  it('gives ties to the oldest record, comparing numeric ids as numbers', () => {
    const found = matchContact(keys, [
      candidate('10', { phoneKeys: [PHONE] }),
      candidate('9', { phoneKeys: [PHONE] }),
      candidate('11', { phoneKeys: [PHONE] }),
    ]);
    expect(found).toEqual({ remoteId: '9', by: 'phone' });
    expect(
      matchContact(keys, [candidate('200', { limeId: 'L1' }), candidate('30', { limeId: 'L1' })]),
    ).toEqual({ remoteId: '30', by: 'lime_id' });
  });

  it('does not match on a missing phone or e-mail', () => {
    const none = { limeId: 'L1', phoneKey: null, emailKey: null };
    expect(matchContact(none, [candidate('1', { phoneKeys: [PHONE], emailKeys: [EMAIL] })])).toBeNull();
    expect(matchContact(keys, [])).toBeNull();
  });

  it('picks the same contact whatever order the candidates come in (property)', () => {
    const id = fc.oneof(fc.integer({ min: 1, max: 300 }).map(String), fc.stringMatching(/^[0-9a-f]{1,3}$/));
    const cand = fc.record({
      remoteId: id,
      limeId: fc.constantFrom(null, '', 'L1', 'L2'),
      phoneKeys: fc.subarray([PHONE, fingerprint('+70000000000')]),
      emailKeys: fc.subarray([EMAIL, fingerprint('other@example.ru')]),
    });
    fc.assert(
      fc.property(
        fc
          .uniqueArray(cand, { selector: (c) => c.remoteId, maxLength: 8 })
          .chain((list) =>
            fc.tuple(
              fc.constant(list),
              fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
            ),
          ),
        ([list, shuffled]) => {
          const found = matchContact(keys, list);
          expect(matchContact(keys, shuffled)).toEqual(found);
          if (found) {
            const chosen = list.find((c) => c.remoteId === found.remoteId) as MatchCandidate;
            expect(chosen.limeId === 'L1' || !chosen.limeId).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('compareRemoteIds', () => {
  it('orders numeric ids numerically and others as text', () => {
    expect(['10', '9', '100'].sort(compareRemoteIds)).toEqual(['9', '10', '100']);
    expect(['b', 'a', 'c'].sort(compareRemoteIds)).toEqual(['a', 'b', 'c']);
    expect(compareRemoteIds('7', '7')).toBe(0);
  });

  it('is a total order even when numeric and other ids are mixed', () => {
    // '9' < '10' as numbers, '10' < '1a' and '1a' < '9' as text: a cycle unless one kind goes first
    const ids = ['10', '9', '1a'];
    const orders = [
      [...ids].sort(compareRemoteIds),
      [...ids].reverse().sort(compareRemoteIds),
      ['1a', '10', '9'].sort(compareRemoteIds),
    ];
    expect(orders[0]).toEqual(['9', '10', '1a']);
    expect(orders[1]).toEqual(orders[0]);
    expect(orders[2]).toEqual(orders[0]);
  });

  it('compares ids past 2^53 exactly and ignores leading zeros', () => {
    expect(compareRemoteIds('9007199254740993', '9007199254740992')).toBeGreaterThan(0);
    expect(['010', '9'].sort(compareRemoteIds)).toEqual(['9', '010']);
  });
});

describe('matchKeysOf', () => {
  it('keys a phone however it was typed, and e-mails case-insensitively', () => {
    const a = matchKeysOf(['8 (912) 345-67-89'], [' Anna@Example.RU ']);
    const b = matchKeysOf(['+7 912 3456789'], ['anna@example.ru']);
    expect(a).toEqual(b);
    expect(a).toEqual({ phoneKeys: [PHONE], emailKeys: [EMAIL] });
  });

  it('skips empty values and e-mails without @, and removes duplicates', () => {
    expect(
      matchKeysOf(
        [null, '', '9123456789', '89123456789', 'нет'],
        [null, '', 'no-email', 'anna@example.ru', 'ANNA@example.ru'],
      ),
    ).toEqual({ phoneKeys: [PHONE], emailKeys: [EMAIL] });
  });

  it('stores fingerprints, not the phone or address itself', () => {
    const { phoneKeys, emailKeys } = matchKeysOf(['+79123456789'], ['anna@example.ru']);
    expect(phoneKeys.join()).not.toContain('912');
    expect(emailKeys.join()).not.toContain('anna');
  });
});
