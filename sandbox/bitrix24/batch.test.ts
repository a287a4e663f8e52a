import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BitrixSandbox, startBitrixSandbox } from './index.ts';
import { rest } from './test-support.ts';

let sandbox: BitrixSandbox;
const call = (method: string, params: unknown = {}, form = false) =>
  rest(sandbox.webhookUrl, method, params, { form });

beforeEach(async () => {
  sandbox = await startBitrixSandbox();
});

afterEach(async () => {
  await sandbox.close();
});

describe('batch', () => {
  it('runs at most 50 commands and marks each extra one ERROR_BATCH_LENGTH_EXCEEDED', async () => {
    const cmd: Record<string, string> = {};
    for (let i = 0; i < 52; i += 1) cmd[`k${i}`] = `crm.contact.add?fields[NAME]=N${i}`;
    const answer = await call('batch', { halt: 0, cmd });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body.result.result)).toHaveLength(50);
    expect(answer.body.result.result_error).toEqual({
      k50: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
      k51: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
    });
    expect((await call('crm.contact.list', {})).body.total).toBe(50);
    expect(sandbox.stats().requests).toBe(2);
  });

  it('keeps HTTP 200 on sub-errors, stops on halt and serialises empty maps as []', async () => {
    const cmd = { a: 'crm.contact.get?id=999', b: 'crm.contact.add?fields[NAME]=B' };
    const soft = await call('batch', { halt: 0, cmd });
    expect(soft.status).toBe(200);
    expect(soft.body.result).toMatchObject({
      result: { b: 1 },
      result_error: { a: { error: '', error_description: 'Not found' } },
      result_total: [],
      result_next: [],
    });
    const halted = await call('batch', {
      halt: 1,
      cmd: { a: 'crm.contact.get?id=999', b: 'crm.contact.add?fields[NAME]=C' },
    });
    expect(halted.body.result.result).toEqual([]);
    expect(halted.body.result.result_time).toEqual([]);
    expect(Object.keys(halted.body.result.result_error)).toEqual(['a']);
    expect((await call('crm.contact.list', {})).body.total).toBe(1);
  });

  it('returns lists for array-style cmd and fills result_total/result_next', async () => {
    for (let i = 0; i < 55; i += 1) sandbox.ui.createContact({ NAME: `N${i}` });
    const answer = await call('batch', { cmd: ['crm.contact.list?select[]=ID', 'crm.contact.get?id=1'] });
    const body = answer.body.result;
    expect(Array.isArray(body.result)).toBe(true);
    expect(body.result[0]).toHaveLength(50);
    // PHP arrays with keys 0..n-1 serialise as JSON lists.
    expect(body.result_total).toEqual([55]);
    expect(body.result_next).toEqual([50]);
    expect(Object.keys(body.result_time)).toEqual(['0', '1']);
  });

  it('substitutes exact references with any value and embedded ones only with strings or numbers', async () => {
    const answer = await call('batch', {
      halt: 1,
      cmd: {
        c: 'crm.contact.add?fields[NAME]=Ann&fields[PHONE][0][VALUE]=%2B79990001122',
        get: 'crm.contact.get?id=$result[c]',
        d: 'crm.deal.add?fields[TITLE]=Order for $result[get][NAME] #$result[c]&fields[CONTACT_ID]=$result[c]&fields[COMMENTS]=x $result[get][PHONE]',
        rows: 'crm.deal.productrows.set?id=$result[d]&rows[0][PRODUCT_NAME]=Fee&rows[0][PRICE]=150&rows[0][QUANTITY]=2',
        list: 'crm.deal.list?filter[ID]=$result[d]&select[]=ID',
        again: 'crm.deal.get?id=$result[list][0][ID]',
      },
    });
    const result = answer.body.result.result;
    expect(answer.body.result.result_error).toEqual([]);
    expect(result.get.PHONE[0].VALUE).toBe('+79990001122');
    expect(result.again).toMatchObject({
      TITLE: 'Order for Ann #1',
      CONTACT_ID: '1',
      OPPORTUNITY: '300.00',
      COMMENTS: 'x $result[get][PHONE]',
    });
  });

  it('injects the deepest resolvable node when a dependency failed (halt 0)', async () => {
    const answer = await call('batch', {
      halt: 0,
      cmd: {
        bad: 'crm.contact.get?id=999',
        ok: 'crm.contact.add?fields[NAME]=Bo',
        use: 'crm.contact.get?id=$result[bad]',
      },
    });
    // `$result[bad]` does not resolve: the whole result map {ok: 1} becomes `id`, intval(array) = 1.
    expect(answer.body.result.result.use.NAME).toBe('Bo');
  });

  it('forbids nested batch and keeps app-only methods app-only', async () => {
    const answer = await call('batch', { cmd: { inner: 'batch?cmd[x]=scope', bind: 'event.get' } });
    expect(answer.body.result.result_error).toEqual({
      inner: {
        error: 'ERROR_BATCH_METHOD_NOT_ALLOWED',
        error_description: 'Method is not allowed for batch usage',
      },
      bind: {
        error: 'WRONG_AUTH_TYPE',
        error_description: 'Current authorization type is denied for this method',
      },
    });
  });

  it('accepts the batch itself form-encoded (commands encoded twice)', async () => {
    const answer = await call('batch', { halt: 0, cmd: { a: 'crm.contact.add?fields[NAME]=A%26B' } }, true);
    expect(answer.body.result.result.a).toBe(1);
    expect((await call('crm.contact.get', { id: 1 })).body.result.NAME).toBe('A&B');
  });
});
