/**
 * Reads what a stopped hub left in its database: the PGlite directory (only once no process holds it)
 * or the PostgreSQL database.
 */
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type StoreReader = {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
};

export async function openStore(target: { dataDir: string; url?: string | undefined }): Promise<StoreReader> {
  if (target.url) {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    return {
      query: async <T>(text: string, params: unknown[] = []) =>
        (await client.query(text, params)).rows as T[],
      close: () => client.end(),
    };
  }
  const embedded = await PGlite.create(join(target.dataDir, 'pglite'));
  return {
    query: async <T>(text: string, params: unknown[] = []) => (await embedded.query<T>(text, params)).rows,
    close: () => embedded.close(),
  };
}

export type StoredState = {
  readonly eventIds: string[];
  readonly transactions: { total: number; distinct: number };
  readonly clients: { clientId: string; lastName: string | null; stateAt: number }[];
  /** Event ids applied more than once according to the audit trail (written in the ingest transaction). */
  readonly appliedTwice: string[];
  readonly appliedOnce: number;
};

export async function readStoredState(store: StoreReader, tenantId: string): Promise<StoredState> {
  const events = await store.query<{ event_id: string }>(
    'select event_id from inbound_events where tenant_id = $1',
    [tenantId],
  );
  const [transactions] = await store.query<{ total: number; distinct: number }>(
    'select count(*)::int as total, count(distinct transaction_id)::int as distinct from transactions where tenant_id = $1',
    [tenantId],
  );
  const clients = await store.query<{ client_id: string; last_name: string | null; state_at: Date }>(
    'select client_id, last_name, state_at from clients where tenant_id = $1',
    [tenantId],
  );
  const applied = await store.query<{ event_id: string; n: number }>(
    `select detail->>'eventId' as event_id, count(*)::int as n from audit_log
     where tenant_id = $1 and source = 'lime' and outcome = 'ok' group by 1`,
    [tenantId],
  );
  return {
    eventIds: events.map((row) => row.event_id),
    transactions: transactions ?? { total: 0, distinct: 0 },
    clients: clients.map((row) => ({
      clientId: row.client_id,
      lastName: row.last_name,
      stateAt: new Date(row.state_at).getTime(),
    })),
    appliedTwice: applied.filter((row) => row.n > 1).map((row) => row.event_id),
    appliedOnce: applied.filter((row) => row.n === 1).length,
  };
}
