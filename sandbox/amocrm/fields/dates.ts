// Dates in the account's timezone: `date` and `birthday` values are stored as the midnight of
// their calendar day in that zone (amocrm-api.md §5.5, issue #402); reads give ints.

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(tz, f);
  }
  return f;
}

interface Parts {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

function partsIn(tz: string, epochSec: number): Parts {
  const get = (parts: Intl.DateTimeFormatPart[], type: string) =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  const parts = formatFor(tz).formatToParts(new Date(epochSec * 1000));
  return {
    y: get(parts, 'year'),
    m: get(parts, 'month'),
    d: get(parts, 'day'),
    h: get(parts, 'hour'),
    mi: get(parts, 'minute'),
    s: get(parts, 'second'),
  };
}

export function tzOffsetSec(tz: string, epochSec: number): number {
  const p = partsIn(tz, epochSec);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) / 1000 - epochSec;
}

export function midnightIn(tz: string, epochSec: number): number {
  const p = partsIn(tz, epochSec);
  const wall = Date.UTC(p.y, p.m - 1, p.d) / 1000;
  const first = wall - tzOffsetSec(tz, wall);
  return wall - tzOffsetSec(tz, first);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `12.01.1980`, the birthday format of webhooks */
export function ddmmyyyy(tz: string, epochSec: number): string {
  const p = partsIn(tz, epochSec);
  return `${pad(p.d)}.${pad(p.m)}.${p.y}`;
}

/** `+03:00` */
export function offsetLabel(tz: string, epochSec: number): string {
  const off = tzOffsetSec(tz, epochSec);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor((abs % 3600) / 60))}`;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Unix seconds from an int or an RFC-3339 string; `undefined` for anything else. */
export function parseDateValue(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && RFC3339.test(v)) {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
  }
  return undefined;
}

/** `2025-05-26 21:30:00` in the account zone, the datetime format of note and task webhooks */
export function ymdHis(tz: string, epochSec: number): string {
  const p = partsIn(tz, epochSec);
  return `${p.y}-${pad(p.m)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;
}
