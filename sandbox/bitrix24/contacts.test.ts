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

async function addContact(fields: Record<string, unknown>): Promise<number> {
  const answer = await call('crm.contact.add', { fields });
  expect(answer.status).toBe(200);
  return answer.body.result;
}

const phones = async (id: number) =>
  ((await call('crm.contact.get', { id })).body.result.PHONE ?? []) as Array<{
    ID: string;
    VALUE: string;
    VALUE_TYPE: string;
  }>;

describe('legacy multi-fields', () => {
  it('appends items without ID, replaces by ID and deletes by ID', async () => {
    const id = await addContact({ NAME: 'Ann', PHONE: [{ VALUE: '+79990001122', VALUE_TYPE: 'MOBILE' }] });
    await call('crm.contact.update', {
      id,
      fields: { PHONE: [{ VALUE: '+79990001122', VALUE_TYPE: 'MOBILE' }] },
    });
    let list = await phones(id);
    expect(list.map((item) => item.VALUE)).toEqual(['+79990001122', '+79990001122']);

    const [first, second] = list;
    await call('crm.contact.update', {
      id,
      fields: {
        PHONE: [
          { ID: first?.ID, VALUE: '+79990003344', VALUE_TYPE: 'WORK' },
          { ID: second?.ID, DELETE: 'Y' },
        ],
      },
    });
    list = await phones(id);
    expect(list).toEqual([{ ID: first?.ID, VALUE_TYPE: 'WORK', VALUE: '+79990003344', TYPE_ID: 'PHONE' }]);

    await call('crm.contact.update', { id, fields: { PHONE: [{ ID: first?.ID, VALUE: '' }], EMAIL: [] } });
    expect(await phones(id)).toEqual([]);
    const contact = (await call('crm.contact.get', { id })).body.result;
    expect(contact.HAS_PHONE).toBe('N');
  });

  it('treats an item with ID and no VALUE as a deletion and ignores empty appends', async () => {
    const id = await addContact({ NAME: 'Bo', EMAIL: [{ VALUE: 'bo@example.com' }, { VALUE: '  ' }] });
    const email = (await call('crm.contact.get', { id })).body.result.EMAIL;
    expect(email).toEqual([
      { ID: email[0].ID, VALUE_TYPE: 'WORK', VALUE: 'bo@example.com', TYPE_ID: 'EMAIL' },
    ]);
    await call('crm.contact.update', { id, fields: { EMAIL: [{ ID: email[0].ID }] } });
    expect((await call('crm.contact.get', { id })).body.result.EMAIL).toBeUndefined();
  });

  it('rejects an invalid e-mail with ERROR_CORE', async () => {
    const answer = await call('crm.contact.add', {
      fields: { NAME: 'X', EMAIL: [{ VALUE: 'not-an-email', VALUE_TYPE: 'WORK' }] },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: 'ERROR_CORE',
      error_description: 'The field Work e-mail contains an invalid address',
    });
  });
});

describe('legacy fields and filters', () => {
  it("round-trips BIRTHDATE shifted by the portal offset, as the docs show (date('c', ts + date('Z')))", async () => {
    const id = await addContact({ NAME: 'Kid', BIRTHDATE: '2001-11-11' });
    expect((await call('crm.contact.get', { id })).body.result.BIRTHDATE).toBe('2001-11-11T03:00:00+03:00');
    await call('crm.contact.update', { id, fields: { BIRTHDATE: '12.12.2005' } });
    expect((await call('crm.contact.get', { id })).body.result.BIRTHDATE).toBe('2005-12-12T03:00:00+03:00');
  });

  it('can answer dates at portal midnight instead (knob), so a client is tested against both forms', async () => {
    sandbox.configure({ dateOutput: 'midnight' });
    const id = await addContact({ NAME: 'Kid', BIRTHDATE: '2001-11-11' });
    expect((await call('crm.contact.get', { id })).body.result.BIRTHDATE).toBe('2001-11-11T00:00:00+03:00');
  });

  it('silently drops unknown and read-only fields, and unknown filter keys', async () => {
    const id = await addContact({
      NAME: 'Ann',
      NAEM: 'typo',
      ID: 777,
      DATE_CREATE: '2000-01-01T00:00:00+03:00',
    });
    expect(id).toBe(1);
    const contact = (await call('crm.contact.get', { id })).body.result;
    expect(contact.NAEM).toBeUndefined();
    expect(contact.DATE_CREATE.startsWith('2000')).toBe(false);
    await addContact({ NAME: 'Bob' });
    const typo = await call('crm.contact.list', { filter: { '=ORIGN_ID': 'nothing' } });
    expect(typo.body.total).toBe(2);
  });

  it('filters by ORIGINATOR_ID/ORIGIN_ID and the documented operators', async () => {
    await addContact({ NAME: 'Ann', LAST_NAME: 'Smith', ORIGINATOR_ID: 'venue', ORIGIN_ID: 'cust-1' });
    await addContact({ NAME: 'Bob', LAST_NAME: 'Smithson', ORIGINATOR_ID: 'venue', ORIGIN_ID: 'cust-2' });
    await addContact({ NAME: 'Cid', LAST_NAME: 'Jones' });
    const ids = async (filter: Record<string, unknown>) =>
      (await call('crm.contact.list', { filter, select: ['ID'] })).body.result.map((row: { ID: string }) =>
        Number(row.ID),
      );
    expect(await ids({ '=ORIGINATOR_ID': 'venue', '=ORIGIN_ID': 'cust-2' })).toEqual([2]);
    expect(await ids({ '!ORIGINATOR_ID': 'venue' })).toEqual([3]);
    expect(await ids({ '>ID': 1, '<=ID': 2 })).toEqual([2]);
    expect(await ids({ '>=ID': 2 })).toEqual([2, 3]);
    expect(await ids({ '<ID': 2 })).toEqual([1]);
    expect(await ids({ '@ID': [1, 3] })).toEqual([1, 3]);
    expect(await ids({ '%LAST_NAME': 'smith' })).toEqual([1, 2]);
  });

  it('tracks DATE_MODIFY and MODIFY_BY_ID for keyset sync', async () => {
    const id = await addContact({ NAME: 'Ann' });
    const before = (await call('crm.contact.get', { id })).body.result;
    sandbox.advanceClock(60_000);
    sandbox.ui.updateContact(id, { NAME: 'Anna' });
    const after = (await call('crm.contact.get', { id })).body.result;
    expect(after.MODIFY_BY_ID).toBe('2');
    expect(after.DATE_MODIFY > before.DATE_MODIFY).toBe(true);
    const changed = await call('crm.contact.list', {
      filter: { '>DATE_MODIFY': before.DATE_MODIFY },
      select: ['ID'],
    });
    expect(changed.body.result).toEqual([{ ID: String(id) }]);
  });

  it('returns multi-fields in lists only when named', async () => {
    await addContact({ NAME: 'Ann', PHONE: [{ VALUE: '+1' }] });
    const plain = await call('crm.contact.list', {});
    expect(plain.body.result[0].PHONE).toBeUndefined();
    const named = await call('crm.contact.list', { select: ['NAME', 'PHONE'], filter: { PHONE: '+1' } });
    expect(named.body.result[0]).toEqual({
      ID: '1',
      NAME: 'Ann',
      PHONE: [{ ID: '1', VALUE_TYPE: 'WORK', VALUE: '+1', TYPE_ID: 'PHONE' }],
    });
  });
});

describe('crm.item over the same contacts', () => {
  it('adds with an fm array, updates with a keyed fm object and reads typed fields', async () => {
    const added = await call('crm.item.add', {
      entityTypeId: 3,
      fields: {
        name: 'John',
        birthdate: '2001-11-11',
        originId: 'cust-9',
        fm: [{ typeId: 'PHONE', valueType: 'MOBILE', value: '+79990001122' }],
      },
    });
    const item = added.body.result.item;
    expect(item).toMatchObject({
      id: 1,
      name: 'John',
      birthdate: '2001-11-11T03:00:00+03:00',
      originId: 'cust-9',
      entityTypeId: 3,
    });
    expect(item.fm).toEqual([{ id: 1, valueType: 'MOBILE', value: '+79990001122', typeId: 'PHONE' }]);
    expect(item.phoneMobile).toBe('+79990001122');

    const updated = await call('crm.item.update', {
      entityTypeId: 3,
      id: 1,
      fields: {
        fm: {
          n0: { typeId: 'EMAIL', valueType: 'WORK', value: 'j@example.com' },
          1: { typeId: 'PHONE', value: '' },
        },
      },
    });
    expect(updated.body.result.item.fm).toEqual([
      { id: 2, valueType: 'WORK', value: 'j@example.com', typeId: 'EMAIL' },
    ]);
    expect((await call('crm.contact.get', { id: 1 })).body.result.EMAIL[0].VALUE).toBe('j@example.com');
  });

  it('rejects unknown filter fields and supports logic OR', async () => {
    await addContact({ NAME: 'Ann' });
    await addContact({ NAME: 'Bob' });
    await addContact({ NAME: 'Cid' });
    const bad = await call('crm.item.list', { entityTypeId: 3, filter: { nmae: 'Ann' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: 'INVALID_ARG_VALUE',
      error_description: "Invalid filter: field 'nmae' is not allowed in filter",
    });
    const or = await call('crm.item.list', {
      entityTypeId: 3,
      filter: { 0: { logic: 'OR', 0: { name: 'Ann' }, 1: { name: 'Cid' } } },
      select: ['id', 'name'],
    });
    expect(or.body.result.items).toEqual([
      { id: 1, name: 'Ann', entityTypeId: 3 },
      { id: 3, name: 'Cid', entityTypeId: 3 },
    ]);
    expect(or.body.total).toBe(2);
  });

  it('deletes with an empty array result and uses original UF names on request', async () => {
    await call('crm.contact.userfield.add', { fields: { FIELD_NAME: 'TIER', USER_TYPE_ID: 'string' } });
    const id = await addContact({ NAME: 'Ann', UF_CRM_TIER: 'gold' });
    const camel = await call('crm.item.get', { entityTypeId: 3, id });
    expect(camel.body.result.item.ufCrmTier).toBe('gold');
    const original = await call('crm.item.get', { entityTypeId: 3, id, useOriginalUfNames: 'Y' });
    expect(original.body.result.item.UF_CRM_TIER).toBe('gold');
    const deleted = await call('crm.item.delete', { entityTypeId: 3, id });
    expect(deleted.body.result).toEqual([]);
    expect((await call('crm.contact.get', { id })).body).toEqual({
      error: '',
      error_description: 'Not found',
    });
  });
});
