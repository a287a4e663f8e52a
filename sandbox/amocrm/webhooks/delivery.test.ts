import qs from 'qs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../index.ts';
import { type Harness, type Receiver, startHarness, startReceiver, waitFor } from '../test-support.ts';

// Deliveries are parsed the way a client must parse them (amocrm-api.md §10.2): `qs` with a raised
// depth, every value a string.

// biome-ignore lint/suspicious/noExplicitAny: parsed form bodies are arbitrary nested data
const parse = (body: string): any => qs.parse(body, { depth: 10, arrayLimit: 1000, parameterLimit: 10_000 });

function allStrings(v: unknown): boolean {
  if (Array.isArray(v)) return v.every(allStrings);
  if (typeof v === 'object' && v !== null) return Object.values(v).every(allStrings);
  return typeof v === 'string';
}

describe('webhooks', () => {
  let h: Harness;
  let hook: Receiver;
  beforeEach(async () => {
    h = await startHarness({ webhookBatchMs: 5_000 });
    hook = await startReceiver();
  });
  afterEach(async () => {
    await h.sandbox.close();
    await hook.close();
  });

  const subscribe = (settings: string[], destination = hook.url) =>
    h.api('POST', '/api/v4/webhooks', { destination, settings, sort: 10 });

  it('subscribes by upsert on destination, lists and unsubscribes', async () => {
    const first = await subscribe(['add_contact']);
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({
      destination: hook.url,
      settings: ['add_contact'],
      disabled: false,
      sort: 10,
    });
    const again = await subscribe(['add_contact', 'update_contact']);
    expect(again.json.id).toBe(first.json.id);
    const list = await h.api('GET', `/api/v4/webhooks?filter[destination]=${encodeURIComponent(hook.url)}`);
    expect(list.json._total_items).toBe(1);
    expect(list.json._embedded.webhooks[0].settings).toEqual(['add_contact', 'update_contact']);
    expect((await h.api('DELETE', '/api/v4/webhooks', { destination: hook.url })).status).toBe(204);
    expect((await h.api('DELETE', '/api/v4/webhooks', { destination: hook.url })).status).toBe(404);
    const bad = await subscribe(['add_everything']);
    expect(bad.json['validation-errors'][0].errors[0]).toMatchObject({
      code: 'NotSupportedChoice',
      path: 'settings.0',
    });
  });

  it('delivers the integration’s own writes in the legacy form format', async () => {
    await subscribe(['add_contact']);
    const fields = await h.api('POST', '/api/v4/contacts/custom_fields', [
      { name: 'День рождения', type: 'birthday' },
      { name: 'Дата визита', type: 'date' },
    ]);
    const [birthday, visit] = fields.json._embedded.custom_fields.map((f: { id: number }) => f.id);
    const created = await h.api('POST', '/api/v4/contacts', [
      {
        name: 'Абиба Абибович',
        custom_fields_values: [
          { field_code: 'POSITION', values: [{ value: 'Директор' }] },
          {
            field_code: 'PHONE',
            values: [{ value: '+79990000001' }, { value: '+79990000002', enum_code: 'MOB' }],
          },
          { field_id: birthday, values: [{ value: '1980-01-12T00:00:00+03:00' }] },
          { field_id: visit, values: [{ value: 1634601600 }] },
        ],
      },
    ]);
    const id = created.json._embedded.contacts[0].id;
    await h.sandbox.flushWebhooks();
    expect(hook.received).toHaveLength(1);
    const [delivery] = hook.received;
    expect(delivery?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(delivery?.headers['user-agent']).toBe('amoCRM-Webhooks/3.0');
    expect(delivery?.headers['x-amocrm-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(delivery?.body.startsWith('account%5Bsubdomain%5D=')).toBe(true);

    const form = parse(delivery?.body ?? '');
    expect(allStrings(form)).toBe(true);
    expect(form.account).toEqual({
      subdomain: 'limebridge',
      id: String(SEED.accountId),
      _links: { self: h.sandbox.baseUrl },
    });
    const item = form.contacts.add[0];
    expect(Object.keys(item)).toEqual([
      'id',
      'name',
      'responsible_user_id',
      'date_create',
      'last_modified',
      'created_user_id',
      'modified_user_id',
      'account_id',
      'custom_fields',
      'created_at',
      'updated_at',
      'type',
    ]);
    expect(item).toMatchObject({
      id: String(id),
      name: 'Абиба Абибович',
      responsible_user_id: String(SEED.adminUserId),
      created_user_id: String(SEED.adminUserId),
      account_id: String(SEED.accountId),
      type: 'contact',
    });
    expect(item.custom_fields).toEqual([
      {
        id: String(SEED.positionFieldId),
        name: 'Должность',
        values: [{ value: 'Директор' }],
        code: 'POSITION',
      },
      {
        id: String(SEED.phoneFieldId),
        name: 'Телефон',
        values: [
          { value: '+79990000001', enum: '718321' },
          { value: '+79990000002', enum: '718325' },
        ],
        code: 'PHONE',
      },
      { id: String(birthday), name: 'День рождения', values: [{ value: '12.01.1980' }] },
      { id: String(visit), name: 'Дата визита', values: ['1634590800'] },
    ]);
  });

  it('puts changes that come close together into one POST, several groups included', async () => {
    await subscribe(['add_contact', 'update_contact', 'add_lead']);
    const created = await h.api('POST', '/api/v4/contacts', [{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const id = created.json._embedded.contacts[0].id;
    await h.api('PATCH', `/api/v4/contacts/${id}`, { name: 'a2', responsible_user_id: SEED.managerUserId });
    await h.control('POST', '/_sandbox/ui/leads', { name: 'Из интерфейса', contactId: id });
    await h.sandbox.flushWebhooks();
    expect(hook.received).toHaveLength(1);
    const form = parse(hook.received[0]?.body ?? '');
    expect(form.contacts.add.map((c: { name: string }) => c.name)).toEqual(['a', 'b', 'c']);
    expect(form.contacts.update[0]).toMatchObject({
      id: String(id),
      name: 'a2',
      responsible_user_id: String(SEED.managerUserId),
      old_responsible_user_id: String(SEED.adminUserId),
    });
    expect(form.leads.add[0]).toMatchObject({
      name: 'Из интерфейса',
      created_user_id: String(SEED.managerUserId),
    });
    expect(h.sandbox.stats().webhook).toMatchObject({ sent: 1, delivered: 1, failed: 0 });
  });

  it('sends leads[status] with old_status_id next to leads[update] when a manager moves a lead', async () => {
    await subscribe(['status_lead', 'update_lead']);
    const leadId = (await h.control('POST', '/_sandbox/ui/leads', { name: 'L', price: 500 })).json.id;
    await h.control('POST', `/_sandbox/ui/leads/${leadId}/status`, { statusId: 142 });
    await h.sandbox.flushWebhooks();
    const form = parse(hook.received[0]?.body ?? '');
    expect(form.leads.status[0]).toMatchObject({
      id: String(leadId),
      status_id: '142',
      old_status_id: String(SEED.firstStatusId),
      pipeline_id: String(SEED.mainPipelineId),
      price: '500',
      modified_user_id: String(SEED.managerUserId),
    });
    expect(form.leads.update[0]).toMatchObject({ id: String(leadId), status_id: '142' });
    expect(form.leads.update[0].old_status_id).toBeUndefined();
  });

  it('sends contacts[delete] when a manager deletes a contact, and notes as note items', async () => {
    await subscribe(['delete_contact', 'note_contact']);
    const id = (await h.api('POST', '/api/v4/contacts', [{ name: 'x' }])).json._embedded.contacts[0].id;
    await h.api('POST', `/api/v4/contacts/${id}/notes`, [
      { note_type: 'common', params: { text: 'привет' } },
    ]);
    await h.control('DELETE', `/_sandbox/ui/contacts/${id}`);
    await h.sandbox.flushWebhooks();
    const form = parse(hook.received[0]?.body ?? '');
    expect(form.contacts.delete).toEqual([{ id: String(id), type: 'contact' }]);
    expect(form.contacts.note[0]).toMatchObject({
      note: { element_id: String(id), element_type: '1', note_type: '4', text: 'привет' },
      type: 'contact',
    });
  });

  it('retries 5xx up to five attempts, stops after three for 4xx', async () => {
    h.sandbox.configure({ webhookBatchMs: 0, webhookRetryDelaysMs: [20, 20, 20, 20] });
    hook.respond = () => 503;
    await subscribe(['add_contact']);
    await h.api('POST', '/api/v4/contacts', [{ name: 'x' }]);
    await waitFor(() => hook.received.length === 5);
    const ids = new Set(hook.received.map((r) => r.headers['x-amocrm-requestid']));
    expect(ids.size).toBe(5);
    expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);

    const other = await startReceiver(() => 404);
    try {
      await subscribe(['add_lead'], other.url);
      await h.api('POST', '/api/v4/leads', [{ name: 'y' }]);
      await waitFor(() => other.received.length === 3);
      await new Promise((r) => setTimeout(r, 400));
      expect(other.received).toHaveLength(3);
    } finally {
      await other.close();
    }
    expect(hook.received).toHaveLength(5);
    expect(h.sandbox.stats().webhook).toMatchObject({ sent: 8, failed: 8, retried: 6 });
  });

  it('treats a slow answer as a failure (499) and retries it', async () => {
    h.sandbox.configure({ webhookBatchMs: 0, webhookTimeoutMs: 150, webhookRetryDelaysMs: [20, 20, 20, 20] });
    hook.respond = async (n) => {
      if (n === 0) await new Promise((r) => setTimeout(r, 600));
      return 200;
    };
    await subscribe(['add_contact']);
    await h.api('POST', '/api/v4/contacts', [{ name: 'x' }]);
    await waitFor(() => h.sandbox.webhookDeliveries().some((d) => d.status === 200));
    expect(h.sandbox.webhookDeliveries().map((d) => d.status)).toEqual([499, 200]);
  });

  it('disables a hook after more than N invalid answers; re-subscribing enables it again', async () => {
    h.sandbox.configure({
      webhookBatchMs: 0,
      webhookDisableAfterFailures: 2,
      webhookRetryDelaysMs: [10, 10, 10, 10],
    });
    hook.respond = () => 500;
    await subscribe(['add_contact']);
    await h.api('POST', '/api/v4/contacts', [{ name: 'x' }]);
    await waitFor(() => h.sandbox.stats().webhook.disabled === 1);
    const list = await h.api('GET', '/api/v4/webhooks');
    expect(list.json._embedded.webhooks[0].disabled).toBe(true);
    expect(hook.received).toHaveLength(3);
    await h.api('POST', '/api/v4/contacts', [{ name: 'y' }]);
    await h.sandbox.flushWebhooks();
    expect(hook.received).toHaveLength(3);
    const again = await subscribe(['add_contact']);
    expect(again.json.disabled).toBe(false);
  });

  it('drops or duplicates deliveries on request', async () => {
    await subscribe(['add_contact']);
    h.sandbox.configure({ webhookDropRate: 1 });
    await h.api('POST', '/api/v4/contacts', [{ name: 'lost' }]);
    await h.sandbox.flushWebhooks();
    expect(hook.received).toHaveLength(0);
    h.sandbox.configure({ webhookDropRate: 0, webhookDuplicateRate: 1 });
    await h.api('POST', '/api/v4/contacts', [{ name: 'twice' }]);
    await h.sandbox.flushWebhooks();
    expect(hook.received).toHaveLength(2);
    expect(hook.received[0]?.body).toBe(hook.received[1]?.body);
    expect(h.sandbox.stats().webhook).toMatchObject({ dropped: 1, duplicated: 1, sent: 2 });
  });

  it('does not announce product-line changes unless the knob says so', async () => {
    await subscribe(['update_lead']);
    const el = (
      await h.api('POST', `/api/v4/catalogs/${SEED.productsCatalogId}/elements`, [{ name: 'Билет' }])
    ).json._embedded.elements[0].id;
    const leadId = (await h.control('POST', '/_sandbox/ui/leads', { name: 'L' })).json.id;
    await h.control('PUT', `/_sandbox/ui/leads/${leadId}/products`, [{ elementId: el, quantity: 2 }]);
    await h.sandbox.flushWebhooks();
    expect(hook.received).toHaveLength(0);
    const events = await h.api('GET', '/api/v4/events?filter[type][]=entity_linked');
    expect(events.json._embedded.events[0]).toMatchObject({
      entity_type: 'lead',
      entity_id: leadId,
      value_after: [{ link: { entity: { type: 'catalog_element', id: el } } }],
    });
    h.sandbox.configure({ productLinksFireLeadUpdate: true });
    await h.control('PUT', `/_sandbox/ui/leads/${leadId}/products`, [{ elementId: el, quantity: 3 }]);
    await h.sandbox.flushWebhooks();
    expect(parse(hook.received[0]?.body ?? '').leads.update[0].id).toBe(String(leadId));
  });
});
