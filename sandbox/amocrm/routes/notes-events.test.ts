import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../index.ts';
import { type Harness, startHarness } from '../test-support.ts';

describe('notes and the events feed', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.sandbox.close());

  it('creates typed notes per entity and lists them', async () => {
    const leadId = (await h.api('POST', '/api/v4/leads', [{ name: 'L' }])).json._embedded.leads[0].id;
    const res = await h.api('POST', '/api/v4/leads/notes', [
      { entity_id: leadId, note_type: 'common', params: { text: 'Оплачен' }, request_id: 'n1' },
      {
        entity_id: leadId,
        note_type: 'service_message',
        params: { service: 'limebridge', text: 'Синхронизировано' },
      },
    ]);
    expect(res.status).toBe(200);
    expect(res.json._embedded.notes.map((n: { request_id: string }) => n.request_id)).toEqual(['n1', '1']);
    const list = await h.api('GET', `/api/v4/leads/${leadId}/notes`);
    expect(list.json._embedded.notes).toEqual([
      expect.objectContaining({
        entity_id: leadId,
        note_type: 'common',
        params: { text: 'Оплачен' },
        is_pinned: false,
      }),
      expect.objectContaining({
        note_type: 'service_message',
        params: { service: 'limebridge', text: 'Синхронизировано' },
      }),
    ]);
    const bad = await h.api('POST', '/api/v4/contacts/notes', [
      { entity_id: 1, note_type: 'common', params: {} },
    ]);
    expect(bad.json['validation-errors'][0].errors.map((e: { path: string }) => e.path)).toEqual([
      'entity_id',
      'params.text',
    ]);
    const filtered = await h.api('GET', '/api/v4/leads/notes?filter[note_type][]=common');
    expect(filtered.json._embedded.notes).toHaveLength(1);
  });

  it('records changes with string ids, the acting user, and filters by type, entity and value', async () => {
    expect((await h.api('GET', '/api/v4/events')).status).toBe(204);
    const id = (await h.api('POST', '/api/v4/contacts', [{ name: 'Вера' }])).json._embedded.contacts[0].id;
    await h.api('PATCH', `/api/v4/contacts/${id}`, {
      name: 'Вера Павловна',
      custom_fields_values: [
        { field_code: 'EMAIL', values: [{ value: 'vera@example.com', enum_code: 'PRIV' }] },
      ],
    });
    await h.control('PATCH', `/_sandbox/ui/contacts/${id}`, { responsible_user_id: SEED.managerUserId });
    const leadId = (await h.api('POST', '/api/v4/leads', [{ name: 'L', price: 10 }])).json._embedded.leads[0]
      .id;
    await h.control('POST', `/_sandbox/ui/leads/${leadId}/status`, { statusId: 142 });

    const all = (await h.api('GET', '/api/v4/events')).json._embedded.events as Array<
      Record<string, unknown>
    >;
    expect(all.map((e) => e.type)).toEqual([
      'lead_status_changed',
      'lead_added',
      'entity_responsible_changed',
      'custom_field_value_changed',
      'name_field_changed',
      'contact_added',
    ]);
    expect(typeof all[0]?.id).toBe('string');
    expect(all[0]).toMatchObject({
      entity_type: 'lead',
      entity_id: leadId,
      created_by: SEED.managerUserId,
      value_before: [{ lead_status: { id: SEED.firstStatusId, pipeline_id: SEED.mainPipelineId } }],
      value_after: [{ lead_status: { id: 142, pipeline_id: SEED.mainPipelineId } }],
    });
    expect(all[3]).toMatchObject({
      created_by: SEED.adminUserId,
      value_before: [],
      value_after: [
        {
          custom_field_value: {
            field_id: SEED.emailFieldId,
            field_type: 8,
            enum_id: 718335,
            text: 'vera@example.com',
          },
        },
      ],
    });

    const contactEvents = await h.api(
      'GET',
      `/api/v4/events?filter[entity][]=contact&filter[entity_id][]=${id}&limit=2`,
    );
    expect(contactEvents.json._embedded.events).toHaveLength(2);
    expect(contactEvents.json._links.next.href).toContain('page=2');
    const byType = await h.api(
      'GET',
      `/api/v4/events?filter[type]=custom_field_${SEED.emailFieldId}_value_changed`,
    );
    expect(byType.json._embedded.events).toHaveLength(1);
    const byStatus = await h.api(
      'GET',
      `/api/v4/events?filter[type][]=lead_status_changed&filter[value_after][leads_statuses][0][pipeline_id]=${SEED.mainPipelineId}&filter[value_after][leads_statuses][0][status_id]=142`,
    );
    expect(byStatus.json._embedded.events).toHaveLength(1);
    const future = await h.api(
      'GET',
      `/api/v4/events?filter[created_at][from]=${Math.floor(Date.now() / 1000) + 3600}`,
    );
    expect(future.status).toBe(204);
    const one = await h.api('GET', `/api/v4/events/${all[0]?.id}`);
    expect(one.json.id).toBe(all[0]?.id);
  });

  it('caps a page of events at 100', async () => {
    await h.api(
      'POST',
      '/api/v4/contacts',
      Array.from({ length: 120 }, (_, i) => ({ name: `c${i}` })),
    );
    const page = await h.api('GET', '/api/v4/events?limit=250');
    expect(page.json._embedded.events).toHaveLength(100);
    const second = await h.api('GET', '/api/v4/events?limit=100&page=2');
    expect(second.json._embedded.events).toHaveLength(20);
  });
});
