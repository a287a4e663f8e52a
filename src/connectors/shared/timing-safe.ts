/** Comparing secrets (webhook tokens) without leaking, through timing, how much of them matched. */
import { createHash, timingSafeEqual } from 'node:crypto';

export function sameSecret(given: string, expected: string): boolean {
  // Digests have one length whatever the inputs, so neither the length nor a prefix leaks.
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}
