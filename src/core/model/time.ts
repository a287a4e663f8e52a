import { err, ok, type Result } from '../result.ts';

/** A calendar date without a time zone: `YYYY-MM-DD`. */
export type LocalDate = string & { readonly __brand: 'LocalDate' };
/** A point in time as milliseconds since the epoch. */
export type Instant = number;

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseLocalDate(text: string): Result<LocalDate, 'invalid_date'> {
  const match = LOCAL_DATE_PATTERN.exec(text);
  if (!match) return err('invalid_date');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return err('invalid_date');
  return ok(text as LocalDate);
}

export function localDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}` as LocalDate;
}

export function dateParts(date: LocalDate): { year: number; month: number; day: number } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `2026-11-29` → `29.11.2026`. */
export function formatLocalDate(date: LocalDate): string {
  const { year, month, day } = dateParts(date);
  return `${pad2(day)}.${pad2(month)}.${year}`;
}

// Building an Intl formatter costs ~0.5 ms; one per zone is kept (a cache, not state: same answers).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
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

/** The local wall-clock parts of an instant in an IANA time zone. */
export function zonedParts(at: Instant, timeZone: string) {
  const parts = formatterFor(timeZone).formatToParts(at);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

/** `DD.MM.YYYY HH:MM` in the tenant's zone (Intl alone would print `29.11.2026, 14:05`). */
export function formatDateTime(at: Instant, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${pad2(p.day)}.${pad2(p.month)}.${p.year} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

export function localDateAt(at: Instant, timeZone: string): LocalDate {
  const p = zonedParts(at, timeZone);
  return localDate(p.year, p.month, p.day);
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** RFC 3339 with the zone's offset: `2026-11-29T14:05:00+03:00` (what Lime reads best). */
export function formatRfc3339(at: Instant, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  const seconds = new Date(at).getUTCSeconds();
  const offsetMinutes = Math.round(
    (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(at / 60_000) * 60_000) / 60_000,
  );
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${pad2(Math.trunc(abs / 60))}:${pad2(abs % 60)}`;
  return `${localDate(p.year, p.month, p.day)}T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(seconds)}${offset}`;
}

const MINUTE = 60_000;

/**
 * The instant a calendar day starts in a zone (midnight, or the first minute after a DST gap). CRMs
 * store "date" fields as the account-zone midnight, so writing one means sending this instant.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): Instant {
  const { year, month, day } = dateParts(date);
  const wall = Date.UTC(year, month - 1, day);
  let at = wall - offsetAt(wall, timeZone);
  at = wall - offsetAt(at, timeZone);
  while (localDateAt(at, timeZone) < date) at += 15 * MINUTE;
  while (localDateAt(at - MINUTE, timeZone) === date) at -= 15 * MINUTE;
  return at;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(at: Instant, timeZone: string): number {
  const p = zonedParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - (at - (((at % MINUTE) + MINUTE) % MINUTE));
}
