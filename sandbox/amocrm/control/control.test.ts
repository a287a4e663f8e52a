import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED, startAmoSandbox } from '../index.ts';
import { client, type Harness, startHarness } from '../test-support.ts';

describe('control API', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.sandbox.close());

  it('reads and changes knobs, refusing unknown or invalid ones', async () => {
    const res = await h.control('POST', '/_sandbox/config', {
      rateLimitPerSecond: 3,
      apiFilterEnabled: true,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ rateLimitPerSecond: 3, apiFilterEnabled: true, webhookTimeoutMs: 2000 });
    expect((await h.control('POST', '/_sandbox/config', { nope: 1 })).status).toBe(400);
    expect((await h.control('POST', '/_sandbox/config', { failureRate: 2 })).status).toBe(400);
    expect((await h.control('GET', '/_sandbox/config')).json.rateLimitPerSecond).toBe(3);
  });

  it('counts API requests by route and status, not control requests', async () => {
    await h.api('POST', '/api/v4/contacts', [{ name: 'a' }]);
    await h.api('PATCH', '/api/v4/contacts', [{ id: 1, name: 'x' }]);
    await h.api('GET', '/api/v4/contacts/123');
    await h.control('GET', '/_sandbox/contacts');
    const stats = (await h.control('GET', '/_sandbox/stats')).json;
    expect(stats).toMatchObject({
      requests: 3,
      byRoute: { 'POST /api/v4/contacts': 1, 'PATCH /api/v4/contacts': 1, 'GET /api/v4/contacts/:id': 1 },
      status: { '200': 1, '400': 1, '204': 1 },
      rateLimited: 0,
      blocked: 0,
      webhook: { sent: 0, failed: 0, dropped: 0, duplicated: 0 },
      oauth: { codeExchanges: 0, refreshes: 0, refreshFailures: 0 },
    });
  });

  it('resets data to the seed and zeroes stats but keeps tokens', async () => {
    await h.api('POST', '/api/v4/contacts', [{ name: 'a' }]);
    await h.api('POST', '/api/v4/contacts/custom_fields', [{ name: 'X', type: 'text' }]);
    expect((await h.control('POST', '/_sandbox/reset')).status).toBe(200);
    expect((await h.api('GET', '/api/v4/contacts')).status).toBe(204);
    const fields = await h.api('GET', '/api/v4/contacts/custom_fields');
    expect(fields.json._embedded.custom_fields.map((f: { code: string }) => f.code)).toEqual([
      'POSITION',
      'PHONE',
      'EMAIL',
    ]);
    expect(h.sandbox.stats().requests).toBe(2);
  });

  it('serves the manager UI actions and API-shaped dumps', async () => {
    const el = (
      await h.api('POST', `/api/v4/catalogs/${SEED.productsCatalogId}/elements`, [{ name: 'Билет' }])
    ).json._embedded.elements[0].id;
    const contact = await h.control('POST', '/_sandbox/ui/contacts', {
      first_name: 'Мария',
      custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '+79990001122' }] }],
    });
    const lead = await h.control('POST', '/_sandbox/ui/leads', {
      name: 'Предзаказ',
      contactId: contact.json.id,
      products: [{ elementId: el, quantity: 3 }],
    });
    expect(lead.status).toBe(200);
    const leads = (await h.control('GET', '/_sandbox/leads')).json;
    expect(leads[0]).toMatchObject({
      name: 'Предзаказ',
      created_by: SEED.managerUserId,
      _embedded: {
        contacts: [expect.objectContaining({ id: contact.json.id, is_main: true })],
        catalog_elements: [{ id: el, metadata: { quantity: 3, catalog_id: SEED.productsCatalogId } }],
      },
    });
    const bad = await h.control('POST', '/_sandbox/ui/leads', {
      name: 'x',
      products: [{ elementId: 1, quantity: 1 }],
    });
    expect(bad.status).toBe(400);
    expect((await h.control('GET', '/_sandbox/events')).json.length).toBeGreaterThan(0);
    expect((await h.control('GET', '/_sandbox/custom-fields')).json.length).toBe(8);
  });
});

describe('state file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amo-sandbox-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('survives a restart: data, ids, integrations and tokens', async () => {
    const stateFile = join(dir, 'amo.json');
    const first = await startAmoSandbox({ stateFile, rateLimitPerSecond: 0 });
    const token = first.longLivedToken();
    const integration = first.createIntegration('https://hub.example.com/cb');
    const api = client(first.baseUrl, token);
    const id = (await api('POST', '/api/v4/contacts', [{ name: 'Сохранённый' }])).json._embedded.contacts[0]
      .id;
    await api('POST', '/api/v4/webhooks', {
      destination: 'https://hub.example.com/hooks',
      settings: ['add_contact'],
    });
    await first.close();
    expect(JSON.parse(await readFile(stateFile, 'utf8')).version).toBe(1);

    const second = await startAmoSandbox({ stateFile, rateLimitPerSecond: 0 });
    try {
      const api2 = client(second.baseUrl, token);
      expect((await api2('GET', `/api/v4/contacts/${id}`)).json.name).toBe('Сохранённый');
      const next = (await api2('POST', '/api/v4/contacts', [{ name: 'next' }])).json._embedded.contacts[0].id;
      expect(next).toBe(id + 1);
      expect((await api2('GET', '/api/v4/webhooks')).json._total_items).toBe(1);
      expect(second.authorize(integration.clientId)).toMatch(/^def50200/);
    } finally {
      await second.close();
    }
  });
});
