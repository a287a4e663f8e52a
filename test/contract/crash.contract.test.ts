/**
 * SIGKILL mid-batch, for both CRMs: the hub runs as a child process against a sandbox in this process
 * (slow answers, so batches are in flight; lost answers, so writes succeed unseen), and is killed while
 * it writes contact batches, then started again on the same database. Neither CRM accepts idempotency
 * keys, so afterwards every adult must still have exactly one contact and every transaction one note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { clientUpserted, familyLinked, transactionRecorded } from '../support/events.ts';
import { admin, createTenant, eventually, postEvents } from '../support/hub.ts';
import { amoUnderTest } from './support/amocrm.ts';
import { bitrixUnderTest } from './support/bitrix24.ts';
import type { CrmUnderTest } from './support/crm-under-test.ts';
import { type ChildHub, freePort, startChildHub } from './support/hub-child.ts';
import { sleep } from './support/probe.ts';
import { openStage, type Stage } from './support/stage.ts';

const LATENCY_MS = 300;
const KILLS = 3;
const ADULTS_PER_WAVE = 60;

const CRMS: [string, () => CrmUnderTest, Record<string, unknown>][] = [
  ['amocrm', amoUnderTest, { latencyMs: LATENCY_MS, lostResponseRate: 0.05 }],
  ['bitrix24', bitrixUnderTest, { latencyMs: LATENCY_MS, failureRate: 0.05, failurePhase: 'after' }],
];

/** Each CRM's knobs for: every write applied but its answer lost; every call refused; all well again. */
const FAILURES: [string, () => CrmUnderTest, Record<'lost' | 'refused' | 'calm', Record<string, unknown>>][] =
  [
    [
      'amocrm',
      amoUnderTest,
      {
        lost: { lostResponseRate: 1 },
        refused: { failureRate: 1 },
        calm: { lostResponseRate: 0, failureRate: 0 },
      },
    ],
    [
      'bitrix24',
      bitrixUnderTest,
      {
        lost: { failureRate: 1, failurePhase: 'after' },
        refused: { failureRate: 1, failurePhase: 'before' },
        calm: { failureRate: 0, failurePhase: 'before' },
      },
    ],
  ];

type Wave = { events: unknown[]; adults: string[]; amounts: string[] };

/** Adults (every fourth with a child), two purchases each and one for each child, every amount unique. */
function wave(index: number): Wave {
  const events: unknown[] = [];
  const adults: string[] = [];
  const amounts: string[] = [];
  const purchase = (clientId: string) => {
    const amount = `${10_000 + amounts.length + index * 1_000}.00`;
    amounts.push(amount);
    events.push(transactionRecorded(clientId, { kind: 'purchase', amount }));
  };
  for (let i = 0; i < ADULTS_PER_WAVE; i++) {
    const clientId = `c-${index}-${i}`;
    const phone = `+7926${String(index * 1_000 + i).padStart(7, '0')}`;
    adults.push(clientId);
    events.push(clientUpserted({ clientId, firstName: 'Ким', lastName: `Крашев-${index}-${i}`, phone }));
    purchase(clientId);
    purchase(clientId);
    if (i % 4 !== 0) continue;
    const childId = `k-${index}-${i}`;
    events.push(clientUpserted({ clientId: childId, firstName: 'Дина', category: 'child', phone: null }));
    events.push(familyLinked(clientId, childId));
    purchase(childId);
  }
  return { events, adults, amounts };
}

async function connect(hub: ChildHub, crm: CrmUnderTest, tenantId: string) {
  const created = await admin<{ id: string; webhookUrl: string }>(
    hub,
    'POST',
    `/admin/v1/tenants/${tenantId}/connections`,
    { ...crm.connectionBody(), options: { flushDelayMs: 0, pollIntervalSeconds: 3600 } },
  );
  if (created.status !== 201) throw new Error(`connect: ${created.status} ${JSON.stringify(created.body)}`);
  await crm.afterConnect(hub, created.body);
  const setup = await admin(hub, 'POST', `/admin/v1/connections/${created.body.id}/setup`);
  if (setup.status !== 200) throw new Error(`setup: ${setup.status} ${JSON.stringify(setup.body)}`);
  return created.body;
}

/** Nothing owed to the CRM, twice in a row with the sandbox settled in between. */
async function converged(hub: ChildHub, crm: CrmUnderTest, connectionId: string) {
  const owed = async () => {
    await crm.settle();
    const view = await admin<{ backlog: Record<string, number> }>(
      hub,
      'GET',
      `/admin/v1/connections/${connectionId}`,
    );
    return Object.values(view.body.backlog).reduce((sum, n) => sum + n, 0);
  };
  await eventually(
    async () => {
      if ((await owed()) > 0) return false;
      await sleep(1_000);
      return (await owed()) === 0;
    },
    180_000,
    500,
  );
}

// Most of a run is waiting for the killed hub's job to be given up (a heartbeat, about a minute), so the
// two CRMs run side by side.
describe.concurrent.each(CRMS)(
  '%s: SIGKILL while contacts are being written',
  { timeout: 420_000 },
  (_name, make, knobs) => {
    const crm = make();
    let database: TestDatabase | undefined;
    let hub: ChildHub | undefined;
    afterAll(async () => {
      await hub?.kill();
      await crm.stop();
      await database?.drop();
    });

    it('leaves exactly one contact per adult and one note per transaction', async ({ expect }) => {
      await crm.start();
      database = await createTestDatabase('postgres');
      const target = { port: await freePort(), dataDir: database.dataDir, databaseUrl: database.url };
      hub = await startChildHub(target);
      const tenant = await createTenant(hub);
      const connection = await connect(hub, crm, tenant.id);
      crm.configure(knobs);
      const waves = Array.from({ length: KILLS + 1 }, (_, i) => wave(i));
      const t0 = Date.now();
      const marks: string[] = [];
      const mark = (what: string) => marks.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      for (const [index, { events }] of waves.entries()) {
        const before = crm.contactWrites();
        const answer = await postEvents(hub, tenant.apiKey, events);
        expect(answer.status).toBe(200);
        if (index === KILLS) break;
        await eventually(async () => crm.contactWrites() > before, 150_000, 10);
        mark(`writing ${index}`);
        await sleep(Math.floor(Math.random() * LATENCY_MS));
        await hub.kill();
        hub = await startChildHub(target);
        mark(`restarted ${index}`);
      }
      await converged(hub, crm, connection.id);
      mark('converged');
      console.info(`[crash] ${crm.kind}: ${marks.join(', ')}`);

      const adults = waves.flatMap((w) => w.adults);
      const contacts = crm.contacts();
      const perAdult = new Map(adults.map((id) => [id, contacts.filter((c) => c.limeId === id).length]));
      expect([...perAdult].filter(([, n]) => n !== 1)).toEqual([]);
      expect(contacts).toHaveLength(adults.length);
      const notes = contacts.flatMap((c) => crm.notesOf(c.remoteId));
      const perAmount = waves
        .flatMap((w) => w.amounts)
        .map(
          (amount) => [amount, notes.filter((text) => text.includes(` · ${amount} RUB · `)).length] as const,
        );
      expect(perAmount.filter(([, n]) => n !== 1)).toEqual([]);
      expect(notes).toHaveLength(perAmount.length);
      await hub.stop();
      hub = undefined;
    });
  },
);

describe.each(FAILURES)('%s: a note whose write failed', { timeout: 240_000 }, (_name, make, knobs) => {
  let stage: Stage;
  let contact = '';
  beforeAll(async () => {
    stage = await openStage(make());
    await stage.send([clientUpserted({ clientId: 'c-note', firstName: 'Нина', phone: '+79261230000' })]);
    await stage.quiet();
    contact = stage.crm.contacts().find((c) => c.limeId === 'c-note')?.remoteId ?? '';
  });
  afterAll(async () => {
    await stage?.stop();
  });

  /** Sends `events` while the CRM fails as `mode` says, until the note flow has seen it fail once. */
  const sendFailing = async (mode: 'lost' | 'refused', events: unknown[]) => {
    const since = new Date().toISOString();
    stage.crm.configure(knobs[mode]);
    await stage.send(events);
    await eventually(async () => {
      const error = (await stage.connectionView()).lastError as { flow?: string; at?: string } | null;
      return error?.flow === 'note' && (error.at ?? '') >= since;
    });
    stage.crm.configure(knobs.calm);
    await stage.quiet();
  };
  const notesWith = (amount: string) =>
    stage.crm.notesOf(contact).filter((text) => text.includes(` · ${amount} RUB · `));

  it('is written once when its answer was lost', async () => {
    await sendFailing('lost', [transactionRecorded('c-note', { kind: 'purchase', amount: '1234.00' })]);
    expect(notesWith('1234.00')).toHaveLength(1);
  });

  it('is written although an equal note of another transaction is there', async () => {
    const at = '2026-11-29T16:00:00+03:00';
    await stage.send([transactionRecorded('c-note', { kind: 'purchase', amount: '700.00' }, at)]);
    await stage.quiet();
    await sendFailing('refused', [transactionRecorded('c-note', { kind: 'purchase', amount: '700.00' }, at)]);
    expect(notesWith('700.00')).toHaveLength(2);
  });
});
