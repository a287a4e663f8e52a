/**
 * Who may call what: a tenant's API key on `/v1`, the admin token or the dashboard's session cookie on
 * `/admin`; one tenant's key never reads or writes another's data (lime-protocol.md §1, §4).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendOutbound } from '../../src/store/events-repo.ts';
import { clients } from '../../src/store/schema/index.ts';
import { ENGINES } from '../support/databases.ts';
import { ADMIN_TOKEN, admin, createTenant, postEvents, startTestHub, type TestHub } from '../support/hub.ts';
import { bearer, expectError, rowCounts, send, validEvent } from './helpers.ts';

type Pulled = { events: { id: string }[]; cursor: string };

describe.each(ENGINES)('authentication and tenant isolation on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(engine);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const eventsBody = () => JSON.stringify({ events: [validEvent('client.upserted')] });

  describe('the Lime API', () => {
    let apiKey: string;
    beforeAll(async () => {
      apiKey = (await createTenant(hub)).apiKey;
    });

    const refusals: [string, Record<string, string>][] = [
      ['no Authorization header', {}],
      ['an empty Authorization header', { authorization: '' }],
      ['a wrong key', bearer('lbk_not-a-key-of-anyone')],
      ['the admin token', bearer(ADMIN_TOKEN)],
      ['Basic instead of Bearer', { authorization: 'Basic dXNlcjpwYXNz' }],
      ['Bearer without a key', { authorization: 'Bearer' }],
      ['Bearer and blanks', { authorization: 'Bearer    ' }],
      ['two words after Bearer', { authorization: 'Bearer lbk_one lbk_two' }],
      ['the key without Bearer', { authorization: 'lbk_no-scheme' }],
    ];

    it.each(refusals)('POST /v1/events with %s → 401, nothing stored', async (_label, headers) => {
      const before = await rowCounts(hub);
      const answer = await send(hub, 'POST', '/v1/events', {
        headers: { ...headers, 'content-type': 'application/json' },
        body: eventsBody(),
      });
      expect(expectError(answer, 401, 'unauthorized')).toEqual([]);
      expect(await rowCounts(hub)).toEqual(before);
    });

    it.each(refusals)('GET /v1/outbound with %s → 401', async (_label, headers) => {
      expectError(await send(hub, 'GET', '/v1/outbound', { headers }), 401, 'unauthorized');
    });

    it('checks the key before the body: a bad key with a malformed body is still 401', async () => {
      const answer = await send(hub, 'POST', '/v1/events', {
        headers: { ...bearer('wrong'), 'content-type': 'application/json' },
        body: '{"events": [',
      });
      expectError(answer, 401, 'unauthorized');
    });

    it('takes the scheme in any case', async () => {
      const answer = await send(hub, 'POST', '/v1/events', {
        headers: { authorization: `bearer ${apiKey}`, 'content-type': 'application/json' },
        body: eventsBody(),
      });
      expect(answer.status).toBe(200);
    });

    it('stops taking a key once a new one is issued', async () => {
      const tenant = await createTenant(hub);
      const rotated = await admin<{ apiKey: string }>(hub, 'POST', `/admin/v1/tenants/${tenant.id}/api-key`);
      expect(rotated.status).toBe(201);
      expectError(await postEvents(hub, tenant.apiKey, [validEvent('client.upserted')]), 401, 'unauthorized');
      expect((await postEvents(hub, rotated.body.apiKey, [validEvent('client.upserted')])).status).toBe(200);
    });
  });

  describe('between tenants', () => {
    it("never lets one tenant's key write or read another's data", async () => {
      const a = await createTenant(hub, { name: 'A' });
      const b = await createTenant(hub, { name: 'B' });
      const shared = validEvent('client.upserted', { clientId: 'c-shared', firstName: 'Анна' });
      expect((await postEvents(hub, a.apiKey, [shared])).body).toEqual({ accepted: 1, duplicates: 0 });
      const aBefore = await rowCounts(hub, a.id);

      // The same event id and the same client id are B's own: new to B, and they leave A alone.
      const sameIds = { ...shared, data: { ...shared.data, firstName: 'Борис' } };
      const others = [
        validEvent('product.upserted'),
        validEvent('transaction.recorded', { clientId: 'c-shared' }),
        validEvent('family.linked', { parentId: 'c-shared' }),
        validEvent('client.deleted', { clientId: 'c-shared' }, '2026-12-01T10:00:00+03:00'),
      ];
      expect((await postEvents(hub, b.apiKey, [sameIds])).body).toEqual({ accepted: 1, duplicates: 0 });
      expect((await postEvents(hub, b.apiKey, others)).body).toEqual({ accepted: 4, duplicates: 0 });

      expect(await rowCounts(hub, a.id)).toEqual(aBefore);
      const [annaOfA] = await hub.runtime.db
        .select()
        .from(clients)
        .where(and(eq(clients.tenantId, a.id), eq(clients.clientId, 'c-shared')));
      expect(annaOfA).toMatchObject({ firstName: 'Анна', erasedAt: null });
    });

    it("never shows one tenant's outbound events to another, with or without the other's cursor", async () => {
      const a = await createTenant(hub, { name: 'A' });
      const b = await createTenant(hub, { name: 'B' });
      const ids = await hub.runtime.db.transaction((tx) =>
        appendOutbound(tx, a.id, [
          {
            type: 'client.changed',
            subject: 'client:c-1',
            occurredAt: Date.now(),
            data: { clientId: 'c-1' },
          },
          {
            type: 'client.changed',
            subject: 'client:c-2',
            occurredAt: Date.now(),
            data: { clientId: 'c-2' },
          },
        ]),
      );
      const ofA = await send<Pulled>(hub, 'GET', '/v1/outbound', { headers: bearer(a.apiKey) });
      expect(ofA.body.events.map((event) => event.id)).toEqual(ids);

      const ofB = await send<Pulled>(hub, 'GET', '/v1/outbound', { headers: bearer(b.apiKey) });
      expect(ofB.status).toBe(200);
      expect(ofB.body.events).toEqual([]);
      const firstOfA = await send<Pulled>(hub, 'GET', '/v1/outbound?limit=1', { headers: bearer(a.apiKey) });
      for (const cursor of [firstOfA.body.cursor, ofA.body.cursor]) {
        const withCursor = await send<Pulled>(hub, 'GET', `/v1/outbound?after=${cursor}`, {
          headers: bearer(b.apiKey),
        });
        expect(withCursor.status).toBe(200);
        expect(withCursor.body.events).toEqual([]);
      }
    });
  });

  describe('the admin API', () => {
    const refusals: [string, Record<string, string>][] = [
      ['no token', {}],
      ['a wrong token', bearer('not-the-admin-token-000000')],
      ['a prefix of the token', bearer(ADMIN_TOKEN.slice(0, -1))],
      ['a malformed header', { authorization: `Token ${ADMIN_TOKEN}` }],
      ['a forged session cookie', { cookie: 'lb_session=v1.9999999999.forged' }],
    ];

    it.each(refusals)('answers %s with 401', async (_label, headers) => {
      expectError(await send(hub, 'GET', '/admin/v1/tenants', { headers }), 401, 'admin_unauthorized');
      const create = await send(hub, 'POST', '/admin/v1/tenants', {
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Самозванец' }),
      });
      expectError(create, 401, 'admin_unauthorized');
    });

    it("does not take a tenant's API key as the admin token", async () => {
      const tenant = await createTenant(hub);
      const answer = await send(hub, 'GET', '/admin/v1/tenants', { headers: bearer(tenant.apiKey) });
      expectError(answer, 401, 'admin_unauthorized');
    });

    it('refuses to log in with a wrong token and sets no cookie', async () => {
      const answer = await send(hub, 'POST', '/admin/v1/session', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: 'not-the-admin-token-000000' }),
      });
      expectError(answer, 401, 'admin_unauthorized');
      expect(answer.headers['set-cookie']).toBeUndefined();
    });

    it('logs in with a session cookie that works, and logs out by clearing it', async () => {
      const jar = new CookieJar();
      const login = await send(hub, 'POST', '/admin/v1/session', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: ADMIN_TOKEN }),
      });
      expect(login.status).toBe(200);
      const issued = jar.take(login.headers['set-cookie']);
      expect(issued).toMatch(/^lb_session=[^;]+;/);
      expect(issued).toMatch(/HttpOnly/i);
      expect(jar.header()).toMatch(/^lb_session=.+/);

      const listed = await send(hub, 'GET', '/admin/v1/tenants', { headers: { cookie: jar.header() } });
      expect(listed.status).toBe(200);

      const logout = await send(hub, 'DELETE', '/admin/v1/session', { headers: { cookie: jar.header() } });
      expect(logout.status).toBe(200);
      expect(jar.take(logout.headers['set-cookie'])).toMatch(/^lb_session=;.*Max-Age=0/i);
      expect(jar.header()).toBe('');
      const after = await send(hub, 'GET', '/admin/v1/tenants', { headers: { cookie: jar.header() } });
      expectError(after, 401, 'admin_unauthorized');
    });
  });
});

/** The part of a browser's cookie store the dashboard relies on: set, replace, and expire. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(setCookie: string | string[] | undefined): string {
    const header = Array.isArray(setCookie) ? (setCookie[0] ?? '') : (setCookie ?? '');
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const [name = '', value = ''] = pair.split(/=(.*)/s);
    const expired = attributes.some((attribute) => /^max-age=0$/i.test(attribute));
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
    return header;
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}
