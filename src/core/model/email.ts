import { err, ok, type Result } from '../result.ts';

export type Email = string & { readonly __brand: 'Email' };

// Deliberately plain: one @, a dot in the domain, no spaces. Mailbox existence is not our business.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export function normalizeEmail(input: string): Result<Email, 'invalid_email'> {
  const trimmed = input.trim().toLowerCase();
  if (trimmed.length > 254 || !EMAIL_PATTERN.test(trimmed)) return err('invalid_email');
  return ok(trimmed as Email);
}
