import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BitrixSandbox, startBitrixSandbox } from './index.ts';
import { http, rest } from './test-support.ts';

let sandbox: BitrixSandbox;
const call = (method: string, params: unknown = {}) => rest(sandbox.webhookUrl, method, params);
const FROZEN = Date.parse('2026-01-15T10:00:00Z');

beforeEach(async () => {
  // A frozen clock: the bucket drains only when the test advances it.
  sandbox = await startBitrixSandbox({ now: () => FROZEN });
});

afterEach(async () => {
  await sandbox.close();
});

const statuses = (answers: Array<{ status: number }>) =>
  answers.reduce<Record<number, number>>((acc, { status }) => {
    acc[status] = (acc[status] ?? 0) + 1;
    return acc;
  }, {});

describe('leaky bucket', () => {
  it('answers 503 QUERY_LIMIT_EXCEEDED past the burst and recovers as it drains', async () => {
    const burst = await Promise.all(Array.from({ length: 60 }, () => call('crm.contact.list')));
    expect(statuses(burst)).toEqual({ 200: 50, 503: 10 });
    const rejected = burst.find((answer) => answer.status === 503);
    expect(rejected?.body).toEqual({ error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });

    sandbox.advanceClock(1000);
    const drained = [
      await call('crm.contact.list'),
      await call('crm.contact.list'),
      await call('crm.contact.list'),
    ];
    expect(drained.map((answer) => answer.status)).toEqual([200, 200, 503]);

    sandbox.advanceClock(25_000);
    const refilled = await Promise.all(Array.from({ length: 50 }, () => call('crm.contact.list')));
    expect(statuses(refilled)).toEqual({ 200: 50 });

    const control = await http(`${sandbox.portalUrl}/_sandbox/stats`);
    expect(control.status).toBe(200);
    expect(control.body).toMatchObject({
      queryLimitExceeded: 11,
      maxBucketLevel: 50,
      status: { 200: 102, 503: 11 },
    });
    expect(control.body.byMethod['crm.contact.list']).toBe(102);
  });

  it('follows the bucketSize and drainPerSecond knobs', async () => {
    sandbox.configure({ bucketSize: 5, drainPerSecond: 5 });
    expect(statuses(await Promise.all(Array.from({ length: 8 }, () => call('scope'))))).toEqual({
      200: 5,
      503: 3,
    });
    sandbox.advanceClock(1000);
    expect(statuses(await Promise.all(Array.from({ length: 6 }, () => call('scope'))))).toEqual({
      200: 5,
      503: 1,
    });
  });
});

describe('operating limit', () => {
  it('blocks the next call of a method once its accumulated time exceeds the limit', async () => {
    sandbox.configure({ operatingCostSec: 100 });
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await call('crm.contact.list'));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers[4]?.body.time.operating).toBe(500);
    expect(answers[4]?.body.time.operating_reset_at).toBe(FROZEN / 1000 + 600);

    const blocked = await call('crm.contact.list');
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual({
      error: 'OPERATION_TIME_LIMIT',
      error_description: 'Method is blocked due to operation time limit',
    });
    expect((await call('crm.contact.fields')).status).toBe(200);
    const inBatch = await call('batch', { cmd: { a: 'crm.contact.list' } });
    expect(inBatch.body.result.result_error.a.error).toBe('OPERATION_TIME_LIMIT');
    expect(sandbox.stats().operationTimeLimit).toBe(2);

    sandbox.advanceClock(600_000);
    expect((await call('crm.contact.list')).status).toBe(200);
  });
});

describe('faults', () => {
  it('answers 500 JSON or nginx 502 HTML, before or after executing the call', async () => {
    sandbox.configure({ failureRate: 1 });
    const json = await call('crm.contact.add', { fields: { NAME: 'A' } });
    expect(json.status).toBe(500);
    expect(json.body).toEqual({ error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' });
    sandbox.configure({ failureKind: 'html502', failurePhase: 'after' });
    const html = await call('crm.contact.add', { fields: { NAME: 'B' } });
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.text).toContain('nginx');
    sandbox.configure({ failureRate: 0 });
    const list = await call('crm.contact.list');
    expect(list.body.result.map((row: { NAME: string }) => row.NAME)).toEqual(['B']);
  });

  it('hangs a call until hangMs, then drops the connection', async () => {
    sandbox.configure({ hangRate: 1, hangMs: 200 });
    await expect(call('crm.contact.list')).rejects.toThrow();
  });
});
