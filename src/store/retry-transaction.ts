/**
 * PostgreSQL may end a transaction to break a deadlock (40P01) or a serialization conflict (40001):
 * nothing of it was kept, and running it again is the documented answer. Two ingests and a flush that
 * touch the same dirty rows and singleton jobs in different orders do deadlock under bulk load.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db, Tx } from './db.ts';

const RUN_AGAIN = new Set(['40P01', '40001']);
const ATTEMPTS = 5;

/** True when the error, or one it wraps (drizzle wraps the driver's), says "run the transaction again". */
export function isRunAgainError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && RUN_AGAIN.has(code)) return true;
    current = cause;
  }
  return false;
}

/** `db.transaction(work)`, run again (up to 5 times, after a short random pause) when PostgreSQL asks. */
export async function transactionRunAgain<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRunAgainError(error)) throw error;
      await sleep(Math.random() * 20 * attempt);
    }
  }
}
