import { afterEach, describe, expect, it } from 'vitest';
import type { ContactWrite } from '../contract.ts';
import { bitrix24 } from './index.ts';
import { startPortal, type TestPortal } from './test-portal.ts';

let portal: TestPortal | undefined;
afterEach(async () => {
  await portal?.close();
  portal = undefined;
});

const contact = (limeId: string): ContactWrite => ({
  ref: limeId,
  remoteId: null,
  fields: { limeId, firstName: 'Лимит' },
  state: {},
});

describe('limits and failures', () => {
  it('maps 503 QUERY_LIMIT_EXCEEDED of the leaky bucket to rate_limited', async () => {
    portal = await startPortal();
    portal.sandbox.configure({ bucketSize: 2, drainPerSecond: 0.001 });
    const results = [];
    for (let call = 0; call < 4; call += 1) results.push(await bitrix24.fetchContacts(portal.conn, ['1']));
    expect(results.at(-1)).toMatchObject({
      ok: false,
      error: { kind: 'rate_limited', retryAfterMs: expect.any(Number) },
    });
    expect(portal.sandbox.stats().queryLimitExceeded).toBeGreaterThan(0);
  });

  it('maps 429 OPERATION_TIME_LIMIT to rate_limited, per item inside a batch and for a whole call', async () => {
    portal = await startPortal({
      sandbox: { operatingLimitSec: 1, operatingCostByMethod: { 'crm.contact.add': 5, scope: 5 } },
    });
    const mixed = await bitrix24.writeContacts(portal.conn, [contact('o-1'), contact('o-2')]);
    if (!mixed.ok) throw new Error(JSON.stringify(mixed.error));
    expect(mixed.value.find((outcome) => outcome.ref === 'o-1')).toMatchObject({ ok: true });
    expect(mixed.value.find((outcome) => outcome.ref === 'o-2')).toMatchObject({
      ok: false,
      error: { kind: 'rate_limited', retryAfterMs: expect.any(Number) },
    });
    // Every item blocked: the method's own answer, so the caller waits instead of retrying at once.
    const blocked = await bitrix24.writeContacts(portal.conn, [contact('o-3'), contact('o-4')]);
    expect(blocked).toMatchObject({ ok: false, error: { kind: 'rate_limited' } });
    if (!blocked.ok && blocked.error.kind === 'rate_limited')
      expect(blocked.error.retryAfterMs).toBeGreaterThanOrEqual(10_000);

    await portal.conn.http({ method: 'POST', path: 'scope', json: {} });
    const whole = await portal.conn.http({ method: 'POST', path: 'scope', json: {} });
    expect(whole).toMatchObject({ ok: false, error: { kind: 'rate_limited' } });
    expect(portal.sandbox.stats().status['429']).toBe(1);
  });

  it('maps JSON 500 and the HTML 502 page to unavailable', async () => {
    portal = await startPortal();
    for (const failureKind of ['json500', 'html502'] as const) {
      portal.sandbox.configure({ failureRate: 1, failureKind });
      const result = await bitrix24.writeNotes(portal.conn, [{ ref: 'n', remoteContactId: '1', text: 'x' }]);
      expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    }
    expect(portal.sandbox.stats().status).toMatchObject({ 500: 1, 502: 1 });
  });
});
