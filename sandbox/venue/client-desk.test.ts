import { afterEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from './clock.ts';
import { type Harness, SECRET, startHarness } from './test-support/harness.ts';
import { protocolProblems } from './test-support/lime-protocol.ts';
import { hubEvent, push } from './test-support/recording-hub.ts';

const waitLong = { timeout: 20_000, interval: 20 };
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const origin = { system: 'bitrix24', connectionId: 'conn-7', remoteId: '1001' };
const changed = (clientId: string, changes: Record<string, string | null>) =>
  hubEvent('client.changed', { clientId, changes, origin });

function adultWithEmail(h: Harness) {
  const client = [...h.sim.state.clients.values()].find((c) => c.category === 'adult' && c.email);
  if (!client) throw new Error('no adult with an e-mail in the generated venue');
  return client;
}

const upsertsOf = (h: Harness, clientId: string) =>
  h.hub.delivered().filter((e) => e.type === 'client.upserted' && e.data.clientId === clientId);

describe('client.changed', () => {
  it('applies the changed fields (null clears) and re-emits client.upserted with the whole state', async () => {
    harness = await startHarness({ clients: 20 });
    const { sim } = harness;
    const client = adultWithEmail(harness);
    const answer = await push(sim.webhookUrl, SECRET, [
      changed(client.clientId, {
        phone: '+79991234567',
        email: null,
        lastName: 'Новикова',
        middleName: 'Петровна',
      }),
    ]);
    expect(answer.status).toBe(200);

    const stored = sim.state.clients.get(client.clientId);
    expect(stored).toMatchObject({ phone: '+79991234567', lastName: 'Новикова', middleName: 'Петровна' });
    expect(stored?.email).toBeUndefined();

    await vi.waitFor(() => expect(upsertsOf(harness as Harness, client.clientId)).toHaveLength(1), waitLong);
    const [echo] = upsertsOf(harness, client.clientId);
    expect(protocolProblems([echo])).toEqual([]);
    expect(echo?.data).toMatchObject({
      clientId: client.clientId,
      firstName: client.firstName,
      phone: '+79991234567',
      lastName: 'Новикова',
      category: 'adult',
    });
    expect(echo?.data).not.toHaveProperty('email');
    expect(sim.stats()).toMatchObject({ clientChangesApplied: 1, clientEchoes: 1 });
  });

  it('keeps the first name when asked to clear it, and does not echo when nothing changed', async () => {
    harness = await startHarness();
    const { sim } = harness;
    const client = adultWithEmail(harness);
    await push(sim.webhookUrl, SECRET, [
      changed(client.clientId, { firstName: null, email: client.email ?? null }),
    ]);
    expect(sim.state.clients.get(client.clientId)?.firstName).toBe(client.firstName);
    expect(sim.stats().clientChangesApplied).toBe(0);
    await sim.drain();
    expect(upsertsOf(harness, client.clientId)).toHaveLength(0);
  });

  it('sends one client.upserted for changes that arrive while the echo is pending', async () => {
    const clock = createManualClock();
    harness = await startHarness({ clock, knobs: { echoDelayMs: 1_000 } });
    const { sim } = harness;
    const client = adultWithEmail(harness);
    await push(sim.webhookUrl, SECRET, [changed(client.clientId, { lastName: 'Первая' })]);
    clock.advance(500);
    await push(sim.webhookUrl, SECRET, [changed(client.clientId, { email: 'new@example.ru' })]);
    clock.advance(500);
    expect(sim.stats().clientEchoes).toBe(1);
    clock.advance(5_000);
    await sim.drain();
    const echoes = upsertsOf(harness, client.clientId);
    expect(echoes).toHaveLength(1);
    expect(echoes[0]?.data).toMatchObject({ lastName: 'Первая', email: 'new@example.ru' });
  });

  it('ignores values Lime would refuse (a malformed date, phone or e-mail) and applies the rest', async () => {
    harness = await startHarness();
    const { sim } = harness;
    const client = adultWithEmail(harness);
    const before = { ...client };
    await push(sim.webhookUrl, SECRET, [
      changed(client.clientId, {
        birthDate: '31.02.1990',
        phone: '12-34',
        email: 'nobody',
        middleName: 'Олеговна',
      }),
    ]);
    expect(sim.state.clients.get(client.clientId)).toMatchObject({
      birthDate: before.birthDate,
      phone: before.phone,
      email: before.email,
      middleName: 'Олеговна',
    });
  });

  it('counts changes for clients Lime does not have and emits nothing', async () => {
    harness = await startHarness();
    const { sim } = harness;
    await push(sim.webhookUrl, SECRET, [changed('no-such-client', { lastName: 'Призрак' })]);
    expect(sim.stats()).toMatchObject({ clientChangesUnknown: 1, clientChangesApplied: 0 });
  });
});
