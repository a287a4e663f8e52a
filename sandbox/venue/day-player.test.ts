import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from './clock.ts';
import { total } from './stats.ts';
import { type Harness, startHarness } from './test-support/harness.ts';
import { protocolProblems } from './test-support/lime-protocol.ts';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const generated = (h: Harness): number => total(h.sim.stats().generated);

describe('playing a day', () => {
  it('emits events at the set pace, and the pace knob changes the rate (on a controlled clock)', async () => {
    const clock = createManualClock();
    harness = await startHarness({
      clock,
      clients: 30,
      bootstrap: false,
      pace: { eventsPerSecond: 5, batchSize: 50 },
    });
    const { sim, hub } = harness;
    sim.start();

    clock.advance(20_000);
    const slow = generated(harness);
    sim.setPace({ eventsPerSecond: 20 });
    clock.advance(20_000);
    const fast = generated(harness) - slow;
    sim.stop();
    clock.advance(20_000);

    // A happening may emit two events at once, so the budget can overshoot by one per tick.
    expect(slow).toBeGreaterThanOrEqual(100);
    expect(slow).toBeLessThanOrEqual(110);
    expect(fast).toBeGreaterThanOrEqual(400);
    expect(fast).toBeLessThanOrEqual(420);
    expect(generated(harness)).toBe(slow + fast);

    await sim.drain();
    const delivered = hub.delivered();
    expect(delivered).toHaveLength(slow + fast);
    expect(protocolProblems(delivered)).toEqual([]);
    expect(hub.requests.every((request) => request.events.length <= 50)).toBe(true);
  });

  it('plays the whole mix of a day: registrations, children, purchases, passes, edits', async () => {
    const clock = createManualClock();
    harness = await startHarness({
      clock,
      clients: 50,
      bootstrap: false,
      pace: { eventsPerSecond: 50, batchSize: 200 },
    });
    const { sim, hub } = harness;
    sim.start();
    clock.advance(60_000);
    sim.stop();
    await sim.drain();

    const delivered = hub.delivered();
    expect(protocolProblems(delivered)).toEqual([]);
    const types = new Set(delivered.map((e) => e.type));
    for (const type of ['client.upserted', 'family.linked', 'transaction.recorded', 'product.upserted']) {
      expect(types).toContain(type);
    }
    const kinds = new Set(delivered.filter((e) => e.type === 'transaction.recorded').map((e) => e.data.kind));
    expect(kinds).toEqual(new Set(['purchase', 'deposit_topup', 'pass', 'refund']));
    const channels = new Set(
      delivered.filter((e) => e.type === 'client.upserted').map((e) => e.data.registrationChannel),
    );
    for (const channel of ['cashdesk', 'mobile_app', 'website']) expect(channels).toContain(channel);
  });

  it('stamps events from the venue clock, which runs `speed` times faster', async () => {
    const clock = createManualClock(Date.parse('2026-11-29T10:00:00+03:00'));
    harness = await startHarness({ clock, bootstrap: false, pace: { eventsPerSecond: 10, speed: 60 } });
    const { sim, hub } = harness;
    sim.start();
    clock.advance(60_000);
    sim.stop();
    await sim.drain();

    const times = hub.delivered().map((e) => Date.parse(e.occurredAt));
    const start = Date.parse('2026-11-29T10:00:00+03:00');
    expect(Math.min(...times)).toBeGreaterThanOrEqual(start);
    // One minute of the scheduler clock is an hour at the venue.
    expect(Math.max(...times) - start).toBeGreaterThan(55 * 60_000);
    expect(Math.max(...times) - start).toBeLessThanOrEqual(61 * 60_000 + 60_000);
    expect(hub.delivered()[0]?.occurredAt).toMatch(/^2026-11-29T10:0\d:\d\d\+03:00$/);
  });
});
