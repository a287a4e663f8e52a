import { phoneKey } from '../model/phone.ts';
import { fingerprint } from './fingerprint.ts';

/**
 * What a CRM record offers for matching it to a Lime record. Phones and e-mails are comparison keys
 * (see `matchKeys`), possibly fingerprinted: equal keys mean the same phone or address.
 */
export type MatchCandidate = {
  readonly remoteId: string;
  readonly limeId: string | null;
  readonly phoneKeys: readonly string[];
  readonly emailKeys: readonly string[];
};

export type MatchKeys = {
  readonly limeId: string;
  readonly phoneKey: string | null;
  readonly emailKey: string | null;
};

export type MatchResult = { readonly remoteId: string; readonly by: 'lime_id' | 'phone' | 'email' } | null;

/** Comparison keys of phones and e-mails as typed anywhere, fingerprinted so they can be stored. */
export function matchKeysOf(phones: readonly (string | null)[], emails: readonly (string | null)[]) {
  const phoneKeys = phones.flatMap((p) => {
    const key = p ? phoneKey(p) : null;
    return key ? [fingerprint(key)] : [];
  });
  const emailKeys = emails.flatMap((e) => (e?.includes('@') ? [fingerprint(e.trim().toLowerCase())] : []));
  return { phoneKeys: [...new Set(phoneKeys)], emailKeys: [...new Set(emailKeys)] };
}

/**
 * Lime id first, then the normalised phone, then the e-mail. A contact that already carries another
 * Lime id belongs to another client and never matches by phone or e-mail. Ties go to the oldest record
 * (lowest id), so two runs always pick the same one.
 */
export function matchContact(keys: MatchKeys, candidates: readonly MatchCandidate[]): MatchResult {
  const byLimeId = oldest(candidates.filter((c) => c.limeId === keys.limeId));
  if (byLimeId) return { remoteId: byLimeId.remoteId, by: 'lime_id' };
  const free = candidates.filter((c) => c.limeId === null || c.limeId === '');
  if (keys.phoneKey) {
    const byPhone = oldest(free.filter((c) => c.phoneKeys.includes(keys.phoneKey ?? '')));
    if (byPhone) return { remoteId: byPhone.remoteId, by: 'phone' };
  }
  if (keys.emailKey) {
    const byEmail = oldest(free.filter((c) => c.emailKeys.includes(keys.emailKey ?? '')));
    if (byEmail) return { remoteId: byEmail.remoteId, by: 'email' };
  }
  return null;
}

/**
 * Numeric ids (both CRMs use them) compare as numbers, of any length, and come before any other id;
 * the rest compare as text. A total order, so the oldest record is the same whatever order the
 * candidates arrive in (comparing `'9' < '10'` as numbers but `'10' < '1a' < '9'` as text would cycle).
 */
export function compareRemoteIds(a: string, b: string): number {
  const [na, nb] = [NUMERIC_ID.test(a), NUMERIC_ID.test(b)];
  if (na !== nb) return na ? -1 : 1;
  if (na) {
    const [ta, tb] = [a.replace(LEADING_ZEROS, ''), b.replace(LEADING_ZEROS, '')];
    if (ta.length !== tb.length) return ta.length - tb.length;
    if (ta !== tb) return ta < tb ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

const NUMERIC_ID = /^\d+$/;
const LEADING_ZEROS = /^0+(?=\d)/;

function oldest(candidates: readonly MatchCandidate[]): MatchCandidate | undefined {
  return [...candidates].sort((a, b) => compareRemoteIds(a.remoteId, b.remoteId))[0];
}
