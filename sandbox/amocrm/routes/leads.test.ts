import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../index.ts';
import { type Harness, startHarness } from '../test-support.ts';

describe('leads, pipelines, products and links', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.sandbox.close());

  const contact = async (name: string) =>
    (await h.api('POST', '/api/v4/contacts', [{ name }])).json._embedded.contacts[0].id as number;

  async function product(name: string, price: number, sku: string): Promise<number> {
    const res = await h.api('POST', `/api/v4/catalogs/${SEED.productsCatalogId}/elements`, [
      {
        name,
        custom_fields_values: [
          { field_code: 'SKU', values: [{ value: sku }] },
          { field_code: 'PRICE', values: [{ value: price }] },
        ],
      },
    ]);
    expect(res.status).toBe(200);
    return res.json._embedded.elements[0].id;
  }

  it('creates a pre-order pipeline with its own stages and puts a lead with its contact there', async () => {
    const pipelines = await h.api('POST', '/api/v4/leads/pipelines', [
      {
        name: 'Предзаказы',
        sort: 20,
        is_main: false,
        is_unsorted_on: false,
        request_id: 'pre',
        _embedded: {
          statuses: [
            { name: 'Новый предзаказ', sort: 10, color: '#fffeb2' },
            { name: 'Оплачен', sort: 20, color: '#87f2c0' },
            { id: 142, name: 'Выдан' },
          ],
        },
      },
    ]);
    expect(pipelines.status).toBe(200);
    const pipeline = pipelines.json._embedded.pipelines[0];
    expect(pipeline.request_id).toBe('pre');
    const statuses = pipeline._embedded.statuses as Array<{ id: number; name: string; type: number }>;
    expect(statuses.map((s) => s.name)).toEqual([
      'Неразобранное',
      'Новый предзаказ',
      'Оплачен',
      'Выдан',
      'Закрыто и не реализовано',
    ]);
    const paid = statuses.find((s) => s.name === 'Оплачен')?.id;

    const ivan = await contact('Иван');
    const lead = await h.api('POST', '/api/v4/leads', [
      {
        name: 'Предзаказ #1',
        price: 1500,
        pipeline_id: pipeline.id,
        _embedded: { contacts: [{ id: ivan }] },
      },
    ]);
    const leadId = lead.json._embedded.leads[0].id;
    const read = (await h.api('GET', `/api/v4/leads/${leadId}?with=contacts`)).json;
    expect(read).toMatchObject({
      name: 'Предзаказ #1',
      price: 1500,
      pipeline_id: pipeline.id,
      status_id: statuses[1]?.id,
      closed_at: null,
      custom_fields_values: null,
    });
    expect(read._embedded.contacts).toEqual([expect.objectContaining({ id: ivan, is_main: true })]);

    await h.api('PATCH', `/api/v4/leads/${leadId}`, { status_id: paid });
    await h.api('PATCH', '/api/v4/leads', [{ id: leadId, status_id: 142 }]);
    const won = (await h.api('GET', `/api/v4/leads/${leadId}`)).json;
    expect(won.status_id).toBe(142);
    expect(won.closed_at).toBeGreaterThan(0);

    const wrong = await h.api('PATCH', `/api/v4/leads/${leadId}`, { status_id: SEED.firstStatusId });
    expect(wrong.status).toBe(400);
    expect(wrong.json['validation-errors'][0].errors[0]).toMatchObject({
      code: 'NotSupportedChoice',
      path: 'status_id',
    });
  });

  it('puts a lead without a stage into the first stage of the main pipeline; float price is InvalidType', async () => {
    const res = await h.api('POST', '/api/v4/leads', [{ price: 100 }]);
    const lead = (await h.api('GET', `/api/v4/leads/${res.json._embedded.leads[0].id}`)).json;
    expect(lead).toMatchObject({ pipeline_id: SEED.mainPipelineId, status_id: SEED.firstStatusId });
    const bad = await h.api('POST', '/api/v4/leads', [{ name: 'x', price: 10.5 }]);
    expect(bad.status).toBe(400);
    expect(bad.json['validation-errors'][0].errors).toEqual([
      { code: 'InvalidType', path: 'price', detail: 'This value should be of type int.' },
    ]);
    const lost = await h.api('PATCH', `/api/v4/leads/${lead.id}`, { status_id: 143, loss_reason_id: 7 });
    expect(lost.status).toBe(200);
    expect((await h.api('GET', `/api/v4/leads/${lead.id}`)).json).toMatchObject({
      status_id: 143,
      loss_reason_id: 7,
    });
  });

  it('links products with metadata, shows them with=catalog_elements and in /links, unlinks with 204', async () => {
    const ticket = await product('Билет детский', 800, 'T-CHILD');
    const cake = await product('Торт', 1200, 'CAKE');
    const leadId = (await h.api('POST', '/api/v4/leads', [{ name: 'Заказ' }])).json._embedded.leads[0].id;
    const linked = await h.api('POST', `/api/v4/leads/${leadId}/link`, [
      {
        to_entity_id: ticket,
        to_entity_type: 'catalog_elements',
        metadata: { catalog_id: SEED.productsCatalogId, quantity: 2, price_id: SEED.priceFieldId },
      },
      {
        to_entity_id: cake,
        to_entity_type: 'catalog_elements',
        metadata: { catalog_id: SEED.productsCatalogId, quantity: 1.5 },
      },
    ]);
    expect(linked.status).toBe(200);
    expect(linked.json._embedded.links[0]).toEqual({
      entity_id: leadId,
      entity_type: 'leads',
      to_entity_id: ticket,
      to_entity_type: 'catalog_elements',
      metadata: { quantity: 2, catalog_id: SEED.productsCatalogId, price_id: SEED.priceFieldId },
    });
    const lead = (await h.api('GET', `/api/v4/leads/${leadId}?with=catalog_elements`)).json;
    expect(lead._embedded.catalog_elements).toEqual([
      {
        id: ticket,
        metadata: { quantity: 2, catalog_id: SEED.productsCatalogId, price_id: SEED.priceFieldId },
      },
      { id: cake, metadata: { quantity: 1.5, catalog_id: SEED.productsCatalogId } },
    ]);

    const missingCatalog = await h.api('POST', `/api/v4/leads/${leadId}/link`, [
      { to_entity_id: cake, to_entity_type: 'catalog_elements', metadata: { quantity: 1 } },
    ]);
    expect(missingCatalog.json['validation-errors'][0].errors[0]).toMatchObject({
      path: 'metadata.catalog_id',
    });

    const unlinked = await h.api('POST', `/api/v4/leads/${leadId}/unlink`, [
      {
        to_entity_id: cake,
        to_entity_type: 'catalog_elements',
        metadata: { catalog_id: SEED.productsCatalogId },
      },
    ]);
    expect(unlinked.status).toBe(204);
    const links = await h.api('GET', `/api/v4/leads/${leadId}/links?filter[to_entity_type]=catalog_elements`);
    expect(links.json._embedded.links.map((l: { to_entity_id: number }) => l.to_entity_id)).toEqual([ticket]);
    const mass = await h.api('GET', `/api/v4/leads/links?filter[entity_id][]=${leadId}`);
    expect(mass.json._total_items).toBe(1);

    const elements = await h.api(
      'GET',
      `/api/v4/catalogs/${SEED.productsCatalogId}/elements?filter[id][]=${cake}`,
    );
    expect(elements.json._embedded.elements[0].custom_fields_values).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field_code: 'PRICE', field_type: 'price', values: [{ value: '1200' }] }),
      ]),
    );
    expect(
      (await h.api('DELETE', `/api/v4/catalogs/${SEED.productsCatalogId}/elements/${cake}`)).status,
    ).toBe(405);
  });

  it('links contacts to a lead with one main contact, seen from both sides', async () => {
    const a = await contact('A');
    const b = await contact('B');
    const leadId = (
      await h.api('POST', '/api/v4/leads', [{ name: 'L', _embedded: { contacts: [{ id: a }] } }])
    ).json._embedded.leads[0].id;
    const res = await h.api('POST', `/api/v4/leads/${leadId}/link`, [
      { to_entity_id: b, to_entity_type: 'contacts', metadata: { is_main: true } },
    ]);
    expect(res.json._embedded.links[0].metadata).toEqual({ main_contact: true });
    const lead = (await h.api('GET', `/api/v4/leads/${leadId}?with=contacts`)).json;
    expect(lead._embedded.contacts.map((c: { id: number; is_main: boolean }) => [c.id, c.is_main])).toEqual([
      [a, false],
      [b, true],
    ]);
    const fromContact = (await h.api('GET', `/api/v4/contacts/${b}?with=leads`)).json;
    expect(fromContact._embedded.leads.map((l: { id: number }) => l.id)).toEqual([leadId]);
  });

  it('serves the catalogs, their fields and the products switch', async () => {
    const catalogs = await h.api('GET', '/api/v4/catalogs');
    expect(catalogs.json._embedded.catalogs[0]).toMatchObject({
      id: SEED.productsCatalogId,
      type: 'products',
    });
    const fields = await h.api('GET', `/api/v4/catalogs/${SEED.productsCatalogId}/custom_fields`);
    expect(fields.json._embedded.custom_fields.map((f: { code: string }) => f.code)).toEqual([
      'SKU',
      'DESCRIPTION',
      'PRICE',
      'GROUP',
      'EXTERNAL_ID',
    ]);
    expect((await h.api('GET', '/api/v4/catalogs/products/settings')).json).toEqual({ is_enabled: true });
    const users = await h.api('GET', '/api/v4/users');
    expect(users.json._embedded.users.map((u: { name: string }) => u.name)).toContain('Мария Менеджер');
  });
});
