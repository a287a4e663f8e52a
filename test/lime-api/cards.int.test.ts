import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/databases.ts';
import { clientUpserted, event } from '../support/events.ts';
import { admin, createTenant, postEvents, startTestHub, type TestHub } from '../support/hub.ts';

describe.each(ENGINES)('cards on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(engine);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('finds a client by the card in hand, follows a card handed over, forgets it with the person', async () => {
    const tenant = await createTenant(hub);
    const lookup = (number: string) =>
      admin<{ clientId: string }>(hub, 'GET', `/admin/v1/tenants/${tenant.id}/cards/${number}`);
    await postEvents(hub, tenant.apiKey, [
      clientUpserted(
        { clientId: 'c-1', cards: [{ number: 'W-100' }, { number: 'W-101' }] },
        '2026-11-29T10:00:00+03:00',
      ),
      clientUpserted({ clientId: 'c-2', cards: [] }, '2026-11-29T10:00:00+03:00'),
    ]);
    expect((await lookup('W-100')).body).toEqual({ number: 'W-100', clientId: 'c-1' });
    await postEvents(hub, tenant.apiKey, [
      clientUpserted({ clientId: 'c-1', cards: [{ number: 'W-101' }] }, '2026-11-29T11:00:00+03:00'),
      clientUpserted({ clientId: 'c-2', cards: [{ number: 'W-100' }] }, '2026-11-29T11:00:00+03:00'),
    ]);
    expect((await lookup('W-100')).body.clientId).toBe('c-2');
    expect((await lookup('W-101')).body.clientId).toBe('c-1');
    // An older state does not move a card back.
    await postEvents(hub, tenant.apiKey, [
      clientUpserted({ clientId: 'c-1', cards: [{ number: 'W-100' }] }, '2026-11-29T09:00:00+03:00'),
    ]);
    expect((await lookup('W-100')).body.clientId).toBe('c-2');
    await postEvents(hub, tenant.apiKey, [
      event('client.deleted', { clientId: 'c-1' }, '2026-11-29T12:00:00+03:00'),
    ]);
    expect((await lookup('W-101')).status).toBe(404);
    const other = await createTenant(hub);
    expect((await admin(hub, 'GET', `/admin/v1/tenants/${other.id}/cards/W-100`)).status).toBe(404);
  });
});
