import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { err, ok, type Result } from '../result.ts';

/** A phone number in E.164 (`+79123456789`). */
export type Phone = string & { readonly __brand: 'Phone' };

export const DEFAULT_PHONE_REGION = 'RU';

/** Phones are accepted as people type them (`8 (912) 345-67-89`) and normalised to E.164. */
export function normalizePhone(input: string, region = DEFAULT_PHONE_REGION): Result<Phone, 'invalid_phone'> {
  const parsed = parsePhoneNumberFromString(input.trim(), region as 'RU');
  if (!parsed?.isValid()) return err('invalid_phone');
  return ok(parsed.number as Phone);
}

/** A lenient comparison key for phones read back from a CRM, where people type anything. */
export function phoneKey(input: string, region = DEFAULT_PHONE_REGION): string | null {
  const normalized = normalizePhone(input, region);
  if (normalized.ok) return normalized.value;
  const digits = input.replace(/\D/g, '');
  return digits.length >= 7 ? digits : null;
}
