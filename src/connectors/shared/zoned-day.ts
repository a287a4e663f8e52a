/**
 * Calendar days in a time zone, both ways. CRMs store "date" fields as the account-zone midnight, so
 * writing one means sending that instant (not UTC midnight, which is the previous day west of
 * Greenwich), and reading one means taking its day in the account zone.
 *
 * Same results as the core's `zonedParts`/`localDateAt`, but with one cached `Intl.DateTimeFormat`
 * per zone: building a formatter costs ~0.5 ms, which made a 10,000-contact bulk load spend most of
 * its CPU in date fields. Belongs in core/model/time.ts once the core caches its formatters.
 */
import { dateParts, type Instant, type LocalDate, localDate } from '../../core/model/time.ts';

const MINUTE = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, cached);
  }
  return cached;
}

function wallClock(at: Instant, timeZone: string) {
  const parts = formatter(timeZone).formatToParts(at);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

/** The calendar day an instant falls on in a zone. */
export function localDayAt(at: Instant, timeZone: string): LocalDate {
  const p = wallClock(at, timeZone);
  return localDate(p.year, p.month, p.day);
}

/** The instant a calendar day starts in a zone (midnight, or the first minute after a DST gap). */
export function startOfLocalDay(date: LocalDate, timeZone: string): Instant {
  const { year, month, day } = dateParts(date);
  const wall = Date.UTC(year, month - 1, day);
  let at = wall - offsetAt(wall, timeZone);
  at = wall - offsetAt(at, timeZone);
  while (localDayAt(at, timeZone) < date) at += 15 * MINUTE;
  while (localDayAt(at - MINUTE, timeZone) === date) at -= 15 * MINUTE;
  return at;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(at: Instant, timeZone: string): number {
  const p = wallClock(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - (at - (((at % MINUTE) + MINUTE) % MINUTE));
}
