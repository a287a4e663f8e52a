import { createHash } from 'node:crypto';

/**
 * A short, stable fingerprint of a field value. Baselines keep fingerprints rather than values, so
 * the sync state of a contact holds no personal data of its own.
 */
export type Fingerprint = string;

const NULL_MARK = '\u2205';

export function fingerprint(value: string | number | null | undefined): Fingerprint {
  const canonical = value === null || value === undefined || value === '' ? NULL_MARK : String(value).trim();
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}
