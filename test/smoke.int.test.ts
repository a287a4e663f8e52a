import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from './support/databases.ts';
import { clientUpserted } from './support/events.ts';
import { createTenant, postEvents, startTestHub, type TestHub } from './support/hub.ts';

describe.each(ENGINES)('hub on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(engine);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('accepts events once and counts a repeat as a duplicate', async () => {
    const tenant = await createTenant(hub);
    const event = clientUpserted();
    expect((await postEvents(hub, tenant.apiKey, [event])).body).toEqual({ accepted: 1, duplicates: 0 });
    expect((await postEvents(hub, tenant.apiKey, [event])).body).toEqual({ accepted: 0, duplicates: 1 });
  });
});
