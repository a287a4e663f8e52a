// Portal-time formatting and PHP-strtotime-like parsing for the formats Bitrix24 accepts.

export type DateOutputStyle = 'midnight' | 'shifted';

export interface PortalDates {
  readonly timezone: string;
  /** `YYYY-MM-DDThh:mm:ss±hh:mm` in the portal timezone. */
  formatDateTime(ms: number): string;
  /** A date-only value (`YYYY-MM-DD`) rendered the way the REST API returns dates. */
  formatDate(ymd: string, style: DateOutputStyle): string;
  /** Parses a datetime input; values without an offset are portal-local. */
  parseDateTime(input: unknown): number | null;
  /** Parses a date input to `YYYY-MM-DD` (portal calendar day of the instant). */
  parseDate(input: unknown): string | null;
  /** Calendar day (`YYYY-MM-DD`) of an instant in the portal timezone. */
  dayOf(ms: number): string;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const pad = (value: number, width = 2): string => String(Math.abs(value)).padStart(width, '0');

export function createPortalDates(timezone: string): PortalDates {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

  const localParts = (ms: number): LocalParts => {
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(ms))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    return {
      year: parts.year ?? 1970,
      month: parts.month ?? 1,
      day: parts.day ?? 1,
      hour: parts.hour ?? 0,
      minute: parts.minute ?? 0,
      second: parts.second ?? 0,
    };
  };

  const offsetMinutes = (ms: number): number => {
    const p = localParts(ms);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
  };

  /** Instant of a portal-local wall-clock time. */
  const fromLocal = (p: LocalParts): number => {
    const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    let guess = wall - offsetMinutes(wall) * 60000;
    guess = wall - offsetMinutes(guess) * 60000;
    return guess;
  };

  // Most timestamps of a request fall in the same second: remember recent renderings.
  const rendered = new Map<number, string>();
  const formatDateTime = (ms: number): string => {
    const second = Math.floor(ms / 1000);
    const cached = rendered.get(second);
    if (cached !== undefined) return cached;
    if (rendered.size > 10_000) rendered.clear();
    const text = renderDateTime(second * 1000);
    rendered.set(second, text);
    return text;
  };

  const renderDateTime = (ms: number): string => {
    const p = localParts(ms);
    const offset = offsetMinutes(ms);
    const sign = offset < 0 ? '-' : '+';
    return (
      `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}` +
      `${sign}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
    );
  };

  const dayOf = (ms: number): string => {
    const p = localParts(ms);
    return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
  };

  const parseDateTime = (input: unknown): number | null => {
    if (typeof input === 'number' && Number.isFinite(input)) return input * 1000;
    if (typeof input !== 'string') return null;
    const text = input.trim();
    if (text === '') return null;
    const iso =
      /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
        text,
      );
    const ru = /^(\d{2})\.(\d{2})\.(\d{4})(?:\s+(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
    let parts: LocalParts;
    let zone: string | undefined;
    if (iso) {
      parts = toParts(iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]);
      zone = iso[7];
    } else if (ru) {
      parts = toParts(ru[3], ru[2], ru[1], ru[4], ru[5], ru[6]);
    } else {
      return null;
    }
    if (!validParts(parts)) return null;
    if (zone === undefined) return fromLocal(parts);
    const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    if (zone.toUpperCase() === 'Z') return wall;
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
    return wall - sign * minutes * 60000;
  };

  const parseDate = (input: unknown): string | null => {
    if (typeof input !== 'string') return null;
    const text = input.trim();
    const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) ?? null;
    if (plain) return validParts(toParts(plain[1], plain[2], plain[3])) ? text : null;
    const ru = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
    if (ru) return validParts(toParts(ru[3], ru[2], ru[1])) ? `${ru[3]}-${ru[2]}-${ru[1]}` : null;
    const ms = parseDateTime(text);
    return ms === null ? null : dayOf(ms);
  };

  const formatDate = (ymd: string, style: DateOutputStyle): string => {
    const [year, month, day] = ymd.split('-').map(Number);
    const midnight = fromLocal({
      year: year ?? 1970,
      month: month ?? 1,
      day: day ?? 1,
      hour: 0,
      minute: 0,
      second: 0,
    });
    if (style === 'midnight') return formatDateTime(midnight);
    // ConvertDate = date('c', ts + date('Z')): local midnight shifted once more by the offset.
    return formatDateTime(midnight + offsetMinutes(midnight) * 60000);
  };

  return { timezone, formatDateTime, formatDate, parseDateTime, parseDate, dayOf };
}

function toParts(y?: string, mo?: string, d?: string, h?: string, mi?: string, s?: string): LocalParts {
  return {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h ?? 0),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
  };
}

function validParts(p: LocalParts): boolean {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.hour > 23 || p.minute > 59 || p.second > 59) return false;
  const lastDay = new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
  return p.day <= lastDay;
}
