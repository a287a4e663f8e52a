import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BitrixSandbox, startBitrixSandbox } from './index.ts';
import { http, rest } from './test-support.ts';

let sandbox: BitrixSandbox;
const call = (method: string, params: unknown = {}, form = false) =>
  rest(sandbox.webhookUrl, method, params, { form });

beforeAll(async () => {
  sandbox = await startBitrixSandbox({ bucketSize: 10_000 });
  const cmd: Record<string, string> = {};
  for (let i = 1; i <= 50; i += 1)
    cmd[`c${i}`] = `crm.contact.add?fields[NAME]=Name${i}&fields[LAST_NAME]=L${i % 3}`;
  await call('batch', { cmd });
  await call('batch', {
    cmd: { a: 'crm.contact.add?fields[NAME]=Name51', b: 'crm.contact.add?fields[NAME]=Name52' },
  });
});

afterAll(async () => {
  await sandbox.close();
});

describe('envelope', () => {
  it('wraps results with all eight time keys in the portal timezone', async () => {
    const answer = await call('crm.contact.get', { id: 1 });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(Object.keys(answer.body.time).sort()).toEqual(
      [
        'date_finish',
        'date_start',
        'duration',
        'finish',
        'operating',
        'operating_reset_at',
        'processing',
        'start',
      ].sort(),
    );
    expect(answer.body.time.date_start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);
    expect(answer.body.result.ID).toBe('1');
    expect(answer.body.result.OPENED).toBe('Y');
  });

  it('pages lists by 50 with total and next, and start=-1 switches counting off', async () => {
    const first = await call('crm.contact.list', { select: ['ID'], order: { ID: 'ASC' } });
    expect(first.body.result).toHaveLength(50);
    expect(first.body.total).toBe(52);
    expect(first.body.next).toBe(50);
    const second = await call('crm.contact.list', { select: ['ID'], order: { ID: 'ASC' }, start: 50 });
    expect(second.body.result.map((row: { ID: string }) => row.ID)).toEqual(['51', '52']);
    expect(second.body.next).toBeUndefined();
    const keyset = await call('crm.contact.list', {
      select: ['ID'],
      filter: { '>ID': 40 },
      order: { ID: 'ASC' },
      start: -1,
    });
    expect(keyset.body.result).toHaveLength(12);
    expect(keyset.body.next).toBeUndefined();
    expect(keyset.body.total).toBe(0);
  });

  it('parses PHP bracket forms, merges the query string and ignores JSON without its content type', async () => {
    const form = await call(
      'crm.contact.add',
      { fields: { NAME: 'Form', PHONE: [{ VALUE: '+7 999', VALUE_TYPE: 'WORK' }] } },
      true,
    );
    expect(form.status).toBe(200);
    const created = await call('crm.contact.get', { id: form.body.result });
    expect(created.body.result.PHONE[0].VALUE).toBe('+7 999');

    const viaQuery = await http(`${sandbox.webhookUrl}crm.contact.get.json?id=${form.body.result}`);
    expect(viaQuery.body.result.NAME).toBe('Form');

    const textJson = await http(`${sandbox.webhookUrl}crm.contact.get`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ id: 1 }),
    });
    expect(textJson.body).toEqual({ error: '', error_description: 'ID is not defined or invalid.' });

    const broken = await http(`${sandbox.webhookUrl}crm.contact.update?id=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"fields": {',
    });
    expect(broken.status).toBe(200);
    expect(broken.body.result).toBe(true);
  });
});

describe('error bodies by family', () => {
  it('legacy CRM: empty error code, HTTP 400', async () => {
    const answer = await call('crm.contact.get', { id: 0 });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: '', error_description: 'ID is not defined or invalid.' });
    expect((await call('crm.contact.update', { id: 999, fields: {} })).body).toEqual({
      error: '',
      error_description: 'Contact is not found',
    });
    expect((await call('crm.contact.add', { fields: 'x' })).body.error_description).toBe(
      "Parameter 'fields' must be array.",
    );
  });

  it('crm.item: string codes', async () => {
    const missing = await call('crm.item.get', { entityTypeId: 3, id: 999 });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: 'NOT_FOUND', error_description: 'Item not found' });
    const noType = await call('crm.item.list', {});
    expect(noType.body).toEqual({
      error: '100',
      error_description: 'Could not find value for parameter {entityTypeId}',
    });
  });

  it('catalog: numeric codes', async () => {
    const answer = await call('catalog.product.list', { filter: { iblockId: 23 } });
    expect(answer.status).toBe(400);
    expect(typeof answer.body.error).toBe('number');
  });
});
