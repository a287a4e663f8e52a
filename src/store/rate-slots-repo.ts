/**
 * A cluster-wide rate limiter (GCRA): one row per (connection, bucket) holds the theoretical arrival
 * time of the next request. Reserving pushes it forward atomically, so every process shares the
 * rate; a "too many requests" answer pushes it further for everybody.
 */
import { eq, sql } from 'drizzle-orm';
import { type DbOrTx, rows } from './db.ts';
import { rateSlots } from './schema/index.ts';

export type RateShape = {
  /** Requests per second. */
  readonly rate: number;
  /** How many may go back to back after a quiet spell. */
  readonly burst: number;
};

/** Reserves a slot; answers the wait in ms (0 = go now), or null when the wait would exceed `maxWaitMs`. */
export async function reserveSlot(
  db: DbOrTx,
  key: string,
  shape: RateShape,
  maxWaitMs: number,
): Promise<number | null> {
  const interval = 1 / shape.rate;
  const tolerance = Math.max(0, shape.burst - 1) * interval;
  const found = await rows<{ wait_ms: number }>(
    db,
    sql`insert into rate_slots as r (key, tat) values (${key}, clock_timestamp() + make_interval(secs => ${interval}))
        on conflict (key) do update
          set tat = greatest(r.tat, clock_timestamp()) + make_interval(secs => ${interval})
          where greatest(r.tat, clock_timestamp()) - clock_timestamp() - make_interval(secs => ${tolerance})
                <= make_interval(secs => ${maxWaitMs / 1000})
        returning greatest(0, extract(epoch from (r.tat - clock_timestamp())) * 1000
                  - ${(interval + tolerance) * 1000})::float8 as wait_ms`,
  );
  const [reserved] = found;
  return reserved ? Number(reserved.wait_ms) : null;
}

/** How long until a slot frees up (for telling callers when to come back). */
export async function slotWaitMs(db: DbOrTx, key: string, shape: RateShape): Promise<number> {
  const tolerance = Math.max(0, shape.burst - 1) / shape.rate;
  const [row] = await db
    .select({
      waitMs: sql<number>`greatest(0, extract(epoch from (${rateSlots.tat} - clock_timestamp())) * 1000 - ${tolerance * 1000})::float8`,
    })
    .from(rateSlots)
    .where(eq(rateSlots.key, key));
  return row ? Number(row.waitMs) : 0;
}

/** After a 429/503: nobody sends on this bucket before `delayMs` from now (the burst allowance included). */
export async function penalizeSlot(
  db: DbOrTx,
  key: string,
  shape: RateShape,
  delayMs: number,
): Promise<void> {
  const seconds = delayMs / 1000 + Math.max(0, shape.burst - 1) / shape.rate;
  await db.execute(
    sql`insert into rate_slots as r (key, tat) values (${key}, clock_timestamp() + make_interval(secs => ${seconds}))
        on conflict (key) do update set tat = greatest(r.tat, clock_timestamp() + make_interval(secs => ${seconds}))`,
  );
}
