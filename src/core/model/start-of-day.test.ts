import { describe, expect, it } from 'vitest';
import type { LocalDate } from './time.ts';
import { localDateAt, localDateAt as localDayAt, startOfLocalDay } from './time.ts';

describe('startOfLocalDay', () => {
  it.each([
    ['Europe/Moscow', '1985-03-07', '1985-03-06T21:00:00Z'],
    ['Europe/Moscow', '1990-07-01', '1990-06-30T20:00:00Z'],
    ['America/New_York', '1990-01-01', '1990-01-01T05:00:00Z'],
    ['America/New_York', '2026-07-04', '2026-07-04T04:00:00Z'],
    ['Asia/Kamchatka', '2026-12-12', '2026-12-11T12:00:00Z'],
    ['UTC', '2000-02-29', '2000-02-29T00:00:00Z'],
  ])('%s %s starts at %s', (zone, day, instant) => {
    expect(startOfLocalDay(day as LocalDate, zone)).toBe(Date.parse(instant));
  });

  it('starts a day that begins inside a DST gap at its first existing minute', () => {
    // Santiago skipped 00:00–01:00 on 2022-09-11.
    expect(startOfLocalDay('2022-09-11' as LocalDate, 'America/Santiago')).toBe(
      Date.parse('2022-09-11T04:00:00Z'),
    );
  });

  it('reads the day of an instant exactly as the core does', () => {
    for (const zone of ['Europe/Moscow', 'America/New_York', 'Asia/Kamchatka', 'America/Santiago']) {
      for (
        let at = Date.parse('2022-01-01T00:00:00Z');
        at < Date.parse('2023-01-01T00:00:00Z');
        at += 7 * 3600_000
      ) {
        expect(localDayAt(at, zone)).toBe(localDateAt(at, zone));
      }
    }
  });
});
