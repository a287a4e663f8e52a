import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.ts';

describe('fingerprint', () => {
  it('is short, stable and holds no personal data', () => {
    const fp = fingerprint('+79123456789');
    expect(fp).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(fingerprint('+79123456789')).toBe(fp);
    expect(fp).not.toContain('912');
  });

  it('treats null, undefined, the empty string and blanks as one "empty" value', () => {
    expect(fingerprint(null)).toBe(fingerprint(undefined));
    expect(fingerprint('')).toBe(fingerprint(null));
    // a CRM trims ' ' to '' or drops it: that must not read as an edit of the field
    expect(fingerprint(' ')).toBe(fingerprint(null));
    expect(fingerprint('\t\n')).toBe(fingerprint(''));
  });

  it('ignores surrounding spaces, as CRMs trim what they store', () => {
    expect(fingerprint(' Анна ')).toBe(fingerprint('Анна'));
  });

  it('is case-sensitive and tells different values apart', () => {
    expect(fingerprint('Анна')).not.toBe(fingerprint('анна'));
    expect(fingerprint('a')).not.toBe(fingerprint('b'));
  });

  it('keys a number by its decimal text', () => {
    expect(fingerprint(7)).toBe(fingerprint('7'));
    expect(fingerprint(0)).not.toBe(fingerprint(null));
  });

  it('a value is never taken for "empty" unless it is blank (property)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(fingerprint(text) === fingerprint(null)).toBe(text.trim() === '' || text === '\u2205');
      }),
      { numRuns: 300 },
    );
  });
});
