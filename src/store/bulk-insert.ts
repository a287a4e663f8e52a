/**
 * Many rows in one INSERT with ONE parameter: the rows as a JSON array that PostgreSQL unpacks. Drizzle's
 * `.values(rows)` builds a placeholder per value, and for the 500-event batches of `POST /v1/events` that
 * building took more of the hub's CPU than PostgreSQL took to run the statements (docs/benchmarks.md,
 * ingest). Rows are keyed like drizzle insert rows (property names). The columns are the first row's
 * keys; a value left out is NULL (not the column default); each is cast to its column's SQL type, and
 * the rows are inserted in the order given.
 */
import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type DbOrTx, rows } from './db.ts';

export async function insertRows<T = Record<string, unknown>>(
  db: DbOrTx,
  table: PgTable,
  values: readonly Record<string, unknown>[],
  tail?: SQL,
): Promise<T[]> {
  const [first] = values;
  if (!first) return [];
  const columns = getTableColumns(table);
  const used = Object.keys(first).map((key) => {
    const column = columns[key];
    if (!column) throw new Error(`${getTableName(table)} has no column ${key}`);
    return { key, name: column.name, type: column.getSQLType() };
  });
  const json = JSON.stringify(values.map((row) => used.map(({ key }) => row[key] ?? null)));
  const names = sql.join(
    used.map(({ name }) => sql.identifier(name)),
    sql`, `,
  );
  const fields = sql.join(
    used.map(({ type }, index) => field(index, type)),
    sql`, `,
  );
  return rows<T>(
    db,
    sql`insert into ${table} (${names}) select ${fields}
        from jsonb_array_elements(${json}::jsonb) with ordinality as r(v, n) order by n ${tail ?? sql``}`,
  );
}

function field(index: number, type: string): SQL {
  if (type === 'jsonb' || type === 'json') return sql.raw(`nullif(r.v->${index}, 'null'::jsonb)::${type}`);
  if (type === 'text') return sql.raw(`r.v->>${index}`);
  return sql.raw(`(r.v->>${index})::${type}`);
}
