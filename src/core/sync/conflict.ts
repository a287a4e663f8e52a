import { PERSONAL_FIELDS, type PersonalData, type PersonalField } from '../model/client.ts';
import type { Instant } from '../model/time.ts';
import { awaitedEdit, type Baseline, type PendingLimeChange, predatesEdit } from './baseline.ts';
import { type Fingerprint, fingerprint } from './fingerprint.ts';

export type RemoteFieldVerdict =
  | 'unchanged'
  | 'echo'
  | 'first_sight'
  | 'converged'
  | 'accepted'
  | 'conflict_lime_wins';

export type RemoteEdit = {
  /** CRM edits to send to Lime as `client.changed` (only the fields that changed). */
  readonly changes: Partial<PersonalData>;
  /** CRM edits that lost to an unsent Lime change of the same field. */
  readonly conflicts: readonly PersonalField[];
  readonly verdicts: Readonly<Partial<Record<PersonalField, RemoteFieldVerdict>>>;
  readonly baseline: Baseline;
};

/**
 * Decides, field by field, what a CRM record's personal data means (docs/sync-rules.md):
 * equal to what we last agreed on or to our own write under way → nothing happened (an echo);
 * a field never synced → Lime's value will be written over it (first link);
 * otherwise a CRM edit — accepted and sent to Lime, unless Lime changed the same field since the
 * last sync and that change is not yet in the CRM: then Lime wins and the edit is reported.
 *
 * "Lime" is limebridge's copy of it, which may predate a CRM edit already sent (`pendingLime`): such
 * a stale value stands for the edit it has not caught up with yet, so it is neither a Lime change
 * (no false conflict) nor a reason to take the CRM user's next edit or undo as agreement.
 *
 * When Lime wins, the baseline records what the CRM shows instead, so the push that follows writes
 * Lime's value even if Lime has meanwhile returned to the agreed one. A field being written right now
 * (`inflight`) that the CRM shows otherwise, while Lime's value stands, may be a user's edit made after
 * our write landed or a read from before it: `inflight` then keeps what the CRM showed, and
 * `afterWrite` records that instead of our value, so Lime's value is written once more.
 */
export function judgeRemoteEdit(
  remote: Partial<PersonalData>,
  lime: PersonalData,
  baseline: Baseline,
  now: Instant,
): RemoteEdit {
  const changes: Partial<Record<PersonalField, string | null>> = {};
  const conflicts: PersonalField[] = [];
  const verdicts: Partial<Record<PersonalField, RemoteFieldVerdict>> = {};
  const synced = { ...baseline.synced };
  const inflight = { ...baseline.inflight };
  const pendingLime: Partial<Record<PersonalField, PendingLimeChange>> = { ...baseline.pendingLime };
  for (const field of PERSONAL_FIELDS) {
    if (!(field in remote)) continue; // this CRM cannot show the field
    const value = remote[field] ?? null;
    const remoteFp = fingerprint(value);
    const agreed = baseline.synced[field];
    const writing = baseline.inflight[field];
    const pending = awaitedEdit(baseline.pendingLime[field], now);
    const limeFp = fingerprint(lime[field]);
    const limeSide = pending && predatesEdit(pending, limeFp) ? pending.value : limeFp;
    const verdict = judgeField(remoteFp, agreed, writing, limeSide);
    verdicts[field] = verdict;
    if (verdict === 'conflict_lime_wins') {
      conflicts.push(field);
      synced[field] = remoteFp;
    }
    if (verdict === 'converged') synced[field] = remoteFp;
    if (writing !== undefined && remoteFp !== writing && LIME_STANDS.has(verdict)) inflight[field] = remoteFp;
    if (verdict !== 'accepted') continue;
    changes[field] = value;
    synced[field] = remoteFp;
    pendingLime[field] = awaiting(remoteFp, agreed ?? null, pending, now);
  }
  return { changes, conflicts, verdicts, baseline: { synced, inflight, pendingLime } };
}

/** Verdicts after which Lime's value is the one the CRM must show. */
const LIME_STANDS: ReadonlySet<RemoteFieldVerdict> = new Set([
  'unchanged',
  'first_sight',
  'conflict_lime_wins',
]);

/**
 * The wait for Lime to apply an accepted edit. While an earlier edit is still awaited, Lime may yet show
 * any value it had before that one, too: those are kept in `earlier`.
 */
function awaiting(
  value: Fingerprint,
  previous: Fingerprint | null,
  before: PendingLimeChange | undefined,
  now: Instant,
): PendingLimeChange {
  const older = before ? [before.previous, ...(before.earlier ?? []), before.value] : [];
  const earlier = [...new Set(older)].filter(
    (fp): fp is Fingerprint => fp !== null && fp !== value && fp !== previous,
  );
  return earlier.length > 0 ? { value, previous, earlier, at: now } : { value, previous, at: now };
}

function judgeField(
  remote: string,
  agreed: string | undefined,
  inflight: string | undefined,
  lime: string,
): RemoteFieldVerdict {
  if (remote === agreed) return 'unchanged';
  if (remote === inflight) return 'echo';
  if (agreed === undefined) return 'first_sight';
  if (remote === lime) return 'converged';
  if (lime !== agreed) return 'conflict_lime_wins';
  return 'accepted';
}
