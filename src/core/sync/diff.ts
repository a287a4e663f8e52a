import { type CardField, type ContactCard, DERIVED_CARD_FIELDS } from '../derive/contact-card.ts';
import { PERSONAL_FIELDS, type PersonalField } from '../model/client.ts';
import type { Instant } from '../model/time.ts';
import { awaitedEdit, type Baseline, type PendingLimeChange, predatesEdit } from './baseline.ts';
import { type Fingerprint, fingerprint } from './fingerprint.ts';

export const CARD_FIELDS: readonly CardField[] = ['limeId', ...PERSONAL_FIELDS, ...DERIVED_CARD_FIELDS];

export type ContactPush = {
  /** The fields to write; empty when the CRM already shows the card. */
  readonly fields: Partial<ContactCard>;
  /** The baseline to keep once nothing changes: pending Lime edits expired or overtaken by a new Lime value are dropped. */
  readonly baseline: Baseline;
  /** Fields held back because Lime's state predates a CRM edit Lime has not applied yet. */
  readonly heldBack: readonly PersonalField[];
};

export function cardFingerprints(card: ContactCard, fields: readonly CardField[] = CARD_FIELDS) {
  return Object.fromEntries(fields.map((field) => [field, fingerprint(card[field])])) as Partial<
    Record<CardField, Fingerprint>
  >;
}

/** Which fields of the card differ from what the CRM is known to show (only those are written). */
export function planContactPush(
  card: ContactCard,
  baseline: Baseline,
  now: Instant,
  fields: readonly CardField[] = CARD_FIELDS,
): ContactPush {
  const changed: Partial<Record<CardField, unknown>> = {};
  const heldBack: PersonalField[] = [];
  const pendingLime: Partial<Record<PersonalField, PendingLimeChange>> = {};
  for (const field of fields) {
    const value = card[field];
    const current = fingerprint(value);
    const pending = isPersonal(field) ? baseline.pendingLime[field] : undefined;
    if (isPersonal(field) && pending && awaitedEdit(pending, now)) {
      // A Lime state that predates a CRM edit Lime has not applied yet is held back.
      if (predatesEdit(pending, current)) {
        heldBack.push(field);
        pendingLime[field] = pending;
        continue;
      }
      // Lime showing the edit may be Lime's confirmation or only our own copy of the edit (the flows
      // mirror an accepted edit at once): either way a stale state may still follow, so the wait goes
      // on until it expires or Lime shows another value.
      if (current === pending.value) pendingLime[field] = pending;
    }
    if (baseline.synced[field] !== current) changed[field] = value;
  }
  return {
    fields: changed as Partial<ContactCard>,
    baseline: { ...baseline, pendingLime },
    heldBack,
  };
}

/**
 * The baseline after a successful write of `fields` (they are now what the CRM shows). Give it the
 * baseline as stored now, after any judgement made while the write was under way: a field that the
 * CRM was seen showing otherwise meanwhile (`inflight` no longer our value, see `judgeRemoteEdit`)
 * is recorded as showing that, so the next push writes Lime's value again.
 */
export function afterWrite(baseline: Baseline, fields: Partial<ContactCard>): Baseline {
  const written = Object.fromEntries(
    Object.entries(fields).map(([field, value]) => {
      const ours = fingerprint(value as string | number | null);
      const seen = baseline.inflight[field as CardField];
      return [field, seen !== undefined && seen !== ours ? seen : ours];
    }),
  );
  return { synced: { ...baseline.synced, ...written }, inflight: {}, pendingLime: baseline.pendingLime };
}

/** The baseline while a write of `fields` is under way (for echo detection). */
export function duringWrite(baseline: Baseline, fields: Partial<ContactCard>): Baseline {
  const inflight = Object.fromEntries(
    Object.entries(fields).map(([field, value]) => [field, fingerprint(value as string | number | null)]),
  );
  return { ...baseline, inflight };
}

function isPersonal(field: CardField): field is PersonalField {
  return (PERSONAL_FIELDS as readonly string[]).includes(field);
}
