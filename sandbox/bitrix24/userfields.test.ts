import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BitrixSandbox, startBitrixSandbox } from './index.ts';
import { rest } from './test-support.ts';

let sandbox: BitrixSandbox;
const call = (method: string, params: unknown = {}) => rest(sandbox.webhookUrl, method, params);

beforeEach(async () => {
  sandbox = await startBitrixSandbox();
});

afterEach(async () => {
  await sandbox.close();
});

describe('contact user fields', () => {
  it('adds the UF_CRM_ prefix, lists by FIELD_NAME and exposes enumeration options', async () => {
    const added = await call('crm.contact.userfield.add', {
      fields: {
        FIELD_NAME: 'loyalty_tier',
        USER_TYPE_ID: 'enumeration',
        LABEL: 'Loyalty tier',
        LIST: [
          { VALUE: 'Silver', XML_ID: 'silver', SORT: 100 },
          { VALUE: 'Gold', XML_ID: 'gold', SORT: 200 },
        ],
      },
    });
    expect(added.status).toBe(200);
    const id = added.body.result;
    expect(typeof id).toBe('number');

    const listed = await call('crm.contact.userfield.list', {
      filter: { FIELD_NAME: 'UF_CRM_LOYALTY_TIER' },
    });
    expect(listed.body.result).toHaveLength(1);
    expect(listed.body.result[0]).toMatchObject({
      ID: String(id),
      ENTITY_ID: 'CRM_CONTACT',
      USER_TYPE_ID: 'enumeration',
      MULTIPLE: 'N',
    });

    const got = await call('crm.contact.userfield.get', { id });
    const gold = got.body.result.LIST.find((item: { VALUE: string }) => item.VALUE === 'Gold');
    expect(gold).toMatchObject({ XML_ID: 'gold', SORT: '200' });

    const fields = (await call('crm.contact.fields')).body.result;
    expect(fields.UF_CRM_LOYALTY_TIER).toMatchObject({
      type: 'enumeration',
      isDynamic: true,
      formLabel: 'Loyalty tier',
    });
    expect(fields.UF_CRM_LOYALTY_TIER.items).toContainEqual({ ID: gold.ID, VALUE: 'Gold' });

    const contact = (
      await call('crm.contact.add', { fields: { NAME: 'Ann', UF_CRM_LOYALTY_TIER: Number(gold.ID) } })
    ).body.result;
    expect((await call('crm.contact.get', { id: contact })).body.result.UF_CRM_LOYALTY_TIER).toBe(gold.ID);
  });

  it('stores double, date and multiple string values and rejects duplicates', async () => {
    await call('crm.contact.userfield.add', {
      fields: { FIELD_NAME: 'TOTAL_SPENT', USER_TYPE_ID: 'double' },
    });
    await call('crm.contact.userfield.add', {
      fields: { FIELD_NAME: 'UF_LAST_VISIT', USER_TYPE_ID: 'date' },
    });
    await call('crm.contact.userfield.add', {
      fields: { FIELD_NAME: 'LAST_PURCHASES', USER_TYPE_ID: 'string', MULTIPLE: 'Y' },
    });
    const id = (
      await call('crm.contact.add', {
        fields: {
          NAME: 'Ann',
          UF_CRM_TOTAL_SPENT: 1500.5,
          UF_CRM_LAST_VISIT: '2024-01-31',
          UF_CRM_LAST_PURCHASES: ['a', 'b'],
        },
      })
    ).body.result;
    const contact = (await call('crm.contact.get', { id })).body.result;
    expect(contact.UF_CRM_TOTAL_SPENT).toBe('1500.5');
    expect(contact.UF_CRM_LAST_VISIT).toBe('2024-01-31T03:00:00+03:00');
    expect(contact.UF_CRM_LAST_PURCHASES).toEqual(['a', 'b']);
    const filtered = await call('crm.contact.list', {
      filter: { '>UF_CRM_TOTAL_SPENT': 1000 },
      select: ['ID'],
    });
    expect(filtered.body.result).toEqual([{ ID: String(id) }]);

    const duplicate = await call('crm.contact.userfield.add', {
      fields: { FIELD_NAME: 'TOTAL_SPENT', USER_TYPE_ID: 'double' },
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error).toBe('ERROR_CORE');
    const missing = await call('crm.contact.userfield.add', { fields: { LABEL: 'x' } });
    expect(missing.body).toEqual({
      error: '',
      error_description: "The 'FIELD_NAME' field is not found.\nThe 'USER_TYPE_ID' field is not found.",
    });
  });

  it('updates labels and deletes the field with its values; deal fields are separate', async () => {
    const id = (
      await call('crm.deal.userfield.add', { fields: { FIELD_NAME: 'EVENT_DATE', USER_TYPE_ID: 'date' } })
    ).body.result;
    expect((await call('crm.contact.userfield.get', { id })).body.error_description).toBe('Access denied.');
    expect(
      (await call('crm.deal.userfield.update', { id, fields: { EDIT_FORM_LABEL: 'Event' } })).body.result,
    ).toBe(true);
    expect((await call('crm.deal.userfield.get', { id })).body.result.EDIT_FORM_LABEL).toBe('Event');
    expect((await call('crm.deal.userfield.delete', { id })).body.result).toBe(true);
    expect((await call('crm.deal.userfield.get', { id })).body.error).toBe('ERROR_NOT_FOUND');
    expect((await call('crm.deal.fields')).body.result.UF_CRM_EVENT_DATE).toBeUndefined();
  });
});
