/**
 * Bitrix24 records → wire-neutral values. What we wrote reads back equal: dates are the first ten
 * characters of what the portal answers (it shifts date-only values to local midnight with an offset),
 * phones E.164, e-mails lower case, counts numbers, instants whole epoch milliseconds.
 */
import type { ContactCard } from '../../core/derive/contact-card.ts';
import type { PersonalData } from '../../core/model/client.ts';
import { normalizeEmail } from '../../core/model/email.ts';
import type { Money } from '../../core/model/money.ts';
import { normalizePhone } from '../../core/model/phone.ts';
import { parseLocalDate } from '../../core/model/time.ts';
import type { Json, RemoteContact, RemoteProduct } from '../contract.ts';
import type { BxSchema, CardUserField } from './schema.ts';
import type { BxContact, BxMultiField, BxProduct } from './wire.ts';

export const ORIGINATOR = 'limebridge';
export const PHONE_TYPE = 'MOBILE';
export const EMAIL_TYPE = 'WORK';

/** The multi-field item limebridge reads and writes as "the" phone/e-mail, by id. */
export type OwnedItem = { readonly id: string | null; readonly value: string };
/** Connector-private state of a contact (`RemoteContact.state`). */
export type ContactState = { readonly phone: OwnedItem | null; readonly email: OwnedItem | null };

export function fromBxContact(raw: BxContact, schema: BxSchema): RemoteContact {
  const phone = primaryItem(raw.PHONE, PHONE_TYPE);
  const email = primaryItem(raw.EMAIL, EMAIL_TYPE);
  const personal: PersonalData = {
    firstName: textOf(raw.NAME),
    lastName: textOf(raw.LAST_NAME),
    middleName: textOf(raw.SECOND_NAME),
    birthDate: dateOf(raw.BIRTHDATE),
    phone: phone ? phoneOf(phone.VALUE ?? '') : null,
    email: email ? emailOf(email.VALUE ?? '') : null,
  };
  const limeId = raw.ORIGINATOR_ID === ORIGINATOR ? textOf(raw.ORIGIN_ID) : null;
  const uf = (field: CardUserField) => (raw as Record<string, unknown>)[schema.userFields[field]];
  const card: Partial<Record<keyof ContactCard, string | number | null>> = {
    ...personal,
    limeId,
    children: textOf(uf('children')),
    lastTransactions: textOf(uf('lastTransactions')),
    lastVisit: instantOf(uf('lastVisit')),
    visits: numberOf(uf('visits')),
    nextChildBirthday: dateOf(uf('nextChildBirthday')),
    registrationChannel: textOf(uf('registrationChannel')),
  };
  return {
    remoteId: raw.ID,
    limeId,
    personal,
    phones: values(raw.PHONE).map(phoneOf),
    emails: values(raw.EMAIL).map(emailOf),
    card,
    state: stateJson({ phone: owned(phone), email: owned(email) }),
    updatedAt: instantOf(raw.DATE_MODIFY),
  };
}

export function fromBxProduct(raw: BxProduct): RemoteProduct {
  return {
    remoteId: raw.ID,
    productId: textOf(raw.XML_ID),
    name: raw.NAME ?? '',
    price: moneyOf(raw.PRICE, raw.CURRENCY_ID),
  };
}

/** The first item of the preferred type, else the first item: what a manager sees as "the" phone. */
export function primaryItem(items: readonly BxMultiField[] | null | undefined, type: string) {
  const present = (items ?? []).filter((item) => (item.VALUE ?? '').trim() !== '');
  return present.find((item) => item.VALUE_TYPE === type) ?? present[0] ?? null;
}

export function readState(state: Json): ContactState {
  if (state === null || typeof state !== 'object' || Array.isArray(state))
    return { phone: null, email: null };
  return { phone: ownedOf(state.phone), email: ownedOf(state.email) };
}

export function stateJson(state: ContactState): Json {
  return { phone: state.phone ? { ...state.phone } : null, email: state.email ? { ...state.email } : null };
}

export function phoneOf(value: string): string {
  const normalized = normalizePhone(value);
  return normalized.ok ? normalized.value : value.trim();
}

export function emailOf(value: string): string {
  const normalized = normalizeEmail(value);
  return normalized.ok ? normalized.value : value.trim().toLowerCase();
}

export function textOf(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value === '') return null;
  // The portal may hand multi-line text back with CRLF; we wrote LF.
  return value.replace(/\r\n/g, '\n');
}

/**
 * `2001-11-11T02:00:00+02:00` → `2001-11-11`, never through UTC. The portal prints a date as local
 * midnight (`…T00:00:00`), or that midnight shifted once more by its offset (`date('c', ts + date('Z'))`:
 * `…T03:00:00+03:00`, and west of Greenwich the evening before, `2001-11-10T19:00:00-05:00`). So the day
 * is the midnight nearest to the printed wall time less its offset. That also holds on a day whose
 * midnight did not exist (DST began at 00:00, as in São Paulo until 2019), where the offset at midnight
 * and at the printed time differ by an hour. `11.11.2001` is accepted too.
 */
export function dateOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):\d{2}([+-])(\d{2}):(\d{2}))?/.exec(value);
  const russian = /^(\d{2})\.(\d{2})\.(\d{4})/.exec(value);
  let candidate = iso
    ? `${iso[1]}-${iso[2]}-${iso[3]}`
    : russian
      ? `${russian[3]}-${russian[2]}-${russian[1]}`
      : null;
  const clock = iso?.[4] !== undefined ? Number(iso[4]) * 60 + Number(iso[5]) : 0;
  if (iso && clock !== 0) {
    const offset = (iso[6] === '-' ? -1 : 1) * (Number(iso[7]) * 60 + Number(iso[8]));
    const days = Math.round((clock - offset) / 1440);
    candidate = new Date(Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]) + days))
      .toISOString()
      .slice(0, 10);
  }
  if (!candidate) return null;
  const parsed = parseLocalDate(candidate);
  return parsed.ok ? parsed.value : null;
}

export function instantOf(value: unknown): number | null {
  if (typeof value !== 'string' || value === '') return null;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.floor(at / 1000) * 1000 : null;
}

export function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** `"4900.00"`, `"4900"`, `899.1` → minor units, rounded half away from zero past two decimals. */
export function minorOf(value: unknown): number | null {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(number) || (typeof value === 'string' && value.trim() === '')) return null;
  return Math.sign(number) * Math.round(Math.abs(number) * 100);
}

export function moneyOf(value: unknown, currency: string | null | undefined): Money | null {
  const minor = minorOf(value);
  return minor === null || !currency ? null : { minor, currency };
}

function values(items: readonly BxMultiField[] | null | undefined): string[] {
  return (items ?? []).map((item) => item.VALUE ?? '').filter((value) => value.trim() !== '');
}

function owned(item: BxMultiField | null): OwnedItem | null {
  return item ? { id: item.ID, value: item.VALUE ?? '' } : null;
}

function ownedOf(value: Json | undefined): OwnedItem | null {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return null;
  const id = typeof value.id === 'string' ? value.id : null;
  return typeof value.value === 'string' ? { id, value: value.value } : null;
}
