import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ENGINES, type TestDatabase } from '../../test/support/databases.ts';
import { insertRows } from './bulk-insert.ts';
import { type Database, openDatabase, rows } from './db.ts';
import { auditLog, clients, inboundEvents, transactions } from './schema/index.ts';

const at = new Date('2026-11-29T11:05:00.123Z');
/** Columns that differ by design between the two writes: the tenant, serial ids and insert times. */
const GENERATED = ['tenant_id', 'id', 'at', 'received_at'];

/** The same rows for two tenants: `A` written by drizzle's `.values()`, `B` by `insertRows`. */
const samples = {
  audit_log: (tenantId: string) => [
    {
      tenantId,
      connectionId: null,
      source: 'lime',
      operation: 'client.upserted',
      entity: 'client',
      entityId: 'c1',
      remoteId: null,
      outcome: 'ok',
      detail: { eventId: 'e1', list: [1, 'ё'] },
    },
    {
      tenantId,
      connectionId: 'cn_1',
      source: 'crm',
      operation: 'x',
      entity: 'client',
      entityId: "c'2",
      remoteId: 'r1',
      outcome: 'error',
      detail: null,
    },
  ],
  inbound_events: (tenantId: string) => [
    {
      tenantId,
      eventId: 'e1',
      type: 'client.upserted',
      subject: 'c1',
      occurredAt: at,
      payload: { a: 'b', c: null },
    },
    {
      tenantId,
      eventId: 'e2',
      type: 'client.deleted',
      subject: 'c2',
      occurredAt: new Date(at.getTime() + 1),
      payload: null,
    },
  ],
  transactions: (tenantId: string) => [
    {
      tenantId,
      transactionId: 'T1',
      clientId: 'c1',
      kind: 'pass',
      amountMinor: 150_000,
      currency: 'RUB',
      servicePoint: { id: 'sp', name: 'Турникет', kind: 'turnstile' },
      cardNumber: null,
      items: [{ productId: 'p', quantity: 2, price: 75_000 }],
      occurredAt: at,
    },
  ],
  clients: (tenantId: string) => [
    {
      tenantId,
      clientId: 'c1',
      category: 'adult',
      firstName: 'Иван',
      lastName: null,
      middleName: null,
      birthDate: '1990-02-03',
      gender: 'male',
      phone: '+79123456789',
      email: null,
      registrationChannel: 'cashdesk',
      cards: ['7700000001'],
      marketingConsent: true,
      stateAt: at,
      erasedAt: null,
    },
  ],
};

describe.each(ENGINES)('insertRows on %s', (engine) => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    test = await createTestDatabase(engine);
    database = await openDatabase(test.url ? { url: test.url } : { dataDir: test.dataDir });
  });
  afterAll(async () => {
    await database?.close();
    await test?.drop();
  });

  it('stores exactly what drizzle .values() stores (types, NULL vs JSON null, order)', async () => {
    const { db } = database;
    await db.insert(auditLog).values(samples.audit_log('A'));
    await insertRows(db, auditLog, samples.audit_log('B'));
    await db.insert(inboundEvents).values(samples.inbound_events('A'));
    await insertRows(db, inboundEvents, samples.inbound_events('B'));
    await db.insert(transactions).values(samples.transactions('A'));
    await insertRows(db, transactions, samples.transactions('B'));
    await db.insert(clients).values(samples.clients('A'));
    await insertRows(db, clients, samples.clients('B'));
    for (const [table, order, jsonb] of [
      ['audit_log', 'id', 'detail'],
      ['inbound_events', 'event_id', 'payload'],
      ['transactions', 'transaction_id', 'items'],
      ['clients', 'client_id', 'cards'],
    ] as const) {
      // `<jsonb> is null` tells SQL NULL from a JSON null, which both read back as null.
      const found = await rows<Record<string, unknown>>(
        db,
        sql.raw(`select *, ${jsonb} is null as sql_null from ${table} order by ${order}`),
      );
      const of = (tenant: string) =>
        found
          .filter((row) => row.tenant_id === tenant)
          .map((row) => Object.entries(row).filter(([column]) => !GENERATED.includes(column)));
      expect(of('B'), table).toEqual(of('A'));
    }
  });

  it('answers RETURNING rows and honours the conflict clause', async () => {
    const first = await insertRows<{ event_id: string }>(
      database.db,
      inboundEvents,
      samples.inbound_events('C'),
      sql`on conflict do nothing returning event_id`,
    );
    const again = await insertRows(
      database.db,
      inboundEvents,
      samples.inbound_events('C'),
      sql`on conflict do nothing returning event_id`,
    );
    expect(first.map((row) => row.event_id)).toEqual(['e1', 'e2']);
    expect(again).toEqual([]);
    expect(await insertRows(database.db, inboundEvents, [])).toEqual([]);
  });
});
