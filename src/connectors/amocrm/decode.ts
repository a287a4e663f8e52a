/**
 * amoCRM records → wire-neutral values. REST answers and webhook items are first brought to one
 * shape (`ContactParts`), so both read back exactly what encode.ts wrote.
 */

import type { PersonalData } from '../../core/model/client.ts';
import { normalizeEmail } from '../../core/model/email.ts';
import { money } from '../../core/model/money.ts';
import { normalizePhone } from '../../core/model/phone.ts';
import type { RemoteContact, RemoteProduct } from '../contract.ts';
import {
  type ContactState,
  emailOf,
  type MultiValue,
  middleFromName,
  phoneOf,
  toJsonState,
} from './contact-state.ts';
import { type CardValue, fromAmoValue } from './field-values.ts';
import { type AmoSchema, CARD_FIELD_KEYS, type CardFieldKey } from './schema.ts';
import type { AmoContact, AmoElement, AmoFieldValues } from './wire.ts';

export type PartValue = {
  readonly value: unknown;
  readonly enumId: number | null;
  readonly enumCode: string | null;
};
export type PartField = {
  readonly fieldId: number;
  readonly code: string | null;
  readonly values: PartValue[];
};

export type ContactParts = {
  readonly id: number;
  readonly name: string | null;
  /** undefined: the source does not carry first/last names (webhooks). */
  readonly names: { first: string | null; last: string | null } | undefined;
  readonly updatedAtSec: number | null;
  readonly fields: readonly PartField[];
};

export type ValueReader = (type: string, raw: unknown) => CardValue;

export function fromAmoContact(raw: AmoContact, schema: AmoSchema): RemoteContact {
  const timeZone = schema.account.timeZone;
  return fromContactParts(
    {
      id: raw.id,
      name: raw.name ?? null,
      names: { first: blankToNull(raw.first_name), last: blankToNull(raw.last_name) },
      updatedAtSec: raw.updated_at ?? null,
      fields: (raw.custom_fields_values ?? []).map(partField),
    },
    schema,
    (type, value) => fromAmoValue(type, value, timeZone),
  );
}

export function fromContactParts(parts: ContactParts, schema: AmoSchema, read: ValueReader): RemoteContact {
  const phones = multiValues(parts.fields, schema.phone.fieldId, 'PHONE');
  const emails = multiValues(parts.fields, schema.email.fieldId, 'EMAIL');
  const card = cardValues(parts.fields, schema, read);
  const phone = phoneOf(phones, schema.phone);
  const email = emailOf(emails, schema.email);
  const birthDate = typeof card.birthDate === 'string' ? card.birthDate : null;
  const personal: Partial<PersonalData> = parts.names
    ? { firstName: parts.names.first, lastName: parts.names.last, birthDate, phone, email }
    : { birthDate, phone, email };
  const names = parts.names
    ? { ...parts.names, middle: middleFromName(parts.name, parts.names.first, parts.names.last) }
    : undefined;
  const state: ContactState = { v: 1, phones, emails, ...(names ? { names } : {}) };
  return {
    remoteId: String(parts.id),
    limeId: typeof card.limeId === 'string' && card.limeId !== '' ? card.limeId : null,
    personal,
    phones: phones.map((v) => normalizedPhone(v.value)),
    emails: emails.map((v) => normalizedEmail(v.value)),
    card: { ...personal, ...card },
    state: toJsonState(state),
    updatedAt: parts.updatedAtSec === null ? null : parts.updatedAtSec * 1000,
  };
}

export function partField(raw: AmoFieldValues): PartField {
  return {
    fieldId: raw.field_id,
    code: raw.field_code ?? null,
    values: (raw.values ?? []).map((v) => ({
      value: v.value,
      enumId: v.enum_id ?? null,
      enumCode: v.enum_code ?? null,
    })),
  };
}

function multiValues(fields: readonly PartField[], fieldId: number, code: string): MultiValue[] {
  const field = fields.find((f) => f.fieldId === fieldId) ?? fields.find((f) => f.code === code);
  return (field?.values ?? []).flatMap((v) =>
    typeof v.value === 'string' && v.value.trim() !== ''
      ? [{ value: v.value, enumId: v.enumId, enumCode: v.enumCode }]
      : [],
  );
}

function cardValues(
  fields: readonly PartField[],
  schema: AmoSchema,
  read: ValueReader,
): Record<CardFieldKey, CardValue> {
  const entries = CARD_FIELD_KEYS.map((key) => {
    const spec = schema.contactFields[key];
    const raw = fields.find((f) => f.fieldId === spec.id)?.values[0]?.value;
    return [key, raw === undefined ? null : read(spec.type, raw)] as const;
  });
  return Object.fromEntries(entries) as Record<CardFieldKey, CardValue>;
}

export function fromAmoElement(raw: AmoElement, schema: AmoSchema): RemoteProduct {
  const fields = (raw.custom_fields_values ?? []).map(partField);
  const external = textOf(fields, schema.catalog.externalId);
  return {
    remoteId: String(raw.id),
    productId: external,
    name: raw.name,
    price: priceOf(fields, schema.catalog.price, schema.account.currency),
  };
}

/** A price-type field's value (`"1500.50"` or a number) in minor units. */
export function priceOf(fields: readonly PartField[], fieldId: number, currency: string) {
  const raw = fields.find((f) => f.fieldId === fieldId)?.values[0]?.value;
  if (raw === undefined || raw === null || raw === '') return null;
  const units = Number(String(raw).replace(',', '.').replace(/\s/g, ''));
  return Number.isFinite(units) ? money(Math.round(units * 100), currency) : null;
}

export function textOf(fields: readonly PartField[], fieldId: number): string | null {
  const raw = fields.find((f) => f.fieldId === fieldId)?.values[0]?.value;
  return raw === undefined || raw === null || raw === '' ? null : String(raw);
}

function normalizedPhone(value: string): string {
  const phone = normalizePhone(value);
  return phone.ok ? phone.value : value.trim();
}

function normalizedEmail(value: string): string {
  const email = normalizeEmail(value);
  return email.ok ? email.value : value.trim().toLowerCase();
}

function blankToNull(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}
