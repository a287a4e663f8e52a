/**
 * Every integration suite runs on both engines: embedded PGlite (a fresh temp data dir) and the
 * PostgreSQL server at 127.0.0.1:5432 (a fresh database per suite, dropped afterwards).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const ENGINES = ['pglite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

export const POSTGRES_ADMIN_URL =
  process.env.LIMEBRIDGE_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestDatabase = {
  readonly engine: Engine;
  /** DATABASE_URL for PostgreSQL, or undefined (embedded). */
  readonly url: string | undefined;
  readonly dataDir: string;
  drop(): Promise<void>;
};

export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'limebridge-test-'));
  if (engine === 'pglite') {
    return {
      engine,
      url: undefined,
      dataDir,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `lb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    engine,
    url: url.toString(),
    dataDir,
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      // The stopped hub's pools may still be closing their connections: a forced drop would kill them
      // mid-close, and a client with no error listener left would throw into the next test file.
      for (let wait = 0; wait < 50; wait += 1) {
        const open = await client.query(
          'select count(*)::int as n from pg_stat_activity where datname = $1',
          [name],
        );
        if (open.rows[0]?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
