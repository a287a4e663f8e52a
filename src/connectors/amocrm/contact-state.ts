/**
 * The connector-private state of a contact (`RemoteContact.state`): every phone and e-mail it holds
 * and its name parts. amoCRM replaces ALL values of a multitext field on PATCH, so a write of "our"
 * phone sends it together with the others kept here (read-merge-write without the read).
 */
import { z } from 'zod';
import { fullName } from '../../core/model/client.ts';
import { normalizeEmail } from '../../core/model/email.ts';
import { normalizePhone, phoneKey } from '../../core/model/phone.ts';
import type { Json } from '../contract.ts';
import type { SchemaMultitext } from './schema.ts';

const MultiValue = z.object({
  value: z.string(),
  enumId: z.number().int().nullable(),
  enumCode: z.string().nullable(),
});
export type MultiValue = z.infer<typeof MultiValue>;

const Names = z.object({
  first: z.string().nullable(),
  last: z.string().nullable(),
  middle: z.string().nullable(),
});
export type Names = z.infer<typeof Names>;

export const ContactState = z.object({
  v: z.literal(1),
  phones: z.array(MultiValue),
  emails: z.array(MultiValue),
  /** Absent when the source (a webhook) did not carry the name parts. */
  names: Names.optional(),
});
export type ContactState = z.infer<typeof ContactState>;

export const PHONE_ENUM = 'MOB';
export const EMAIL_ENUM = 'WORK';

export function readState(state: Json): ContactState | null {
  const parsed = ContactState.safeParse(state);
  return parsed.success ? parsed.data : null;
}

export function toJsonState(state: ContactState): Json {
  return JSON.parse(JSON.stringify(state)) as Json;
}

/** The enum code of a value, resolving webhook enum ids through the schema. */
export function enumCodeOf(value: MultiValue, field: SchemaMultitext): string | null {
  if (value.enumCode) return value.enumCode;
  const match = Object.entries(field.enums).find(([, id]) => id === value.enumId);
  return match ? match[0] : null;
}

/** "Our" value: the first one with our enum (MOB / WORK), else the first one. */
export function preferredValue(
  values: readonly MultiValue[],
  field: SchemaMultitext,
  code: string,
): string | null {
  const ours = values.find((v) => enumCodeOf(v, field) === code) ?? values[0];
  return ours ? ours.value : null;
}

export function phoneOf(values: readonly MultiValue[], field: SchemaMultitext): string | null {
  const raw = preferredValue(values, field, PHONE_ENUM);
  if (raw === null) return null;
  const phone = normalizePhone(raw);
  return phone.ok ? phone.value : raw.trim();
}

export function emailOf(values: readonly MultiValue[], field: SchemaMultitext): string | null {
  const raw = preferredValue(values, field, EMAIL_ENUM);
  if (raw === null) return null;
  const email = normalizeEmail(raw);
  return email.ok ? email.value : raw.trim().toLowerCase();
}

/**
 * The new value list: ours first (with our enum), every other value kept, the previous "ours" and
 * any spelling of the new value dropped (so a phone is never duplicated).
 */
export function mergeMulti(
  current: readonly MultiValue[],
  previous: string | null,
  next: string | null,
  kind: 'phone' | 'email',
  code: string,
): MultiValue[] {
  const key = (value: string) =>
    kind === 'phone' ? (phoneKey(value) ?? value.trim()) : value.trim().toLowerCase();
  const dropped = new Set([previous, next].flatMap((value) => (value ? [key(value)] : [])));
  const others = current.filter((value) => !dropped.has(key(value.value)));
  return next ? [{ value: next, enumId: null, enumCode: code }, ...others] : others;
}

export function multiToAmo(values: readonly MultiValue[]): Json[] | null {
  if (values.length === 0) return null;
  return values.map(
    (v): Json =>
      v.enumId !== null
        ? { value: v.value, enum_id: v.enumId }
        : { value: v.value, enum_code: v.enumCode ?? 'OTHER' },
  );
}

/** The middle name we put into `name` (`<last> <first> <middle>`), when `name` still reads so. */
export function middleFromName(
  name: string | null,
  first: string | null,
  last: string | null,
): string | null {
  if (!name) return null;
  const prefix = fullName({ firstName: first, lastName: last });
  if (!prefix || !name.startsWith(`${prefix} `)) return null;
  const rest = name.slice(prefix.length + 1).trim();
  return rest.length > 0 ? rest : null;
}
