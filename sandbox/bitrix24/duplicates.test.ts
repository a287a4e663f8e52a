import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BitrixSandbox, startBitrixSandbox } from './index.ts';
import { rest } from './test-support.ts';

let sandbox: BitrixSandbox;
const call = (method: string, params: unknown = {}) => rest(sandbox.webhookUrl, method, params);

beforeAll(async () => {
  sandbox = await startBitrixSandbox();
  await call('crm.contact.add', {
    fields: { NAME: 'A', PHONE: [{ VALUE: '+7 (999) 000-11-22' }], EMAIL: [{ VALUE: 'Ann@Example.com' }] },
  });
  await call('crm.contact.add', { fields: { NAME: 'B', PHONE: [{ VALUE: '89990001122' }] } });
  await call('crm.contact.add', { fields: { NAME: 'C', PHONE: [{ VALUE: '+78129999331' }] } });
});

afterAll(async () => {
  await sandbox.close();
});

describe('crm.duplicate.findbycomm', () => {
  it('normalises phone numbers (format, trunk prefix, extension)', async () => {
    const found = await call('crm.duplicate.findbycomm', {
      type: 'PHONE',
      values: ['+79990001122'],
      entity_type: 'CONTACT',
    });
    expect(found.body.result).toEqual({ CONTACT: [1, 2] });
    const extension = await call('crm.duplicate.findbycomm', {
      type: 'PHONE',
      values: ['+78129999331#404812'],
    });
    expect(extension.body.result).toEqual({ CONTACT: [3] });
  });

  it('matches e-mails case-insensitively and answers [] when nothing matches', async () => {
    expect(
      (await call('crm.duplicate.findbycomm', { type: 'EMAIL', values: ['ann@example.com'] })).body.result,
    ).toEqual({
      CONTACT: [1],
    });
    expect(
      (await call('crm.duplicate.findbycomm', { type: 'EMAIL', values: ['nobody@example.com'] })).body.result,
    ).toEqual([]);
  });

  it('looks at no more than 20 values', async () => {
    const values = Array.from({ length: 20 }, (_, index) => `+7000000000${index}`);
    const found = await call('crm.duplicate.findbycomm', {
      type: 'PHONE',
      values: [...values, '+79990001122'],
    });
    expect(found.body.result).toEqual([]);
  });

  it('reports missing parameters', async () => {
    const noType = await call('crm.duplicate.findbycomm', { values: ['x'] });
    expect(noType.status).toBe(400);
    expect(noType.body).toEqual({
      error: 'Communication type is not defined',
      error_description: "Parameter 'type' is required.",
    });
    const noValues = await call('crm.duplicate.findbycomm', { type: 'PHONE', values: '+79990001122' });
    expect(noValues.body.error).toBe('Communication values is not defined');
  });
});
