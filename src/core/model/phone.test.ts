import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneKey } from './phone.ts';

describe('normalizePhone (as people type them, default region RU)', () => {
  it.each([
    ['8 (912) 345-67-89', '+79123456789'],
    ['+7 912 3456789', '+79123456789'],
    ['9123456789', '+79123456789'],
    ['89123456789', '+79123456789'],
    ['79123456789', '+79123456789'],
    ['+79123456789', '+79123456789'],
    ['+7-912-345-67-89', '+79123456789'],
    ['(912)3456789', '+79123456789'],
    ['  8 912 345 67 89  ', '+79123456789'],
    ['8 (495) 123-45-67', '+74951234567'], // Moscow landline
    ['8-800-555-35-35', '+78005553535'], // toll-free
    ['+44 20 7946 0958', '+442079460958'], // foreign numbers keep their country
    ['+1 202 555 0143', '+12025550143'],
  ])('%j → %s', (typed, e164) => {
    expect(normalizePhone(typed)).toEqual({ ok: true, value: e164 });
  });

  it.each([
    '',
    '   ',
    'abc',
    '123',
    '8 912 345 67 8', // one digit short
    '+7 912 345 67 89 0', // one digit too many
    '+7 000 000 00 00',
    '8 (912) 345-67-89, 8 (912) 345-67-80', // two numbers in one field
    '8-912-CALL-ME',
    '+',
  ])('rejects %j', (typed) => {
    expect(normalizePhone(typed)).toEqual({ ok: false, error: 'invalid_phone' });
  });

  it('takes another default region when asked', () => {
    expect(normalizePhone('030 123456', 'DE')).toEqual({ ok: true, value: '+4930123456' });
  });

  it('is idempotent: an E.164 result normalises to itself (property)', () => {
    const typed = fc
      .tuple(
        fc.constantFrom('8', '+7', '7', ''),
        fc.constantFrom('912', '903', '916', '495', '343'),
        fc.integer({ min: 0, max: 9_999_999 }),
        fc.constantFrom(' ', '-', '', ' (', ') '),
      )
      .map(([prefix, code, rest, sep]) => {
        const digits = String(rest).padStart(7, '0');
        return `${prefix}${sep}${code}${sep}${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
      });
    fc.assert(
      fc.property(typed, (text) => {
        const first = normalizePhone(text);
        if (!first.ok) return;
        expect(first.value).toMatch(/^\+7\d{10}$/);
        expect(normalizePhone(first.value)).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });
});

describe('phoneKey (a lenient comparison key for phones read back from a CRM)', () => {
  it('is the E.164 form when the phone is valid', () => {
    expect(phoneKey('8 (912) 345-67-89')).toBe('+79123456789');
    expect(phoneKey('+7 912 3456789')).toBe(phoneKey('9123456789'));
  });

  it('falls back to the digits for numbers libphonenumber does not know, when there are at least 7', () => {
    expect(phoneKey('+7 000 000 00 00')).toBe('70000000000');
    expect(phoneKey('12-34-567')).toBe('1234567');
  });

  it('gives nothing for text that is not a phone at all', () => {
    expect(phoneKey('')).toBeNull();
    expect(phoneKey('call me')).toBeNull();
    expect(phoneKey('12-34')).toBeNull();
  });
});
