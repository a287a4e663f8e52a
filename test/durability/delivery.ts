/**
 * The sender's side of at-least-once delivery: batches whose answer was lost are sent again (same ids)
 * before anything new, and every 200 answer is written down so the store can be checked against it.
 */
import type { Answer } from './http-post.ts';
import type { Batch } from './workload.ts';

export type Acknowledgement = {
  readonly batch: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly resent: boolean;
};

export type Delivery = {
  /** The next batch to send: a lost one first, else the next new one. */
  take(): Batch | undefined;
  answered(batch: Batch, answer: Answer): void;
  lost(batch: Batch): void;
  /** An acknowledged batch to send again (keeps traffic up once nothing new is left); `pick` picks an index. */
  replayCandidate(pick: (count: number) => number): Batch | undefined;
  /** The answer to a replay: it must count every event as a duplicate. */
  replayed(batch: Batch, answer: Answer): void;
  readonly acknowledgements: readonly Acknowledgement[];
  readonly replays: readonly { batch: number; size: number; status: number; body: unknown }[];
  /** Answers other than 200 (none is expected: a killed server gives no answer at all). */
  readonly unexpected: readonly { batch: number; status: number; body: unknown }[];
  readonly lostCount: number;
  done(): boolean;
};

export function createDelivery(batches: readonly Batch[]): Delivery {
  let cursor = 0;
  const resend: Batch[] = [];
  const everLost = new Set<number>();
  const acknowledgements: Acknowledgement[] = [];
  const unexpected: { batch: number; status: number; body: unknown }[] = [];
  const replays: { batch: number; size: number; status: number; body: unknown }[] = [];
  const outstanding = new Set<number>();
  let lostCount = 0;
  return {
    take() {
      const batch = resend.shift() ?? batches[cursor];
      if (batch && batch === batches[cursor]) cursor += 1;
      if (batch) outstanding.add(batch.index);
      return batch;
    },
    answered(batch, answer) {
      outstanding.delete(batch.index);
      const counts = answer.body as { accepted?: unknown; duplicates?: unknown } | null;
      if (answer.status !== 200 || typeof counts?.accepted !== 'number') {
        unexpected.push({ batch: batch.index, status: answer.status, body: answer.body });
        resend.push(batch);
        return;
      }
      acknowledgements.push({
        batch: batch.index,
        accepted: counts.accepted,
        duplicates: Number(counts.duplicates),
        resent: everLost.has(batch.index),
      });
    },
    lost(batch) {
      outstanding.delete(batch.index);
      everLost.add(batch.index);
      lostCount += 1;
      resend.push(batch);
    },
    replayCandidate(pick) {
      if (acknowledgements.length === 0) return undefined;
      const ack = acknowledgements[pick(acknowledgements.length)];
      return ack ? batches[ack.batch] : undefined;
    },
    replayed(batch, answer) {
      replays.push({ batch: batch.index, size: batch.ids.length, status: answer.status, body: answer.body });
    },
    acknowledgements,
    replays,
    unexpected,
    get lostCount() {
      return lostCount;
    },
    done: () => cursor >= batches.length && resend.length === 0 && outstanding.size === 0,
  };
}
