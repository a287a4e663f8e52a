import { PERSONAL_FIELDS, type PersonalData, type PersonalField } from '../model/client.ts';
import type { Instant } from '../model/time.ts';
import type { Baseline, PendingLimeChange } from './baseline.ts';
import { fingerprint } from './fingerprint.ts';

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
  const pendingLime: Partial<Record<PersonalField, PendingLimeChange>> = { ...baseline.pendingLime };
  for (const field of PERSONAL_FIELDS) {
    if (!(field in remote)) continue; // this CRM cannot show the field
    const value = remote[field] ?? null;
    const remoteFp = fingerprint(value);
    const agreed = baseline.synced[field];
    const verdict = judgeField(remoteFp, agreed, baseline.inflight[field], fingerprint(lime[field]));
    verdicts[field] = verdict;
    if (verdict === 'conflict_lime_wins') conflicts.push(field);
    if (verdict === 'converged') synced[field] = remoteFp;
    if (verdict !== 'accepted') continue;
    changes[field] = value;
    synced[field] = remoteFp;
    pendingLime[field] = { value: remoteFp, previous: agreed ?? null, at: now };
  }
  return { changes, conflicts, verdicts, baseline: { synced, inflight: baseline.inflight, pendingLime } };
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
