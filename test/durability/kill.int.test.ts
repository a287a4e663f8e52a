/**
 * kill -9 durability (lime-protocol.md §2: "answered only after the events are durably stored"): the real
 * server runs as a child process, takes batches from two concurrent senders and is SIGKILLed at random
 * moments — some while a request is in flight — then restarted on the same data, and what was in flight is
 * sent again with the same ids. Afterwards the store must hold every acknowledged event exactly once.
 * The seed is printed; `DURABILITY_SEED=<n>` replays a run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createPrng, type Prng } from '../../sandbox/venue/index.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { createDelivery, type Delivery } from './delivery.ts';
import { adminPost, postJson } from './http-post.ts';
import {
  type Exit,
  HUB_ADMIN_TOKEN,
  type HubProcess,
  killHubProcesses,
  startHubProcess,
} from './hub-process.ts';
import { openStore, readStoredState } from './store-reader.ts';
import { type Batch, buildWorkload } from './workload.ts';

const KILLS = 10;
const CLIENTS = 300;
const SEED = Number(process.env.DURABILITY_SEED ?? Date.now() % 1_000_000);

type KillPlan =
  | { readonly kind: 'timer'; readonly delayMs: number }
  /** Kill `delayMs` after the body of this round's request number `atRequest` has been sent. */
  | { readonly kind: 'in-flight'; readonly atRequest: number; readonly delayMs: number };

type KillReport = { readonly plan: KillPlan; readonly lost: number; readonly exit: Exit };

describe.each(ENGINES)('SIGKILL of the hub process on %s', (engine) => {
  let database: TestDatabase | undefined;
  afterAll(async () => {
    await killHubProcesses();
    await database?.drop();
  });

  it('keeps every acknowledged event, applies none twice and restarts cleanly', async () => {
    console.info(`[durability] ${engine}: seed ${SEED}`);
    database = await createTestDatabase(engine);
    const target = { dataDir: database.dataDir, databaseUrl: database.url };
    const workload = buildWorkload(SEED, CLIENTS);
    const prng = createPrng(`kills:${SEED}`);
    let hub = await startHubProcess(target);
    const tenant = await createTenant(hub);
    const delivery = createDelivery(workload.batches);
    const kills: KillReport[] = [];
    const errorLines: string[] = [];
    for (let round = 0; round < KILLS; round++) {
      kills.push(await killRound(hub, tenant.apiKey, delivery, planKill(prng, round), prng));
      errorLines.push(...errorLogLines(hub.output()));
      hub = await startHubProcess(target);
    }
    await sendRest(hub, tenant.apiKey, delivery, workload.batches.length * 3);
    const replayed = await replay(hub, tenant.apiKey, workload.batches);
    errorLines.push(...errorLogLines(hub.output()));
    const lastExit = await hub.stop();

    const store = await openStore({ dataDir: target.dataDir, url: target.databaseUrl });
    const stored = await readStoredState(store, tenant.id).finally(() => store.close());
    const acks = delivery.acknowledgements;
    const acceptedOnResend = sum(acks.filter((a) => a.resent).map((a) => a.accepted));
    const committedUnanswered = sum(acks.filter((a) => a.resent).map((a) => a.duplicates));
    console.info(
      `[durability] ${engine}: ${workload.expected.eventIds.size} events in ${workload.batches.length} batches, ` +
        `${kills.length} kills (${kills.filter((k) => k.lost > 0).length} with requests in flight), ` +
        `${delivery.lostCount} requests lost, ${delivery.replays.length} replays answered during the kill rounds, ` +
        `re-sent: ${acceptedOnResend} events accepted, ` +
        `${committedUnanswered} already committed before the kill`,
    );

    expect(delivery.unexpected).toEqual([]);
    expect(errorLines).toEqual([]);
    expect(kills.map((k) => k.exit.signal)).toEqual(kills.map(() => 'SIGKILL'));
    expect(kills.some((k) => k.lost > 0)).toBe(true);
    expect(lastExit).toEqual({ code: 0, signal: null });

    // Every batch was answered 200 once; a first answer accepts all, a re-send's splits the batch between
    // accepted now and committed before the kill (its answer lost) — never more than the batch.
    const size = (batch: number) => workload.batches[batch]?.ids.length;
    expect(acks.map((a) => a.batch).sort((a, b) => a - b)).toEqual(workload.batches.map((b) => b.index));
    expect(acks.filter((a) => !a.resent && (a.accepted !== size(a.batch) || a.duplicates !== 0))).toEqual([]);
    expect(acks.filter((a) => a.resent && a.accepted + a.duplicates !== size(a.batch))).toEqual([]);
    const ids = new Set(stored.eventIds);
    expect(stored.eventIds.length).toBe(ids.size);
    expect(ids).toEqual(workload.expected.eventIds);
    expect(ids.size).toBe(sum(acks.map((a) => a.accepted)) + committedUnanswered);
    expect(stored.appliedTwice).toEqual([]);
    expect(stored.appliedOnce).toBe(ids.size);
    expect(replayed.filter((r) => r.accepted !== 0 || r.duplicates !== r.size)).toEqual([]);
    const notDuplicates = delivery.replays.filter((r) => {
      const counts = r.body as { accepted?: unknown; duplicates?: unknown } | null;
      return r.status !== 200 || counts?.accepted !== 0 || counts?.duplicates !== r.size;
    });
    expect(notDuplicates).toEqual([]);
    expect(stored.transactions).toEqual({
      total: workload.expected.transactionIds.size,
      distinct: workload.expected.transactionIds.size,
    });
    const clients = new Map(stored.clients.map((c) => [c.clientId, { lastName: c.lastName, at: c.stateAt }]));
    expect(clients).toEqual(workload.expected.newestClient);
  }, 180_000);
});

function planKill(prng: Prng, round: number): KillPlan {
  if (round % 2 === 0) return { kind: 'timer', delayMs: prng.int(30, 1_200) };
  // Every other in-flight kill comes right after the body left: the answer cannot have been given yet.
  const delayMs = round % 4 === 1 ? 0 : prng.int(1, 60);
  return { kind: 'in-flight', atRequest: prng.int(0, 4), delayMs };
}

async function killRound(hub: HubProcess, apiKey: string, delivery: Delivery, plan: KillPlan, prng: Prng) {
  let killed = false;
  let requests = 0;
  let lost = 0;
  const kill = () => {
    if (killed) return;
    killed = true;
    hub.kill('SIGKILL');
  };
  const timer = plan.kind === 'timer' ? setTimeout(kill, plan.delayMs) : undefined;
  const sender = async () => {
    while (!killed) {
      const fresh = delivery.take();
      // Once everything new went out, acknowledged batches go again, so every kill meets traffic.
      const batch = fresh ?? delivery.replayCandidate((count) => prng.int(0, count - 1));
      if (!batch) {
        await sleep(10);
        continue;
      }
      const armed = plan.kind === 'in-flight' && requests === plan.atRequest;
      requests += 1;
      const onSent = armed ? () => setTimeout(kill, plan.delayMs) : undefined;
      try {
        const answer = await postJson(`${hub.url}/v1/events`, apiKey, batch.body, onSent);
        if (fresh) delivery.answered(fresh, answer);
        else delivery.replayed(batch, answer);
      } catch {
        if (fresh) delivery.lost(fresh);
        lost += 1;
      }
    }
  };
  await Promise.all([sender(), sender()]);
  clearTimeout(timer);
  return { plan, lost, exit: await hub.exited };
}

/** No more kills: everything not yet acknowledged goes out (bounded by `maxRequests`). */
async function sendRest(hub: HubProcess, apiKey: string, delivery: Delivery, maxRequests: number) {
  let requests = 0;
  const errors: string[] = [];
  const sender = async () => {
    for (let batch = delivery.take(); batch && requests < maxRequests; batch = delivery.take()) {
      requests += 1;
      try {
        delivery.answered(batch, await postJson(`${hub.url}/v1/events`, apiKey, batch.body));
      } catch (error) {
        errors.push(String(error));
        delivery.lost(batch);
      }
    }
  };
  await Promise.all([sender(), sender()]);
  const detail = [...errors.slice(0, 3), ...delivery.unexpected.slice(0, 3).map((u) => JSON.stringify(u))];
  expect(delivery.done(), `${detail.join('\n')}\nhub output:\n${hub.output()}`).toBe(true);
}

async function replay(hub: HubProcess, apiKey: string, batches: readonly Batch[]) {
  const answers: { batch: number; size: number; accepted: unknown; duplicates: unknown }[] = [];
  for (const batch of batches) {
    const answer = await postJson(`${hub.url}/v1/events`, apiKey, batch.body);
    const body = answer.body as { accepted?: unknown; duplicates?: unknown };
    answers.push({
      batch: batch.index,
      size: batch.ids.length,
      accepted: body.accepted,
      duplicates: body.duplicates,
    });
  }
  return answers;
}

async function createTenant(hub: HubProcess): Promise<{ id: string; apiKey: string }> {
  const created = await adminPost(hub.url, HUB_ADMIN_TOKEN, '/admin/v1/tenants', { name: 'Каток «Лёд»' });
  if (created.status !== 201) throw new Error(`tenant not created: ${JSON.stringify(created)}`);
  return created.body as { id: string; apiKey: string };
}

/** pino lines at level error (50) or fatal (60). */
function errorLogLines(output: string): string[] {
  return output.split('\n').filter((line) => /"level":(50|60)\b/.test(line));
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
