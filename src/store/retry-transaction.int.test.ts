import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { type Database, openDatabase, rows, type Tx } from './db.ts';
import { isRunAgainError, transactionRunAgain } from './retry-transaction.ts';

/** Resolves when `count` callers have arrived: lines two transactions up at the moment they cross. */
function meeting(count: number) {
  let arrived = 0;
  let open: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    open = resolve;
  });
  return async () => {
    arrived += 1;
    if (arrived === count) open();
    await all;
  };
}

describe('transactions PostgreSQL ends to break a deadlock', () => {
  let target: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    target = await createTestDatabase('postgres');
    database = await openDatabase({ url: target.url as string });
    await database.db.execute(sql`create table crossing (id int primary key, n int not null)`);
    await database.db.execute(sql`insert into crossing values (1, 0), (2, 0)`);
  });
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  /** Two transactions lock rows 1 and 2 in opposite orders after both hold their first lock. */
  function crossing(run: (work: (tx: Tx) => Promise<void>) => Promise<void>) {
    const bothHoldOne = meeting(2);
    const bump = (tx: Tx, id: number) => tx.execute(sql`update crossing set n = n + 1 where id = ${id}`);
    let tries = 0;
    const order = async (first: number, second: number) =>
      run(async (tx) => {
        tries += 1;
        await bump(tx, first);
        if (tries <= 2) await bothHoldOne();
        await bump(tx, second);
      });
    return { both: Promise.allSettled([order(1, 2), order(2, 1)]), tries: () => tries };
  }

  it('fails one of two crossing transactions when nothing runs it again', async () => {
    const { both } = crossing((work) => database.db.transaction(work));
    const outcomes = await both;
    const failed = outcomes.filter((o) => o.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(isRunAgainError((failed[0] as PromiseRejectedResult).reason)).toBe(true);
  });

  it('commits both, the one PostgreSQL ended having run again, each exactly once', async () => {
    const [before] = await rows<{ n: number }>(database.db, sql`select sum(n)::int as n from crossing`);
    const { both, tries } = crossing((work) => transactionRunAgain(database.db, work));
    const outcomes = await both;
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(tries()).toBe(3);
    const [after] = await rows<{ n: number }>(database.db, sql`select sum(n)::int as n from crossing`);
    expect((after?.n ?? 0) - (before?.n ?? 0)).toBe(4);
  });

  it('does not run again a transaction that failed for any other reason', async () => {
    let tries = 0;
    await expect(
      transactionRunAgain(database.db, async (tx) => {
        tries += 1;
        await tx.execute(sql`insert into crossing values (1, 0)`);
      }),
    ).rejects.toThrow();
    expect(tries).toBe(1);
  });
});
