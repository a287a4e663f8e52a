import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Clock, createManualClock } from './clock.ts';
import { startVenueSimulator } from './simulator.ts';
import { API_KEY, SECRET, sequenceOf } from './test-support/harness.ts';
import { type RecordingHub, startRecordingHub } from './test-support/recording-hub.ts';

let dir: string;
let hub: RecordingHub;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'venue-state-'));
  hub = await startRecordingHub(API_KEY);
});

afterEach(async () => {
  await hub.close();
  await rm(dir, { recursive: true, force: true });
});

const simulator = (stateFile: string, knobs = {}, clock?: Clock) =>
  startVenueSimulator({
    clock,
    hubUrl: hub.url,
    apiKey: API_KEY,
    webhookSecret: SECRET,
    clients: 10,
    stateFile,
    logLevel: 'silent',
    pace: { eventsPerSecond: 0, batchSize: 500 },
    knobs: { retryBaseMs: 5, retryMaxMs: 50, ...knobs },
  });

describe('the state file', () => {
  it('brings the same Lime back after a restart, without re-sending the venue, ids continuing', async () => {
    const stateFile = join(dir, 'venue.json');
    const first = await simulator(stateFile);
    first.start();
    await first.drain();
    const clients = [...first.state.clients.keys()];
    const sentBefore = hub.delivered().length;
    const lastSequence = Math.max(...hub.delivered().map((e) => sequenceOf(e.id)));
    await first.close();

    const clock = createManualClock(Date.now());
    const second = await simulator(stateFile, {}, clock);
    second.start();
    await second.drain();
    expect([...second.state.clients.keys()]).toEqual(clients);
    expect(hub.delivered()).toHaveLength(sentBefore);

    const client = second.state.clients.get(clients[0] ?? '');
    expect(client).toBeDefined();
    second.setPace({ eventsPerSecond: 50 });
    clock.advance(1_000);
    second.stop();
    await second.drain();
    const fresh = hub.delivered().slice(sentBefore);
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((e) => sequenceOf(e.id) > lastSequence)).toBe(true);
    await second.close();
  });

  it('keeps undelivered events across a restart and delivers them with the same ids', async () => {
    const stateFile = join(dir, 'venue.json');
    hub.script('hang');
    const first = await simulator(stateFile, { requestTimeoutMs: 60_000 });
    first.start();
    await vi.waitFor(() => expect(hub.requests).toHaveLength(1), { timeout: 20_000, interval: 20 });
    const attempted = hub.requests[0]?.events.map((e) => e.id) ?? [];
    expect(attempted.length).toBeGreaterThan(0);
    await first.close();

    const second = await simulator(stateFile);
    await second.drain();
    expect(hub.delivered().map((e) => e.id)).toEqual(attempted);
    await second.close();
  });
});
