/**
 * A flush writes several CRM requests' worth of items at once, as requests in flight together: the
 * cluster-wide rate slot spaces them, so the CRM's allowance is used fully instead of idling while
 * each answer is recorded. A failed request leaves its items owed; the others' outcomes still count.
 */
import type { CrmError, CrmResult, WriteOutcome } from '../connectors/contract.ts';
import { chunk } from '../core/sync/coalesce.ts';

/** Requests of one flow in flight at once (the rate slot, not this, sets the pace). */
export const REQUESTS_IN_FLIGHT = 4;

export async function writeInParallel<W>(
  writes: readonly W[],
  perRequest: number,
  write: (batch: W[]) => Promise<CrmResult<WriteOutcome[]>>,
): Promise<{ outcomes: WriteOutcome[]; failure: CrmError | null; refused: ReadonlySet<W> }> {
  const batches = chunk(writes, perRequest);
  const answers = await Promise.all(batches.map((batch) => write(batch)));
  const outcomes = answers.flatMap((answer) => (answer.ok ? answer.value : []));
  const failed = answers.find((answer) => !answer.ok);
  // A throttled request was turned away before it ran: none of its writes can have taken effect.
  const refused = new Set(
    batches.flatMap((batch, i) => {
      const answer = answers[i];
      return answer && !answer.ok && answer.error.kind === 'rate_limited' ? batch : [];
    }),
  );
  return { outcomes, failure: failed && !failed.ok ? failed.error : null, refused };
}
