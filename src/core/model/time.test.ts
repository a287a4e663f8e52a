import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dateParts,
  daysInMonth,
  formatDateTime,
  formatLocalDate,
  formatRfc3339,
  isLeapYear,
  isTimeZone,
  type LocalDate,
  localDate,
  localDateAt,
  parseLocalDate,
  zonedParts,
} from './time.ts';

const RUNS = { numRuns: 300 };
const utc = (iso: string) => Date.parse(iso);
const ZONES = [
  'Europe/Moscow',
  'Asia/Yekaterinburg',
  'Europe/Kaliningrad',
  'Asia/Vladivostok',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'America/St_Johns',
  'UTC',
] as const;

describe('parseLocalDate (real dates only)', () => {
  it.each([
    '2026-11-29',
    '2028-02-29', // leap year
    '2000-02-29', // divisible by 400
    '2026-01-31',
    '2026-04-30',
    '2026-12-31',
    '1900-02-28',
  ])('accepts %s', (text) => {
    expect(parseLocalDate(text)).toEqual({ ok: true, value: text });
  });

  it.each([
    '2026-02-29', // common year
    '2100-02-29', // divisible by 100, not by 400
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-01-32',
    '2026-1-5',
    '26-01-05',
    '2026/01/05',
    '05.01.2026',
    '2026-01-05T00:00:00Z',
    ' 2026-01-05',
    '',
  ])('rejects %j', (text) => {
    expect(parseLocalDate(text)).toEqual({ ok: false, error: 'invalid_date' });
  });

  it('accepts exactly the dates the calendar has (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const text = localDate(year, month, day);
          const probe = new Date(0);
          probe.setUTCFullYear(year, month - 1, day);
          const real =
            month >= 1 &&
            probe.getUTCFullYear() === year &&
            probe.getUTCMonth() === month - 1 &&
            probe.getUTCDate() === day;
          expect(parseLocalDate(text).ok).toBe(real);
        },
      ),
      RUNS,
    );
  });
});

describe('calendar helpers', () => {
  it('knows leap years', () => {
    expect([2024, 2028, 2000, 2400].map(isLeapYear)).toEqual([true, true, true, true]);
    expect([2026, 2027, 1900, 2100].map(isLeapYear)).toEqual([false, false, false, false]);
  });

  it('knows month lengths', () => {
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect([1, 3, 5, 7, 8, 10, 12].map((m) => daysInMonth(2026, m))).toEqual([31, 31, 31, 31, 31, 31, 31]);
    expect([4, 6, 9, 11].map((m) => daysInMonth(2026, m))).toEqual([30, 30, 30, 30]);
  });

  it('builds, splits and formats dates', () => {
    expect(localDate(2026, 1, 5)).toBe('2026-01-05');
    expect(localDate(987, 12, 31)).toBe('0987-12-31');
    expect(dateParts('2026-11-29' as LocalDate)).toEqual({ year: 2026, month: 11, day: 29 });
    expect(formatLocalDate('2026-11-29' as LocalDate)).toBe('29.11.2026');
    expect(formatLocalDate('2028-02-29' as LocalDate)).toBe('29.02.2028');
    expect(formatLocalDate('2026-01-05' as LocalDate)).toBe('05.01.2026');
  });

  it('recognises IANA zone names', () => {
    expect(isTimeZone('Europe/Moscow')).toBe(true);
    expect(isTimeZone('Asia/Yekaterinburg')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
    expect(isTimeZone('MSK+3')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

describe('formatDateTime (DD.MM.YYYY HH:MM in the tenant zone)', () => {
  const at = utc('2026-11-29T11:05:42Z');

  it.each([
    ['Europe/Moscow', '29.11.2026 14:05'],
    ['Asia/Yekaterinburg', '29.11.2026 16:05'],
    ['Europe/Kaliningrad', '29.11.2026 13:05'],
    ['Asia/Vladivostok', '29.11.2026 21:05'],
    ['Europe/Berlin', '29.11.2026 12:05'], // winter: UTC+1
    ['America/New_York', '29.11.2026 06:05'],
    ['UTC', '29.11.2026 11:05'],
  ])('%s → %s', (zone, text) => {
    expect(formatDateTime(at, zone)).toBe(text);
  });

  it('truncates seconds rather than rounding them', () => {
    expect(formatDateTime(utc('2026-11-29T11:05:59.999Z'), 'Europe/Moscow')).toBe('29.11.2026 14:05');
  });

  it('prints midnight as 00:00, not 24:00', () => {
    expect(formatDateTime(utc('2026-11-28T21:00:00Z'), 'Europe/Moscow')).toBe('29.11.2026 00:00');
    expect(formatDateTime(utc('2026-11-29T00:00:00Z'), 'UTC')).toBe('29.11.2026 00:00');
  });

  it('crosses the date line of the zone, not of UTC', () => {
    // 31 December 21:30 UTC is already New Year in Moscow and Yekaterinburg
    const eve = utc('2026-12-31T21:30:00Z');
    expect(formatDateTime(eve, 'Europe/Moscow')).toBe('01.01.2027 00:30');
    expect(formatDateTime(eve, 'Asia/Yekaterinburg')).toBe('01.01.2027 02:30');
    expect(formatDateTime(eve, 'Europe/Kaliningrad')).toBe('31.12.2026 23:30');
    expect(localDateAt(eve, 'Europe/Moscow')).toBe('2027-01-01');
    expect(localDateAt(eve, 'Europe/Kaliningrad')).toBe('2026-12-31');
  });

  it('follows summer time where the zone has it and not where it does not', () => {
    const summer = utc('2026-07-01T12:00:00Z');
    expect(formatDateTime(summer, 'Europe/Berlin')).toBe('01.07.2026 14:00'); // UTC+2
    expect(formatDateTime(summer, 'Europe/Moscow')).toBe('01.07.2026 15:00'); // UTC+3 all year
    expect(formatDateTime(summer, 'Europe/Kaliningrad')).toBe('01.07.2026 14:00'); // UTC+2 all year
    expect(formatDateTime(summer, 'Asia/Yekaterinburg')).toBe('01.07.2026 17:00'); // UTC+5 all year
  });

  it('jumps over the missing hour when Berlin springs forward (29 March 2026)', () => {
    expect(formatDateTime(utc('2026-03-29T00:59:00Z'), 'Europe/Berlin')).toBe('29.03.2026 01:59');
    expect(formatDateTime(utc('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe('29.03.2026 03:00');
  });

  it('shows the repeated hour twice when Berlin falls back (25 October 2026)', () => {
    expect(formatDateTime(utc('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toBe('25.10.2026 02:30');
    expect(formatDateTime(utc('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe('25.10.2026 02:30');
  });

  it('exposes the wall-clock parts it formats', () => {
    expect(zonedParts(at, 'Asia/Yekaterinburg')).toEqual({
      year: 2026,
      month: 11,
      day: 29,
      hour: 16,
      minute: 5,
    });
  });
});

describe('formatRfc3339 (what Lime reads)', () => {
  it.each([
    ['2026-11-29T11:05:07.123Z', 'Europe/Moscow', '2026-11-29T14:05:07+03:00'],
    ['2026-11-29T11:05:07Z', 'Asia/Yekaterinburg', '2026-11-29T16:05:07+05:00'],
    ['2026-11-29T11:05:07Z', 'Europe/Kaliningrad', '2026-11-29T13:05:07+02:00'],
    ['2026-11-29T11:05:07Z', 'Europe/Berlin', '2026-11-29T12:05:07+01:00'],
    ['2026-07-01T11:05:07Z', 'Europe/Berlin', '2026-07-01T13:05:07+02:00'],
    ['2026-11-29T11:05:07Z', 'UTC', '2026-11-29T11:05:07+00:00'],
    ['2026-11-29T11:05:07Z', 'America/New_York', '2026-11-29T06:05:07-05:00'],
    ['2026-07-01T11:05:07Z', 'America/New_York', '2026-07-01T07:05:07-04:00'],
    ['2026-11-29T11:05:07Z', 'Asia/Kolkata', '2026-11-29T16:35:07+05:30'],
    ['2026-11-29T11:05:07Z', 'Asia/Kathmandu', '2026-11-29T16:50:07+05:45'],
    ['2026-11-29T11:05:07Z', 'America/St_Johns', '2026-11-29T07:35:07-03:30'],
    ['2026-12-31T21:30:00Z', 'Europe/Moscow', '2027-01-01T00:30:00+03:00'],
  ])('%s in %s → %s', (iso, zone, text) => {
    expect(formatRfc3339(utc(iso), zone)).toBe(text);
  });

  it('gets the offset right before 1970 too (negative instants)', () => {
    expect(formatRfc3339(utc('1969-12-31T23:59:59Z'), 'UTC')).toBe('1969-12-31T23:59:59+00:00');
    expect(formatRfc3339(utc('1969-12-31T23:59:30.500Z'), 'Europe/Moscow')).toBe('1970-01-01T02:59:30+03:00');
  });

  it('round-trips to the same second in every zone and agrees with formatDateTime (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: utc('1960-01-01T00:00:00Z'), max: utc('2100-01-01T00:00:00Z') }),
        fc.constantFrom(...ZONES),
        (at, zone) => {
          const text = formatRfc3339(at, zone);
          expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
          expect(Date.parse(text)).toBe(Math.floor(at / 1000) * 1000);
          const [, y, mo, d, h, mi] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(text) ?? [];
          expect(formatDateTime(at, zone)).toBe(`${d}.${mo}.${y} ${h}:${mi}`);
          expect(localDateAt(at, zone)).toBe(`${y}-${mo}-${d}`);
        },
      ),
      RUNS,
    );
  });
});
