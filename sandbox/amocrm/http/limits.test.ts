import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../test-support.ts';

// Counts, not timings: a burst far above the limit must be mostly refused whatever the machine's
// speed, because the limiter only admits `rateLimitPerSecond` requests in any sliding second.

describe('limits and faults', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ rateLimitPerSecond: 7, blockAfter429: 0 });
  });
  afterEach(() => h.sandbox.close());

  const burst = (n: number, path = '/api/v4/account') =>
    Promise.all(Array.from({ length: n }, () => h.api('GET', path)));

  it('answers 429 (HTML, no Retry-After) above 7 requests in a sliding second', async () => {
    const res = await burst(40);
    const ok = res.filter((r) => r.status === 200).length;
    const limited = res.filter((r) => r.status === 429);
    expect(ok).toBeGreaterThanOrEqual(7);
    expect(ok).toBeLessThan(25);
    expect(limited.length).toBe(40 - ok);
    expect(limited[0]?.headers.get('content-type')).toMatch(/^text\/html/);
    expect(limited[0]?.headers.get('retry-after')).toBeNull();
    expect(limited[0]?.text).toContain('429');

    const stats = h.sandbox.stats();
    expect(stats.rateLimited).toBe(limited.length);
    expect(stats.status).toEqual({ '200': ok, '429': limited.length });
    expect(stats.byRoute['GET /api/v4/account']).toBe(40);
    expect(stats.maxRequestsInAnySecond).toBeGreaterThan(7);
    expect((await h.control('GET', '/_sandbox/stats')).json.requests).toBe(40);
  });

  it('answers Kommo JSON with retry_after when asked to', async () => {
    h.sandbox.configure({ rateLimitBody: 'json' });
    const limited = (await burst(30)).find((r) => r.status === 429);
    expect(limited?.json).toMatchObject({ title: 'Too Many Requests', status: 429 });
    expect(limited?.json.retry_after).toBeGreaterThanOrEqual(1);
  });

  it('blocks the account with the nginx 403 page after repeated excess, on every request', async () => {
    h.sandbox.configure({ blockAfter429: 5, blockMs: 60_000 });
    await burst(40);
    const after = await h.api('GET', '/api/v4/contacts');
    expect(after.status).toBe(403);
    expect(after.headers.get('content-type')).toMatch(/^text\/html/);
    expect(after.text).toContain('403 Forbidden');
    const token = await h.control('POST', '/oauth2/access_token', { grant_type: 'refresh_token' });
    expect(token.status).toBe(403);
    expect(h.sandbox.stats().blocked).toBeGreaterThanOrEqual(2);
    expect((await h.control('GET', '/_sandbox/stats')).status).toBe(200);
    h.sandbox.reset();
    expect((await h.api('GET', '/api/v4/account')).status).toBe(200);
  });

  it('injects 5xx failures without applying the request', async () => {
    h.sandbox.configure({ rateLimitPerSecond: 0, failureRate: 1 });
    const res = await Promise.all(
      Array.from({ length: 12 }, (_, i) => h.api('POST', '/api/v4/contacts', [{ name: `c${i}` }])),
    );
    expect(res.every((r) => [500, 502, 503, 504].includes(r.status))).toBe(true);
    expect(h.sandbox.state.contacts()).toHaveLength(0);
    expect(h.sandbox.stats().injectedFailures).toBe(12);
  });

  it('applies a write but loses its answer (504) when lostResponseRate hits', async () => {
    h.sandbox.configure({ rateLimitPerSecond: 0, lostResponseRate: 1 });
    const res = await h.api('POST', '/api/v4/contacts', [{ name: 'applied' }]);
    expect(res.status).toBe(504);
    expect(res.text).toContain('504 Gateway Time-out');
    expect(h.sandbox.state.contacts().map((c) => c.name)).toEqual(['applied']);
    expect((await h.api('GET', '/api/v4/contacts')).status).toBe(200);
  });

  it('hangs a request until the client gives up', async () => {
    h.sandbox.configure({ rateLimitPerSecond: 0, hangRate: 1, hangMs: 60_000 });
    const res = await fetch(`${h.sandbox.baseUrl}/api/v4/account`, {
      headers: { authorization: `Bearer ${h.token}` },
      signal: AbortSignal.timeout(300),
    }).catch((e: Error) => e);
    expect(res).toBeInstanceOf(Error);
    expect(h.sandbox.stats().hung).toBe(1);
    h.sandbox.configure({ hangRate: 0 });
    expect((await h.api('GET', '/api/v4/account')).status).toBe(200);
  });

  it('adds latency to API requests (a lower bound only: the machine may add more)', async () => {
    h.sandbox.configure({ rateLimitPerSecond: 0, latencyMs: 300 });
    const t0 = performance.now();
    await h.api('GET', '/api/v4/account');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
  });
});
