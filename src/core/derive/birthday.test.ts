import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateParts, isLeapYear, type LocalDate, localDate } from '../model/time.ts';
import { nearestBirthday, nextBirthday } from './birthday.ts';

const d = (text: string) => text as LocalDate;

describe('nextBirthday', () => {
  it.each([
    ['today', '2015-06-10', '2026-06-10', '2026-06-10'],
    ['tomorrow', '2015-06-11', '2026-06-10', '2026-06-11'],
    ['yesterday → next year', '2015-06-09', '2026-06-10', '2027-06-09'],
    ['passed months ago → next year', '2015-01-15', '2026-06-10', '2027-01-15'],
    ['later this year', '2015-12-01', '2026-06-10', '2026-12-01'],
    ['31 Dec seen on 31 Dec', '2015-12-31', '2026-12-31', '2026-12-31'],
    ['1 Jan seen on 31 Dec → the next day, next year', '2015-01-01', '2026-12-31', '2027-01-01'],
    ['31 Dec seen on 1 Jan → the same year', '2015-12-31', '2027-01-01', '2027-12-31'],
    ['born this very day', '2026-06-10', '2026-06-10', '2026-06-10'],
  ])('%s', (_, birth, today, next) => {
    expect(nextBirthday(d(birth), d(today))).toBe(next);
  });

  describe('born on 29 February', () => {
    it.each([
      ['a leap year: on the 29th', '2028-01-10', '2028-02-29'],
      ['a leap year, seen on the 28th', '2028-02-28', '2028-02-29'],
      ['a leap year, seen on the 29th', '2028-02-29', '2028-02-29'],
      ['a common year: on the 28th (Russian civil practice)', '2026-01-10', '2026-02-28'],
      ['a common year, seen on the 28th', '2026-02-28', '2026-02-28'],
      ['a common year, seen on 1 March → next common year', '2026-03-01', '2027-02-28'],
      ['the year before a leap year, after February → the 29th', '2027-03-01', '2028-02-29'],
      ['a leap year, after the 29th → the common year that follows', '2028-03-01', '2029-02-28'],
      ['2100 is not a leap year', '2100-01-01', '2100-02-28'],
    ])('%s', (_, today, next) => {
      expect(nextBirthday(d('2016-02-29'), d(today))).toBe(next);
    });
  });
});

describe('nearestBirthday', () => {
  it('is the earliest next birthday among the children', () => {
    expect(nearestBirthday([d('2018-09-01'), d('2020-06-20'), d('2016-03-05')], d('2026-06-10'))).toBe(
      '2026-06-20',
    );
  });

  it('skips children without a birth date', () => {
    expect(nearestBirthday([null, d('2020-01-02'), null], d('2026-06-10'))).toBe('2027-01-02');
  });

  it('is null when no birth date is known', () => {
    expect(nearestBirthday([], d('2026-06-10'))).toBeNull();
    expect(nearestBirthday([null, null], d('2026-06-10'))).toBeNull();
  });

  it('counts a birthday today as the nearest', () => {
    expect(nearestBirthday([d('2018-06-11'), d('2019-06-10')], d('2026-06-10'))).toBe('2026-06-10');
  });

  it('moves on once the year turns', () => {
    expect(nearestBirthday([d('2018-12-31'), d('2019-01-01')], d('2026-12-31'))).toBe('2026-12-31');
    expect(nearestBirthday([d('2018-12-31'), d('2019-01-01')], d('2027-01-01'))).toBe('2027-01-01');
  });

  const date = fc
    .tuple(
      fc.integer({ min: 1950, max: 2200 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 31 }),
    )
    .filter(([y, m, day]) => day <= new Date(Date.UTC(y, m, 0)).getUTCDate())
    .map(([y, m, day]) => localDate(y, m, day));

  it('is never before today and less than a year ahead, on the birth day (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(date), { maxLength: 5 }), date, (births, today) => {
        const nearest = nearestBirthday(births, today);
        const known = births.filter((b): b is LocalDate => b !== null);
        if (known.length === 0) {
          expect(nearest).toBeNull();
          return;
        }
        expect(nearest).not.toBeNull();
        const next = nearest as LocalDate;
        const t = dateParts(today);
        const aYearOn = localDate(t.year + 1, t.month, t.day); // may be 29 Feb of a common year
        expect(next >= today).toBe(true);
        expect(next < aYearOn).toBe(true);
        // it is somebody's birthday, and nobody's comes sooner
        const n = dateParts(next);
        const whose = known.filter((b) => {
          const p = dateParts(b);
          if (p.month === n.month && p.day === n.day) return true;
          return p.month === 2 && p.day === 29 && !isLeapYear(n.year) && n.month === 2 && n.day === 28;
        });
        expect(whose.length).toBeGreaterThan(0);
        for (const b of known) expect(nextBirthday(b, today) >= next).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
