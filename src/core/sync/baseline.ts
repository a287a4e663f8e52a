import type { CardField } from '../derive/contact-card.ts';
import type { PersonalField } from '../model/client.ts';
import type { Instant } from '../model/time.ts';
import type { Fingerprint } from './fingerprint.ts';

/**
 * What limebridge knows about one linked CRM record, field by field, as fingerprints:
 * - `synced`: the value both sides agreed on last (what we wrote, or a CRM edit we accepted);
 * - `inflight`: what a write now under way is putting there (its webhook may overtake our bookkeeping);
 * - `pendingLime`: CRM edits sent to Lime as `client.changed` that Lime has not yet confirmed.
 */
export type Baseline = {
  readonly synced: Readonly<Partial<Record<CardField, Fingerprint>>>;
  readonly inflight: Readonly<Partial<Record<CardField, Fingerprint>>>;
  readonly pendingLime: Readonly<Partial<Record<PersonalField, PendingLimeChange>>>;
};

export type PendingLimeChange = {
  readonly value: Fingerprint;
  /** The value Lime had before, so a Lime state that predates the edit is recognised as stale. */
  readonly previous: Fingerprint | null;
  /**
   * Older values Lime may still show when this edit followed others that were still awaited (the CRM
   * user changed the field twice before Lime caught up): a Lime state made between Lime applying the
   * first edit and this one is stale too. Optional, so baselines stored without it still read.
   */
  readonly earlier?: readonly Fingerprint[];
  readonly at: Instant;
};

export const EMPTY_BASELINE: Baseline = { synced: {}, inflight: {}, pendingLime: {} };

/** How long a stale Lime state is held back while Lime applies a CRM edit (docs/sync-rules.md). */
export const PENDING_LIME_TTL_MS = 60 * 60 * 1000;

/** Whether Lime showing `value` is a state made before Lime applied the awaited CRM edit. */
export function predatesEdit(pending: PendingLimeChange, value: Fingerprint): boolean {
  return (
    value !== pending.value && (value === pending.previous || (pending.earlier?.includes(value) ?? false))
  );
}

/** The CRM edit Lime is still expected to apply, if any (past PENDING_LIME_TTL_MS Lime is taken at its word). */
export function awaitedEdit(
  pending: PendingLimeChange | undefined,
  now: Instant,
): PendingLimeChange | undefined {
  return pending && now - pending.at < PENDING_LIME_TTL_MS ? pending : undefined;
}
