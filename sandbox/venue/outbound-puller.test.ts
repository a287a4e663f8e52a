import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Harness, startHarness } from './test-support/harness.ts';
import { hubEvent } from './test-support/recording-hub.ts';

const waitLong = { timeout: 20_000, interval: 20 };
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const origin = { system: 'amocrm', connectionId: 'conn-1', remoteId: '5' };

describe('pull mode', () => {
  it('follows the cursor page by page, applies what it pulls, and keeps polling from the last cursor', async () => {
    harness = await startHarness({
      mode: 'pull',
      bootstrap: false,
      knobs: { pullLimit: 2, pullIntervalMs: 30 },
    });
    const { hub, sim } = harness;
    const adults = [...sim.state.clients.values()].filter((c) => c.category === 'adult').slice(0, 3);
    hub.outbound.push(
      ...adults.map((c, i) =>
        hubEvent('client.changed', { clientId: c.clientId, changes: { lastName: `Тянутая${i}` }, origin }),
      ),
      hubEvent('preorder.cancelled', { preorderId: 'po-x', origin, reason: 'нет' }),
      hubEvent('something.new', {}),
    );

    await vi.waitFor(() => expect(hub.pulls.length).toBeGreaterThanOrEqual(5), waitLong);
    expect(hub.pulls.slice(0, 5)).toEqual([null, 'c-2', 'c-4', 'c-5', 'c-5']);
    expect(adults.map((c) => sim.state.clients.get(c.clientId)?.lastName)).toEqual([
      'Тянутая0',
      'Тянутая1',
      'Тянутая2',
    ]);
    expect(sim.state.pullCursor).toBe('c-5');
    expect(sim.stats()).toMatchObject({ pulledEvents: 5, clientChangesApplied: 3, preordersCancelled: 1 });

    hub.outbound.push(
      hubEvent('client.changed', {
        clientId: adults[0]?.clientId,
        changes: { lastName: 'Последняя' },
        origin,
      }),
    );
    await vi.waitFor(
      () => expect(sim.state.clients.get(adults[0]?.clientId ?? '')?.lastName).toBe('Последняя'),
      waitLong,
    );
    await vi.waitFor(() => expect(hub.pulls.at(-1)).toBe('c-6'), waitLong);
  });

  it('skips an invalid pulled event instead of stalling on it', async () => {
    harness = await startHarness({
      mode: 'pull',
      bootstrap: false,
      knobs: { pullLimit: 10, pullIntervalMs: 30 },
    });
    const { hub, sim } = harness;
    const adult = [...sim.state.clients.values()].find((c) => c.category === 'adult');
    hub.outbound.push(
      hubEvent('client.changed', { changes: {} }),
      hubEvent('client.changed', { clientId: adult?.clientId, changes: { lastName: 'После' }, origin }),
    );
    await vi.waitFor(() => expect(sim.state.pullCursor).toBe('c-2'), waitLong);
    expect(sim.state.clients.get(adult?.clientId ?? '')?.lastName).toBe('После');
    expect(sim.stats().invalidPushes).toBe(1);
  });
});
