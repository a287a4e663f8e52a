import { createHash } from 'node:crypto';

/**
 * A short, stable fingerprint of a field value. Baselines keep fingerprints rather than values, so
 * the sync state of a contact holds no personal data of its own.
 */
export type Fingerprint = string;

const NULL_MARK = '\u2205';

/** Empty, blank and missing are one value: a CRM that trims `' '` away must not look like an edit. */
export function fingerprint(value: string | number | null | undefined): Fingerprint {
  const text = value === null || value === undefined ? '' : String(value).trim();
  const canonical = text === '' ? NULL_MARK : text;
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}
