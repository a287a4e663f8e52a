/** Health and operations: `/healthz`, `/readyz`, `/metrics` and the OpenAPI document (lime-protocol.md §4). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/databases.ts';
import { ADMIN_TOKEN, call, createTenant, postEvents, startTestHub, type TestHub } from '../support/hub.ts';
import { bearer, send, validEvent } from './helpers.ts';

type OpenApi = { paths: Record<string, Record<string, unknown>> };

/** The value of one sample of a Prometheus text exposition, or 0 when it is not there (yet). */
function sample(metrics: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of metrics.split('\n')) {
    const match = /^([a-z_:]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return 0;
}

describe.each(ENGINES)('health and operations on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(engine);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const metrics = async () => {
    const answer = await send<string>(hub, 'GET', '/metrics');
    expect(answer.status).toBe(200);
    expect(String(answer.headers['content-type'])).toMatch(/^text\/plain/);
    return answer.body;
  };

  it('answers /healthz with 200 and no credentials', async () => {
    const answer = await send(hub, 'GET', '/healthz');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 once the database answers', async () => {
    const answer = await send(hub, 'GET', '/readyz');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ready', database: 'ok' });
  });

  it('moves the Lime event counters on /metrics after an ingest, and not after a refusal', async () => {
    const tenant = await createTenant(hub);
    const before = await metrics();
    const accepted = sample(before, 'limebridge_lime_events_total', { type: 'all', outcome: 'accepted' });
    const duplicate = sample(before, 'limebridge_lime_events_total', { type: 'all', outcome: 'duplicate' });
    const clients = sample(before, 'limebridge_lime_events_total', {
      type: 'client.upserted',
      outcome: 'received',
    });

    const repeated = validEvent('client.upserted');
    await postEvents(hub, tenant.apiKey, [
      repeated,
      validEvent('client.upserted'),
      validEvent('product.upserted'),
    ]);
    await postEvents(hub, tenant.apiKey, [repeated]);
    await postEvents(hub, tenant.apiKey, [validEvent('client.upserted', { phone: 'нет' })]);

    const after = await metrics();
    expect(sample(after, 'limebridge_lime_events_total', { type: 'all', outcome: 'accepted' })).toBe(
      accepted + 3,
    );
    expect(sample(after, 'limebridge_lime_events_total', { type: 'all', outcome: 'duplicate' })).toBe(
      duplicate + 1,
    );
    expect(
      sample(after, 'limebridge_lime_events_total', { type: 'client.upserted', outcome: 'received' }),
    ).toBe(clients + 3);
    const served = sample(after, 'limebridge_http_request_duration_seconds_count', {
      method: 'POST',
      route: '/v1/events',
      status: '200',
    });
    expect(served).toBeGreaterThanOrEqual(2);
    expect(
      sample(after, 'limebridge_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/v1/events',
        status: '400',
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('serves an OpenAPI document that lists the Lime API', async () => {
    const answer = await call<OpenApi>(hub.url, 'GET', '/docs/json');
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body.paths)).toEqual(expect.arrayContaining(['/v1/events', '/v1/outbound']));
    expect(answer.body.paths['/v1/events']).toHaveProperty('post');
    expect(answer.body.paths['/v1/outbound']).toHaveProperty('get');
  });

  it.each([
    ['GET', '/v1/outbund'],
    ['GET', '/v1/'],
    ['POST', '/v1/event'],
    ['GET', '/admin/v1/nothing-here'],
    ['GET', '/hooks'],
  ] as const)(
    'answers %s %s (no such route) with 404 and the error body, not the dashboard',
    async (method, path) => {
      const tenant = await createTenant(hub);
      const answer = await send<{ error: { code: string } }>(hub, method, path, {
        headers: path.startsWith('/admin') ? bearer(ADMIN_TOKEN) : bearer(tenant.apiKey),
      });
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    },
  );
});
