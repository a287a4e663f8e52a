import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, SECRET, startHarness } from './test-support/harness.ts';
import { hubEvent, push } from './test-support/recording-hub.ts';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function someAdult(h: Harness) {
  const client = [...h.sim.state.clients.values()].find((c) => c.category === 'adult');
  if (!client) throw new Error('the generated venue has no adult');
  return client;
}

const rename = (clientId: string, lastName: string) =>
  hubEvent('client.changed', {
    clientId,
    changes: { lastName },
    origin: { system: 'amocrm', connectionId: 'conn-1', remoteId: '42' },
  });

describe('the webhook Lime exposes to the hub', () => {
  it('applies a correctly signed push and answers 200', async () => {
    harness = await startHarness();
    const client = someAdult(harness);
    const answer = await push(harness.sim.webhookUrl, SECRET, [rename(client.clientId, 'Подписанная')]);
    expect(answer).toEqual({ status: 200, body: { received: 1, applied: 1, duplicates: 0, ignored: 0 } });
    expect(harness.sim.state.clients.get(client.clientId)?.lastName).toBe('Подписанная');
  });

  it('answers 401 to a wrong, missing or stale signature and applies nothing', async () => {
    harness = await startHarness();
    const client = someAdult(harness);
    const before = client.lastName;
    const url = harness.sim.webhookUrl;
    const event = rename(client.clientId, 'Чужая');
    const wrong = await push(url, 'not-the-secret', [event]);
    const stale = await push(url, SECRET, [event], { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    const missing = await push(url, SECRET, [event], { signature: '' });
    for (const answer of [wrong, stale, missing]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ error: { code: 'invalid_signature' } });
    }
    expect(harness.sim.state.clients.get(client.clientId)?.lastName).toBe(before);
    expect(harness.sim.stats().badSignatures).toBe(3);
  });

  it('applies an event id once, however often it is pushed', async () => {
    harness = await startHarness();
    const client = someAdult(harness);
    const event = rename(client.clientId, 'Однажды');
    await push(harness.sim.webhookUrl, SECRET, [event]);
    const again = await push(harness.sim.webhookUrl, SECRET, [event, event]);
    expect(again.body).toMatchObject({ applied: 0, duplicates: 2 });
    expect(harness.sim.stats().clientChangesApplied).toBe(1);
    expect(harness.sim.stats().inboundDuplicates).toBe(2);
  });

  it('fails pushes on purpose when the fault knob says so, applying nothing until it answers 200', async () => {
    harness = await startHarness({ knobs: { webhookFailNext: 2 } });
    const client = someAdult(harness);
    const event = rename(client.clientId, 'Настойчивая');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await push(harness.sim.webhookUrl, SECRET, [event])).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect(harness.sim.stats()).toMatchObject({
      webhookFaults: 2,
      clientChangesApplied: 1,
      inboundDuplicates: 0,
    });
  });

  it('holds a push for a while when the hang knob says so, then handles it', async () => {
    harness = await startHarness({ knobs: { webhookHangRate: 1, webhookHangMs: 200 } });
    const client = someAdult(harness);
    const answer = await push(harness.sim.webhookUrl, SECRET, [rename(client.clientId, 'Терпеливая')]);
    expect(answer.status).toBe(200);
    expect(harness.sim.stats().webhookHangs).toBe(1);
  });

  it('refuses the whole push with 400 when an event is invalid, naming the path', async () => {
    harness = await startHarness();
    const client = someAdult(harness);
    const answer = await push(harness.sim.webhookUrl, SECRET, [
      rename(client.clientId, 'Не дойдёт'),
      hubEvent('preorder.cancelled', { reason: 'no id' }),
    ]);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: { code: 'invalid_events', details: [{ path: 'events[1].data.preorderId' }] },
    });
    expect(harness.sim.state.clients.get(client.clientId)?.lastName).not.toBe('Не дойдёт');
  });

  it('acknowledges and ignores event types it does not know', async () => {
    harness = await startHarness();
    const answer = await push(harness.sim.webhookUrl, SECRET, [hubEvent('loyalty.awarded', { points: 5 })]);
    expect(answer).toEqual({ status: 200, body: { received: 1, applied: 0, duplicates: 0, ignored: 1 } });
  });
});

describe('credentials set after start', () => {
  it('lets the tenant be created with the webhook URL first, then takes its key and secret', async () => {
    harness = await startHarness({ apiKey: 'placeholder', webhookSecret: 'placeholder' });
    const { sim, hub } = harness;
    sim.setCredentials({ apiKey: 'real-key', webhookSecret: 'real-secret' });

    const client = someAdult(harness);
    expect((await push(sim.webhookUrl, 'placeholder', [rename(client.clientId, 'Старый')])).status).toBe(401);
    expect((await push(sim.webhookUrl, 'real-secret', [rename(client.clientId, 'Новый')])).status).toBe(200);

    sim.start();
    await sim.drain();
    expect(hub.requests.length).toBeGreaterThan(0);
    expect(hub.requests.every((request) => request.authorization === 'Bearer real-key')).toBe(true);
  });
});
