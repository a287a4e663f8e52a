/**
 * One custom field value, both ways, by the field's amoCRM type. Date fields (`date`, `birthday`)
 * hold the account-zone midnight as Unix seconds and read back as that day in the account zone;
 * `date_time` is an instant to the second; numbers and texts are what they say.
 */
import {
  type Instant,
  type LocalDate,
  localDateAt as localDayAt,
  parseLocalDate,
  startOfLocalDay,
} from '../../core/model/time.ts';
import type { Json } from '../contract.ts';

export type CardValue = string | number | null;

const DAY_TYPES = new Set(['date', 'birthday']);

export function isDayType(type: string): boolean {
  return DAY_TYPES.has(type);
}

/** The `values` array to send for a card value (null clears the field). */
export function toAmoValues(type: string, value: CardValue, timeZone: string): Json[] | null {
  if (value === null || value === '') return null;
  if (isDayType(type)) {
    const day = parseLocalDate(String(value));
    if (!day.ok) return null;
    return [{ value: Math.floor(startOfLocalDay(day.value, timeZone) / 1000) }];
  }
  if (type === 'date_time') return [{ value: Math.floor(Number(value) / 1000) }];
  if (type === 'numeric') return [{ value: Number(value) }];
  return [{ value: String(value) }];
}

/** A REST value back into the card's representation. */
export function fromAmoValue(type: string, raw: unknown, timeZone: string): CardValue {
  if (raw === null || raw === undefined || raw === '') return null;
  if (isDayType(type)) {
    const at = instantOf(raw);
    return at === null ? null : localDayAt(at, timeZone);
  }
  if (type === 'date_time') return instantOf(raw);
  if (type === 'numeric') {
    const number = Number(raw);
    return Number.isFinite(number) ? number : null;
  }
  return typeof raw === 'string' ? raw : String(raw);
}

/**
 * A webhook value (always a string) back into the card's representation: dates come as Unix seconds
 * (`values[0]=<unix>`), birthdays as `dd.mm.yyyy`.
 */
export function fromWebhookValue(type: string, raw: string, timeZone: string): CardValue {
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(raw.trim());
  if (dotted && isDayType(type)) {
    const day = parseLocalDate(`${dotted[3]}-${dotted[2]}-${dotted[1]}`);
    return day.ok ? day.value : null;
  }
  return fromAmoValue(type, raw, timeZone);
}

/** Unix seconds (number or digits) or an RFC 3339 string → epoch ms. */
function instantOf(raw: unknown): Instant | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw * 1000 : null;
  const text = String(raw).trim();
  if (/^-?\d+$/.test(text)) return Number(text) * 1000;
  const parsed = Date.parse(text);
  return Number.isFinite(parsed) ? parsed : null;
}

export function asLocalDate(value: CardValue): LocalDate | null {
  if (typeof value !== 'string') return null;
  const day = parseLocalDate(value);
  return day.ok ? day.value : null;
}
