/** Dates for people: `DD.MM.YYYY HH:MM` in the tenant's timezone, and "2 мин назад". */
import type { Lang } from './i18n.tsx';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** `29.11.2026 14:05` — built from parts, since Intl itself prints `29.11.2026, 14:05`. */
export function formatDateTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatterFor(timeZone).formatToParts(date);
  } catch {
    parts = formatterFor('UTC').formatToParts(date);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}.${part('month')}.${part('year')} ${part('hour')}:${part('minute')}`;
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "2 мин. назад" / "2 min. ago"; under a minute: "только что" / "just now" (from the caller's catalog). */
export function formatRelative(iso: string, nowMs: number, lang: Lang): string | null {
  const seconds = Math.round((new Date(iso).getTime() - nowMs) / 1000);
  if (Number.isNaN(seconds)) return null;
  if (Math.abs(seconds) < 45) return null;
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'always', style: 'short' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'minute')
      return format.format(Math.round(seconds / size), unit);
  }
  return null;
}
