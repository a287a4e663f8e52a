import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../index.ts';
import { type Harness, startHarness } from '../test-support.ts';

const phone = (value: string, enum_code = 'WORK') => ({ value, enum_code });

describe('contacts', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.sandbox.close());

  it('creates a batch, composes the name, echoes request_ids and reads back as amoCRM does', async () => {
    const res = await h.api('POST', '/api/v4/contacts', [
      {
        first_name: 'Петр',
        last_name: 'Смирнов',
        custom_fields_values: [{ field_code: 'PHONE', values: [phone('+79991234567', 'MOB')] }],
        request_id: 'order-1001',
      },
      { name: 'Анна' },
    ]);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/hal\+json/);
    const [a, b] = res.json._embedded.contacts;
    expect(a.request_id).toBe('order-1001');
    expect(b.request_id).toBe('1');

    const got = await h.api('GET', `/api/v4/contacts/${a.id}`);
    expect(got.json).toMatchObject({
      id: a.id,
      name: 'Петр Смирнов',
      first_name: 'Петр',
      last_name: 'Смирнов',
      responsible_user_id: SEED.adminUserId,
      created_by: SEED.adminUserId,
      is_deleted: false,
      account_id: SEED.accountId,
      _embedded: { tags: [], companies: [] },
    });
    expect(got.json.custom_fields_values).toEqual([
      {
        field_id: SEED.phoneFieldId,
        field_name: 'Телефон',
        field_code: 'PHONE',
        field_type: 'multitext',
        values: [{ value: '+79991234567', enum_id: 718325, enum_code: 'MOB' }],
      },
    ]);
    const anna = await h.api('GET', `/api/v4/contacts/${b.id}`);
    expect(anna.json).toMatchObject({
      name: 'Анна',
      first_name: '',
      last_name: '',
      custom_fields_values: null,
    });
  });

  it('answers 204 with no body for a missing id, an empty list and a page past the end', async () => {
    const missing = await h.api('GET', '/api/v4/contacts/999');
    expect(missing.status).toBe(204);
    expect(missing.text).toBe('');
    expect((await h.api('GET', '/api/v4/contacts')).status).toBe(204);
    await h.api('POST', '/api/v4/contacts', [{ name: 'a' }, { name: 'b' }]);
    const first = await h.api('GET', '/api/v4/contacts?limit=2');
    expect(first.json._embedded.contacts).toHaveLength(2);
    expect(first.json._links.next.href).toContain('page=2');
    expect((await h.api('GET', '/api/v4/contacts?limit=2&page=2')).status).toBe(204);
  });

  it('rejects the whole batch with validation-errors keyed by request_id', async () => {
    const res = await h.api('POST', '/api/v4/contacts', [
      { name: 'ok' },
      {
        name: 'bad',
        request_id: 'r2',
        responsible_user_id: 1,
        custom_fields_values: [
          { field_code: 'PHONE', values: [{ value: '1', enum: 'WORK' }] },
          { field_id: 1, values: [{ value: 'x' }] },
        ],
      },
      { name: 5, foo: 1 },
    ]);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.json).toMatchObject({
      title: 'Bad Request',
      status: 400,
      detail: 'Request validation failed',
    });
    const byId = Object.fromEntries(
      res.json['validation-errors'].map((e: { request_id: string; errors: unknown[] }) => [
        e.request_id,
        e.errors,
      ]),
    );
    expect(res.json['validation-errors'].map((e: { request_id: string }) => e.request_id)).toEqual([
      'r2',
      '2',
    ]);
    expect(byId.r2).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'NotSupportedChoice', path: 'responsible_user_id' }),
        expect.objectContaining({ code: 'FieldNotExpected', path: 'custom_fields_values.0.values.0.enum' }),
        expect.objectContaining({ code: 'NotSupportedChoice', path: 'custom_fields_values.1.field_id' }),
      ]),
    );
    expect(byId['2']).toEqual([expect.objectContaining({ code: 'FieldNotExpected', path: 'foo' })]);
    expect((await h.api('GET', '/api/v4/contacts')).status).toBe(204);
  });

  it('limits batches to 250 and refuses an empty body', async () => {
    const many = Array.from({ length: 251 }, (_, i) => ({ name: `c${i}` }));
    const res = await h.api('POST', '/api/v4/contacts', many);
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ status: 422, detail: 'Limit 250 per page' });
    const empty = await h.api('POST', '/api/v4/contacts', []);
    expect(empty.status).toBe(400);
    expect(empty.json.detail).toBe('Request data can not be empty');
  });

  it('replaces all values of a sent field, leaves other fields alone, clears with values:null', async () => {
    const created = await h.api('POST', '/api/v4/contacts', [
      {
        name: 'Иван',
        custom_fields_values: [
          { field_code: 'PHONE', values: [phone('+79990000001'), phone('+79990000002', 'MOB')] },
          { field_code: 'EMAIL', values: [{ value: 'ivan@example.com', enum_code: 'WORK' }] },
        ],
      },
    ]);
    const id = created.json._embedded.contacts[0].id;
    const patched = await h.api('PATCH', `/api/v4/contacts/${id}`, {
      custom_fields_values: [
        {
          field_id: SEED.phoneFieldId,
          field_code: null,
          values: [{ value: '+79990000003', enum_id: null, enum_code: 'HOME' }],
        },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ id });
    const after = (await h.api('GET', `/api/v4/contacts/${id}`)).json;
    const byCode = Object.fromEntries(
      after.custom_fields_values.map((f: { field_code: string; values: unknown[] }) => [
        f.field_code,
        f.values,
      ]),
    );
    expect(byCode.PHONE).toEqual([{ value: '+79990000003', enum_id: 718329, enum_code: 'HOME' }]);
    expect(byCode.EMAIL).toHaveLength(1);

    await h.api('PATCH', '/api/v4/contacts', [
      {
        id,
        custom_fields_values: [
          { field_code: 'PHONE', values: null },
          { field_code: 'EMAIL', values: null },
        ],
      },
    ]);
    expect((await h.api('GET', `/api/v4/contacts/${id}`)).json.custom_fields_values).toBeNull();
  });

  it('normalises date and birthday to account-timezone midnight, keeps date_time, reads ints', async () => {
    const fields = await h.api('POST', '/api/v4/contacts/custom_fields', [
      { name: 'Дата визита', type: 'date' },
      { name: 'День рождения', type: 'birthday' },
      { name: 'Последний визит', type: 'date_time' },
    ]);
    expect(fields.status).toBe(201);
    const [date, birthday, dateTime] = fields.json._embedded.custom_fields.map((f: { id: number }) => f.id);
    const res = await h.api('POST', '/api/v4/contacts', [
      {
        name: 'Даты',
        custom_fields_values: [
          { field_id: date, values: [{ value: 1634601600 }] }, // 2021-10-19 00:00 UTC
          { field_id: birthday, values: [{ value: '1980-01-12T15:00:00+03:00' }] },
          { field_id: dateTime, values: [{ value: '2021-10-19T12:34:56+00:00' }] },
        ],
      },
    ]);
    const id = res.json._embedded.contacts[0].id;
    const values = Object.fromEntries(
      (await h.api('GET', `/api/v4/contacts/${id}`)).json.custom_fields_values.map(
        (f: { field_id: number; values: Array<{ value: unknown }> }) => [f.field_id, f.values[0]?.value],
      ),
    );
    expect(values[date]).toBe(1634590800); // 2021-10-19 00:00 MSK
    expect(values[birthday]).toBe(Date.UTC(1980, 0, 11, 21) / 1000);
    expect(values[dateTime]).toBe(Date.UTC(2021, 9, 19, 12, 34, 56) / 1000);

    const bad = await h.api('PATCH', `/api/v4/contacts/${id}`, {
      custom_fields_values: [{ field_id: date, values: [{ value: '19.10.2021' }] }],
    });
    expect(bad.status).toBe(400);
    expect(bad.json['validation-errors'][0].errors[0]).toMatchObject({
      code: 'InvalidType',
      path: 'custom_fields_values.0.values.0.value',
    });
  });

  it('ignores filter[...] unless the account has the API-filter option; query always searches', async () => {
    const created = await h.api('POST', '/api/v4/contacts', [
      {
        name: 'Ольга',
        custom_fields_values: [{ field_code: 'PHONE', values: [phone('+7 (999) 111-22-33')] }],
      },
      {
        name: 'Олег',
        custom_fields_values: [{ field_code: 'EMAIL', values: [{ value: 'oleg@example.com' }] }],
      },
    ]);
    const [olga] = created.json._embedded.contacts;
    const filtered = await h.api('GET', `/api/v4/contacts?filter[id][]=${olga.id}`);
    expect(filtered.json._embedded.contacts).toHaveLength(2);

    h.sandbox.configure({ apiFilterEnabled: true });
    const account = await h.api('GET', '/api/v4/account?with=is_api_filter_enabled');
    expect(account.json.is_api_filter_enabled).toBe(true);
    const honoured = await h.api('GET', `/api/v4/contacts?filter[id][]=${olga.id}`);
    expect(honoured.json._embedded.contacts.map((c: { id: number }) => c.id)).toEqual([olga.id]);

    const byPhone = await h.api('GET', '/api/v4/contacts?query=9991112233');
    expect(byPhone.json._embedded.contacts.map((c: { name: string }) => c.name)).toEqual(['Ольга']);
    const byEmail = await h.api('GET', '/api/v4/contacts?query=oleg@example.com');
    expect(byEmail.json._embedded.contacts.map((c: { name: string }) => c.name)).toEqual(['Олег']);
  });

  it('has no DELETE in the API; the UI deletes, after which reads answer 204', async () => {
    const id = (await h.api('POST', '/api/v4/contacts', [{ name: 'Удаляемый' }])).json._embedded.contacts[0]
      .id;
    const del = await h.api('DELETE', `/api/v4/contacts/${id}`);
    expect(del.status).toBe(405);
    expect((await h.control('DELETE', `/_sandbox/ui/contacts/${id}`)).status).toBe(204);
    expect((await h.api('GET', `/api/v4/contacts/${id}`)).status).toBe(204);
    const dump = await h.control('GET', '/_sandbox/contacts');
    expect(dump.json[0]).toMatchObject({ id, is_deleted: true });
  });

  it('applies tags_to_add, tags_to_delete and _embedded.tags', async () => {
    const id = (
      await h.api('POST', '/api/v4/contacts', [
        { name: 't', tags_to_add: [{ name: 'lime' }, { name: 'vip' }] },
      ])
    ).json._embedded.contacts[0].id;
    await h.api('PATCH', `/api/v4/contacts/${id}`, { tags_to_delete: [{ name: 'vip' }] });
    const tags = (await h.api('GET', `/api/v4/contacts/${id}`)).json._embedded.tags;
    expect(tags.map((t: { name: string }) => t.name)).toEqual(['lime']);
    await h.api('PATCH', `/api/v4/contacts/${id}`, { _embedded: { tags: null } });
    expect((await h.api('GET', `/api/v4/contacts/${id}`)).json._embedded.tags).toEqual([]);
  });
});
