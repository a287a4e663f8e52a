import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from './clock.ts';
import { CANCEL_REASONS, REJECT_REASONS } from './preorder-desk.ts';
import type { VenueKnobs } from './simulator.ts';
import { type Harness, SECRET, startHarness } from './test-support/harness.ts';
import { protocolProblems } from './test-support/lime-protocol.ts';
import { hubEvent, push, type RecordedEvent } from './test-support/recording-hub.ts';

let harness: Harness | undefined;
let clock: ManualClock;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const DELAY = 1_000;
const calm: Partial<VenueKnobs> = {
  preorderDelayMs: DELAY,
  preorderRejectRate: 0,
  preorderCancelRate: 0,
  preorderRepriceRate: 0,
};

async function start(knobs: Partial<VenueKnobs> = {}): Promise<Harness> {
  clock = createManualClock(Date.parse('2026-11-29T12:00:00+03:00'));
  harness = await startHarness({ clock, knobs: { ...calm, ...knobs } });
  return harness;
}

const money = (kopecks: number): string => (kopecks / 100).toFixed(2);
const origin = { system: 'amocrm', connectionId: 'conn-1', remoteId: 'lead-77' };

function preorder(h: Harness, overrides: Record<string, unknown> = {}, priceDelta = 0) {
  const tickets = [...h.sim.state.products.values()]
    .filter((p) => p.active && p.kind === 'ticket')
    .slice(0, 2);
  const lines = tickets.map((p, i) => ({
    productId: p.productId,
    name: p.name,
    quantity: i + 1,
    price: money(p.price + priceDelta),
    amount: money((p.price + priceDelta) * (i + 1)),
  }));
  const total = tickets.reduce((sum, p, i) => sum + (p.price + priceDelta) * (i + 1), 0);
  return {
    preorderId: 'po-1',
    origin,
    client: {
      clientId: null,
      firstName: 'Ирина',
      lastName: 'Соколова',
      phone: '+7 916 123-45-67',
      email: null,
    },
    lines,
    total: money(total),
    currency: 'RUB',
    comment: 'День рождения',
    visitDate: '2026-12-05',
    ...overrides,
  };
}

/** Lets the desk answer: moves the clock past each delay, then waits for delivery. */
async function answers(h: Harness, steps = 2): Promise<RecordedEvent[]> {
  for (let i = 0; i < steps; i++) clock.advance(DELAY);
  await h.sim.drain();
  const delivered = h.hub.delivered();
  expect(protocolProblems(delivered)).toEqual([]);
  return delivered.filter((event) => event.type === 'preorder.status_changed');
}

describe('the pre-order desk', () => {
  it('accepts with a Lime order number, then marks the order paid or completed', async () => {
    const h = await start();
    expect((await push(h.sim.webhookUrl, SECRET, [hubEvent('preorder.created', preorder(h))])).status).toBe(
      200,
    );
    const statuses = await answers(h);

    expect(statuses.map((event) => event.data.status)).toEqual([
      'accepted',
      expect.stringMatching(/^(paid|completed)$/),
    ]);
    const [accepted, final] = statuses;
    expect(accepted?.data).toMatchObject({ preorderId: 'po-1', limeOrderNumber: expect.any(String) });
    expect(accepted?.data).not.toHaveProperty('lines');
    expect(final?.data.limeOrderNumber).toBe(accepted?.data.limeOrderNumber);
    if (final?.data.status === 'paid') expect(final.data.prepaidAmount).toBe(preorder(h).total);
    expect(h.sim.state.preorders.get('po-1')?.status).toBe(final?.data.status);
  });

  it('files an order without a Lime client under a new client it announces first', async () => {
    const h = await start();
    await push(h.sim.webhookUrl, SECRET, [hubEvent('preorder.created', preorder(h))]);
    await answers(h, 1);
    const delivered = h.hub.delivered();
    const created = delivered.find(
      (e) => e.type === 'client.upserted' && e.data.phone === '+7 916 123-45-67',
    );
    expect(created?.data).toMatchObject({
      firstName: 'Ирина',
      lastName: 'Соколова',
      registrationChannel: 'other',
    });
    expect(delivered.indexOf(created as RecordedEvent)).toBeLessThan(
      delivered.findIndex((e) => e.type === 'preorder.status_changed'),
    );
    expect(h.sim.state.preorders.get('po-1')?.limeClientId).toBe(created?.data.clientId);
  });

  it('re-prices an order whose prices differ from Lime’s: lines and total carry Lime’s prices', async () => {
    const h = await start();
    const cheap = preorder(h, {}, -10_000);
    await push(h.sim.webhookUrl, SECRET, [hubEvent('preorder.created', cheap)]);
    const [accepted] = await answers(h, 1);
    const lime = preorder(h);

    expect(accepted?.data.status).toBe('accepted');
    expect(accepted?.data.total).toBe(lime.total);
    expect(accepted?.data.lines).toEqual(lime.lines);
    expect(h.sim.stats().preordersRepriced).toBe(1);
  });

  it('re-prices with a promo discount when the knob says so', async () => {
    const h = await start({ preorderRepriceRate: 1 });
    await push(h.sim.webhookUrl, SECRET, [hubEvent('preorder.created', preorder(h))]);
    const [accepted] = await answers(h, 1);
    expect(Number(accepted?.data.total)).toBeLessThan(Number(preorder(h).total));
  });

  it('rejects an order with a product Lime does not sell, naming it', async () => {
    const h = await start();
    const order = preorder(h);
    order.lines[0] = {
      productId: 'no-such',
      name: 'Полёт на луну',
      quantity: 1,
      price: '10.00',
      amount: '10.00',
    };
    await push(h.sim.webhookUrl, SECRET, [hubEvent('preorder.created', order)]);
    const statuses = await answers(h);
    expect(statuses.map((e) => e.data)).toEqual([
      { preorderId: 'po-1', status: 'rejected', reason: 'Товар «Полёт на луну» не продаётся в Лайме' },
    ]);
  });

  it('rejects orders for a past date, and some orders at random with a Russian reason', async () => {
    const h = await start({ preorderRejectRate: 1 });
    await push(h.sim.webhookUrl, SECRET, [
      hubEvent('preorder.created', preorder(h, { preorderId: 'po-past', visitDate: '2026-11-01' })),
      hubEvent('preorder.created', preorder(h, { preorderId: 'po-random' })),
    ]);
    const reasons = Object.fromEntries((await answers(h)).map((e) => [e.data.preorderId, e.data.reason]));
    expect(reasons['po-past']).toBe('Дата посещения уже прошла');
    expect(REJECT_REASONS).toContain(reasons['po-random']);
  });

  it('cancels some accepted orders with a reason when the knob says so', async () => {
    const h = await start({ preorderCancelRate: 1 });
    await push(h.sim.webhookUrl, SECRET, [hubEvent('preorder.created', preorder(h))]);
    const statuses = await answers(h);
    expect(statuses.map((e) => e.data.status)).toEqual(['accepted', 'cancelled']);
    expect(CANCEL_REASONS).toContain(statuses[1]?.data.reason);
  });

  it('stops answering an order the hub cancelled', async () => {
    const h = await start();
    await push(h.sim.webhookUrl, SECRET, [
      hubEvent('preorder.created', preorder(h)),
      hubEvent('preorder.cancelled', { preorderId: 'po-1', origin, reason: 'Клиент передумал' }),
    ]);
    expect(await answers(h)).toEqual([]);
    expect(h.sim.state.preorders.get('po-1')).toMatchObject({
      status: 'cancelled',
      reason: 'Клиент передумал',
    });
  });

  it('decides an updated order afresh under the same Lime order number', async () => {
    const h = await start();
    await push(h.sim.webhookUrl, SECRET, [hubEvent('preorder.created', preorder(h))]);
    await answers(h, 1);
    const updated = preorder(h, { comment: 'Плюс один гость' });
    await push(h.sim.webhookUrl, SECRET, [hubEvent('preorder.updated', updated)]);
    const statuses = await answers(h, 1);
    expect(statuses.map((e) => e.data.status)).toEqual(['accepted', 'accepted']);
    expect(statuses[1]?.data.limeOrderNumber).toBe(statuses[0]?.data.limeOrderNumber);
    expect(h.sim.state.preorders.get('po-1')).toMatchObject({ revisions: 2, comment: 'Плюс один гость' });
  });
});
