import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stampEvent } from './events.ts';
import { total } from './stats.ts';
import { type Harness, sequenceOf, startHarness } from './test-support/harness.ts';

const waitLong = { timeout: 20_000, interval: 20 };
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const idsOf = (events: { id: string }[]) => events.map((event) => event.id);

describe('delivery to the hub', () => {
  it('retries the same batch (same ids) after a 5xx, a dropped connection and a timeout', async () => {
    harness = await startHarness({ pace: { batchSize: 500 }, knobs: { requestTimeoutMs: 2_000 } });
    const { hub, sim } = harness;
    hub.script({ status: 503 }, 'destroy', 'hang');
    sim.start();
    await sim.drain();

    expect(hub.requests).toHaveLength(4);
    const [first, ...rest] = hub.requests.map((request) => idsOf(request.events));
    for (const ids of rest) expect(ids).toEqual(first);
    expect(hub.requests.at(-1)?.status).toBe(200);
    expect(sim.stats().retries).toBe(3);
    expect(idsOf(hub.delivered())).toHaveLength(total(sim.stats().generated));
    expect(hub.requests.every((request) => request.authorization === 'Bearer test-key')).toBe(true);
  });

  it('drops a batch answered 400, logs its details, and goes on with the next', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk, _encoding, done) => {
        lines.push(String(chunk));
        done();
      },
    });
    harness = await startHarness({ pace: { batchSize: 5 }, logger: pino({ level: 'error' }, sink) });
    const { hub, sim } = harness;
    const details = [{ path: 'events[0].data.phone', message: 'not a phone number' }];
    hub.script({ status: 400, body: { error: { code: 'invalid_events', message: 'invalid', details } } });
    sim.start();
    await sim.drain();

    const stats = sim.stats();
    expect(stats.rejected400).toBe(1);
    expect(stats.rejectedEvents).toBe(5);
    expect(hub.requests).toHaveLength(Math.ceil(total(stats.generated) / 5));
    expect(hub.delivered()).toHaveLength(total(stats.generated) - 5);
    expect(lines.join('')).toContain('events[0].data.phone');
  });

  it('sends events twice (same ids, same content) when the duplicate knob says so', async () => {
    harness = await startHarness({ knobs: { duplicateRate: 1 } });
    const { hub, sim } = harness;
    sim.start();
    await sim.drain();

    const delivered = hub.delivered();
    const generated = total(sim.stats().generated);
    expect(delivered).toHaveLength(generated * 2);
    const byId = Map.groupBy(delivered, (event) => event.id);
    expect(byId.size).toBe(generated);
    for (const copies of byId.values()) expect(copies[1]).toEqual(copies[0]);
    expect(sim.stats().duplicates).toBe(generated);
  });

  it('holds events back behind newer ones when the reorder knob says so, delivering each once', async () => {
    harness = await startHarness({ clients: 20, pace: { batchSize: 5 }, knobs: { reorderRate: 0.3 } });
    const { hub, sim } = harness;
    sim.start();
    await sim.drain();

    const sequence = idsOf(hub.delivered()).map(sequenceOf);
    expect(new Set(sequence).size).toBe(sequence.length);
    expect(sequence).toHaveLength(total(sim.stats().generated));
    expect(sequence).not.toEqual([...sequence].sort((a, b) => a - b));
    expect(sim.stats().reordered).toBeGreaterThan(0);
  });

  it('sendEvents delivers given events with retries and reports what the hub said', async () => {
    harness = await startHarness();
    const { hub, sim } = harness;
    const event = stampEvent(sim.state, {
      type: 'client.deleted',
      at: Date.now(),
      data: { clientId: '100001' },
    });
    hub.script({ status: 500 });
    const report = await sim.sendEvents([event, event]);
    expect(report).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    expect(hub.requests).toHaveLength(2);

    hub.script({ status: 400, body: { error: { code: 'bad', message: 'no', details: [] } } });
    const refused = await sim.sendEvents([event]);
    expect(refused.rejected).toEqual([
      { status: 400, error: { code: 'bad', message: 'no', details: [] }, eventIds: [event.id] },
    ]);
  });

  it('keeps retrying while the hub is down and delivers once it is back', async () => {
    harness = await startHarness({ pace: { batchSize: 500 } });
    const { hub, sim } = harness;
    hub.script(...Array.from({ length: 6 }, () => ({ status: 502 })));
    sim.start();
    await vi.waitFor(() => expect(hub.delivered().length).toBeGreaterThan(0), waitLong);
    // Six answered failures are six retries; on a loaded machine a slow answer may time out and add one.
    expect(sim.stats().retries).toBeGreaterThanOrEqual(6);
    expect(sim.stats().queued).toBe(0);
  });
});
