/**
 * `GET /v1/outbound`: Lime pulls what limebridge has for it in order, a cursor returns what follows and
 * nothing twice, and (on PostgreSQL) a transaction that commits late is never skipped (lime-protocol.md §3).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/store/db.ts';
import { appendOutbound, type OutboundDraft } from '../../src/store/events-repo.ts';
import { ENGINES } from '../support/databases.ts';
import { call, createTenant, eventually, startTestHub, type TestHub } from '../support/hub.ts';
import { expectError, uid } from './helpers.ts';

type Pulled = { events: { id: string; type: string; occurredAt: string; data: unknown }[]; cursor: string };

const changed = (clientId: string, at: number, firstName = 'Мария'): OutboundDraft => ({
  type: 'client.changed',
  subject: `client:${clientId}`,
  occurredAt: at,
  data: {
    clientId,
    changes: { firstName },
    origin: { system: 'amocrm', connectionId: 'cn_1', remoteId: '101' },
  },
});

describe.each(ENGINES)('outbound pull on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(engine);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const append = (tenantId: string, drafts: OutboundDraft[]) =>
    hub.runtime.db.transaction((tx) => appendOutbound(tx, tenantId, drafts));

  const pull = async (apiKey: string, query = '') => {
    const answer = await call<Pulled>(hub.url, 'GET', `/v1/outbound${query}`, { token: apiKey });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };

  /** Pulls page after page until an empty one; answers every event id seen, in order. */
  async function drain(apiKey: string, cursor: string, limit: number) {
    const seen: string[] = [];
    let after = cursor;
    for (;;) {
      const page = await pull(apiKey, `?after=${after}&limit=${limit}`);
      expect(page.events.length).toBeLessThanOrEqual(limit);
      if (page.events.length === 0) {
        expect(page.cursor).toBe(after);
        return { seen, cursor: after };
      }
      seen.push(...page.events.map((event) => event.id));
      after = page.cursor;
    }
  }

  it('answers an empty stream with no events and a cursor that later yields what was appended', async () => {
    const tenant = await createTenant(hub);
    const empty = await pull(tenant.apiKey);
    expect(empty.events).toEqual([]);
    expect(empty.cursor).toEqual(expect.any(String));
    const ids = await append(tenant.id, [changed('c-1', Date.UTC(2026, 10, 29, 11, 5))]);
    const next = await pull(tenant.apiKey, `?after=${empty.cursor}`);
    expect(next.events.map((event) => event.id)).toEqual(ids);
  });

  it('gives every event in order without a cursor, and nothing more after its cursor', async () => {
    const tenant = await createTenant(hub, { timezone: 'Asia/Yekaterinburg' });
    const first = await append(tenant.id, [
      changed('c-1', Date.UTC(2026, 10, 29, 11, 5, 7)),
      changed('c-2', Date.UTC(2026, 10, 29, 11, 6)),
    ]);
    const second = await append(tenant.id, [changed('c-1', Date.UTC(2026, 10, 29, 11, 7), 'Марина')]);
    const page = await pull(tenant.apiKey);
    expect(page.events.map((event) => event.id)).toEqual([...first, ...second]);
    expect(page.events[0]).toEqual({
      id: first[0],
      type: 'client.changed',
      occurredAt: '2026-11-29T16:05:07+05:00',
      data: {
        clientId: 'c-1',
        changes: { firstName: 'Мария' },
        origin: { system: 'amocrm', connectionId: 'cn_1', remoteId: '101' },
      },
    });
    const after = await pull(tenant.apiKey, `?after=${page.cursor}`);
    expect(after).toEqual({ events: [], cursor: page.cursor });
  });

  it('pages with limit: each page follows the last, nothing twice, nothing missed', async () => {
    const tenant = await createTenant(hub);
    const ids: string[] = [];
    for (let batch = 0; batch < 4; batch += 1) {
      const drafts = Array.from({ length: 3 }, (_, i) =>
        changed(`c-${batch}-${i}`, Date.UTC(2026, 10, 29, 12, batch, i)),
      );
      ids.push(...(await append(tenant.id, drafts)));
    }
    const start = await pull(tenant.apiKey, '?limit=1');
    expect(start.events.map((event) => event.id)).toEqual(ids.slice(0, 1));
    const rest = await drain(tenant.apiKey, start.cursor, 5);
    expect(rest.seen).toEqual(ids.slice(1));
    const more = await append(tenant.id, [changed('c-late', Date.UTC(2026, 10, 29, 13))]);
    expect((await drain(tenant.apiKey, rest.cursor, 500)).seen).toEqual(more);
  });

  it('bounds limit to 1..500 and refuses anything else at the path "limit"', async () => {
    const tenant = await createTenant(hub);
    await append(tenant.id, [changed('c-1', Date.UTC(2026, 10, 29, 11))]);
    expect((await pull(tenant.apiKey, '?limit=1')).events).toHaveLength(1);
    expect((await pull(tenant.apiKey, '?limit=500')).events).toHaveLength(1);
    for (const limit of ['0', '501', '-1', '2.5', 'ten', '']) {
      const answer = await call(hub.url, 'GET', `/v1/outbound?limit=${limit}`, { token: tenant.apiKey });
      expect(expectError(answer, 400, 'validation_failed'), `limit=${limit}`).toEqual(['limit']);
    }
  });

  it('refuses a cursor it did not give at the path "after"', async () => {
    const tenant = await createTenant(hub);
    const garbage = [
      'garbage',
      Buffer.from('s:abc').toString('base64url'),
      Buffer.from('s:-1').toString('base64url'),
      Buffer.from('seq:5').toString('base64url'),
      'x'.repeat(300),
    ];
    for (const after of garbage) {
      const answer = await call(hub.url, 'GET', `/v1/outbound?after=${after}`, { token: tenant.apiKey });
      expect(expectError(answer, 400, 'validation_failed'), after).toEqual(['after']);
    }
  });

  it.runIf(engine === 'postgres')(
    'never skips a late commit: a second appender waits for the first, a reader sees each only once committed',
    async () => {
      const tenant = await createTenant(hub);
      const start = await pull(tenant.apiKey);
      const aAppended = Promise.withResolvers<string[]>();
      const aRelease = Promise.withResolvers<void>();
      const bAppended = Promise.withResolvers<string[]>();
      const bRelease = Promise.withResolvers<void>();
      let bHasAppended = false;

      const a = hub.runtime.db.transaction(async (tx) => {
        aAppended.resolve(
          await appendOutbound(tx, tenant.id, [changed(uid('c'), Date.UTC(2026, 10, 29, 11))]),
        );
        await aRelease.promise;
      });
      const aIds = await aAppended.promise;
      const b = hub.runtime.db.transaction(async (tx) => {
        const ids = await appendOutbound(tx, tenant.id, [changed(uid('c'), Date.UTC(2026, 10, 29, 10))]);
        bHasAppended = true;
        bAppended.resolve(ids);
        await bRelease.promise;
      });

      await eventually(async () => (await waitingAdvisoryLocks()) > 0, 20_000);
      expect(bHasAppended).toBe(false);
      expect(await pull(tenant.apiKey, `?after=${start.cursor}`)).toEqual({
        events: [],
        cursor: start.cursor,
      });

      aRelease.resolve();
      await a;
      const bIds = await bAppended.promise;
      const seenA = await pull(tenant.apiKey, `?after=${start.cursor}`);
      expect(seenA.events.map((event) => event.id)).toEqual(aIds);

      bRelease.resolve();
      await b;
      const seenB = await pull(tenant.apiKey, `?after=${seenA.cursor}`);
      expect(seenB.events.map((event) => event.id)).toEqual(bIds);
      const replay = await pull(tenant.apiKey, `?after=${start.cursor}`);
      expect(replay.events.map((event) => event.id)).toEqual([...aIds, ...bIds]);
    },
  );

  it.runIf(engine === 'postgres')(
    'does not make appenders of different tenants wait for each other',
    async () => {
      const first = await createTenant(hub);
      const second = await createTenant(hub);
      const release = Promise.withResolvers<void>();
      const appended = Promise.withResolvers<void>();
      const open = hub.runtime.db.transaction(async (tx) => {
        await appendOutbound(tx, first.id, [changed('c-1', Date.UTC(2026, 10, 29, 11))]);
        appended.resolve();
        await release.promise;
      });
      await appended.promise;
      const ids = await append(second.id, [changed('c-2', Date.UTC(2026, 10, 29, 11))]);
      expect((await pull(second.apiKey)).events.map((event) => event.id)).toEqual(ids);
      release.resolve();
      await open;
    },
  );

  async function waitingAdvisoryLocks(): Promise<number> {
    const [row] = await rows<{ n: number }>(
      hub.runtime.db,
      sql`select count(*)::int as n from pg_locks
          where locktype = 'advisory' and not granted
            and database = (select oid from pg_database where datname = current_database())`,
    );
    return Number(row?.n ?? 0);
  }
});
