import { afterEach, describe, expect, it } from 'vitest';
import { amocrm } from './index.ts';
import { AmoSchema } from './schema.ts';
import { type AmoWorld, startAmoWorld } from './test-sandbox.ts';

type Dumped = Record<string, unknown>;

describe('amoCRM setup against the sandbox', () => {
  let world: AmoWorld;
  afterEach(async () => {
    await world.close();
  });

  it('creates the card fields, the pipeline and the webhook, then a second run creates nothing', async () => {
    world = await startAmoWorld({ setup: false });
    const { conn, sandbox } = world;
    const first = await amocrm.setup(conn);
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    const firstRequests = world.requests();
    const schema = AmoSchema.parse(first.value.schema);
    expect(schema.account).toEqual({
      id: sandbox.seed.accountId,
      subdomain: 'limebridge',
      currency: 'RUB',
      timeZone: 'Europe/Moscow',
      filters: false,
    });
    expect(schema.catalog).toEqual({
      id: sandbox.seed.productsCatalogId,
      sku: sandbox.seed.skuFieldId,
      price: sandbox.seed.priceFieldId,
      externalId: sandbox.seed.externalIdFieldId,
    });
    expect(schema.phone.fieldId).toBe(sandbox.seed.phoneFieldId);
    expect(schema.phone.enums.MOB).toBeTypeOf('number');

    const fields = sandbox.state.customFields().filter((f) => f.entity_type === 'contacts');
    const byName = (name: string) => fields.find((f) => f.name === name);
    expect(byName('Лайм ID')?.type).toBe('text');
    expect(byName('Дата рождения')?.type).toBe('birthday');
    expect(byName('Дети')?.type).toBe('textarea');
    expect(byName('Последние транзакции')?.type).toBe('textarea');
    expect(byName('Последний визит')?.type).toBe('date_time');
    expect(byName('Канал регистрации')?.type).toBe('text');
    expect(byName('Ближайший ДР ребёнка')?.type).toBe('date');
    expect(byName('Визитов')?.type).toBe('numeric');

    const pipeline = sandbox.state.pipelines().find((p) => p.name === 'Предзаказы') as Dumped | undefined;
    expect(pipeline?.id).toBe(schema.pipeline.id);
    const statuses = (((pipeline?._embedded ?? {}) as Dumped).statuses as Dumped[]).map((s) => s.name);
    expect(statuses).toEqual(
      expect.arrayContaining(['Новый предзаказ', 'Передать в Лайм', 'Передан в Лайм', 'Принят в Лайме']),
    );
    const hooks = sandbox.state.webhooks().filter((w) => w.destination === conn.webhookUrl);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]?.settings).toEqual(
      expect.arrayContaining([
        'add_contact',
        'update_contact',
        'delete_contact',
        'status_lead',
        'update_lead',
      ]),
    );
    const created = first.value.report.items.filter((item) => item.status === 'created');
    expect(created.map((item) => item.what)).toEqual([
      ...Array(8).fill('contact field'),
      'pipeline',
      ...Array(4).fill('pipeline stage'),
      'webhook',
    ]);
    expect(first.value.report.instructions).toEqual([
      { code: 'amocrm.apiFilteringOff', params: {}, text: expect.stringContaining('API filtering is off') },
    ]);

    const before = {
      fields: sandbox.state.customFields().length,
      pipelines: sandbox.state.pipelines().length,
    };
    const second = await amocrm.setup(conn);
    if (!second.ok) throw new Error(JSON.stringify(second.error));
    expect(second.value.report.items.every((item) => item.status === 'found')).toBe(true);
    expect(second.value.schema).toEqual(first.value.schema);
    expect({
      fields: sandbox.state.customFields().length,
      pipelines: sandbox.state.pipelines().length,
    }).toEqual(before);
    expect(sandbox.state.webhooks()).toHaveLength(1);
    // Measured: 10 requests on a fresh account, 6 when everything exists.
    expect(firstRequests).toBeLessThanOrEqual(10);
    expect(world.requests() - firstRequests).toBe(6);
  });

  it('reuses fields that exist under the configured names and honours renamed stages', async () => {
    world = await startAmoWorld({
      setup: false,
      options: {
        fieldNames: { children: 'Дети клиента' },
        preorderPipeline: 'Заказы из CRM',
        preorderStages: {
          new: 'Черновик',
          to_lime: 'В Лайм',
          sent: 'Отправлен',
          accepted: 'Принят',
          won: 'Успешно реализовано',
          lost: 'Закрыто и не реализовано',
        },
      },
    });
    const { conn, sandbox } = world;
    const token = sandbox.longLivedToken();
    const response = await fetch(`${sandbox.baseUrl}/api/v4/contacts/custom_fields`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ name: 'Дети клиента', type: 'textarea' }]),
    });
    const existing = ((await response.json()) as { _embedded: { custom_fields: { id: number }[] } })._embedded
      .custom_fields[0];
    const done = await amocrm.setup(conn);
    if (!done.ok) throw new Error(JSON.stringify(done.error));
    const schema = AmoSchema.parse(done.value.schema);
    expect(schema.contactFields.children.id).toBe(existing?.id);
    expect(done.value.report.items).toContainEqual(
      expect.objectContaining({ what: 'contact field', name: 'Дети клиента', status: 'found' }),
    );
    const pipeline = sandbox.state.pipelines().find((p) => p.name === 'Заказы из CRM') as Dumped;
    const statuses = ((pipeline._embedded as Dumped).statuses as Dumped[]).map((s) => s.name);
    expect(statuses).toEqual(expect.arrayContaining(['Черновик', 'В Лайм', 'Отправлен', 'Принят']));
  });

  it('refuses a same-named field of an unusable type', async () => {
    world = await startAmoWorld({ setup: false });
    const { conn, sandbox } = world;
    await fetch(`${sandbox.baseUrl}/api/v4/contacts/custom_fields`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.longLivedToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ name: 'Визитов', type: 'text' }]),
    });
    const done = await amocrm.setup(conn);
    expect(done.ok).toBe(false);
    if (!done.ok) expect(done.error).toMatchObject({ kind: 'rejected', field: 'visits' });
  });

  it('answers "setup has not been run" from every method until it has', async () => {
    world = await startAmoWorld({ setup: false });
    const { conn } = world;
    const answers = await Promise.all([
      amocrm.scanContacts(conn, null),
      amocrm.fetchContacts(conn, ['1']),
      amocrm.findContacts(conn, { limeIds: ['x'], phones: [], emails: [] }),
      amocrm.writeContacts(conn, []),
      amocrm.deleteContacts(conn, ['1']),
      amocrm.writeNotes(conn, []),
      amocrm.scanProducts(conn, null),
      amocrm.writeProducts(conn, []),
      amocrm.readPreorder(conn, '1'),
      amocrm.writePreorder(conn, { remoteId: '1', stage: 'sent' }),
      amocrm.pollChanges(conn, null),
    ]);
    for (const answer of answers) {
      expect(answer).toEqual({ ok: false, error: { kind: 'rejected', detail: 'setup has not been run' } });
    }
    expect(world.requests()).toBe(0);
  });
});
