/**
 * Transport robustness, end to end for both CRMs: Lime events in through `/v1/events`; the CRM sandbox's
 * state, its counters and what Lime pulls from `/v1/outbound` out. Rate limits, throttling storms, 5xx,
 * hangs and lost answers, expiring and revoked OAuth tokens, multi-item webhooks, and one venue with
 * both CRMs at once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { admin, eventually } from '../support/hub.ts';
import { amoUnderTest } from './support/amocrm.ts';
import { bitrixUnderTest } from './support/bitrix24.ts';
import { type Burst, convergence, makeBurst, restated, sendAll, trickle } from './support/burst.ts';
import type { CrmUnderTest } from './support/crm-under-test.ts';
import { openStage, type Stage } from './support/stage.ts';
import {
  delta,
  storedCredentials,
  type TransportKit,
  type TransportStats,
  transportOf,
  withOAuth,
} from './support/transport.ts';
import { openVenue, type PulledEvent, type Venue } from './support/venue.ts';

const CRMS: [string, () => CrmUnderTest][] = [
  ['amocrm', amoUnderTest],
  ['bitrix24', bitrixUnderTest],
];

type LastError = { kind: string; detail: string; flow?: string; at: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function report(kind: string, what: string, stats: TransportStats, clients: number) {
  const perClient = (stats.requests / clients).toFixed(2);
  console.log(
    `[robustness ${kind}] ${what}: ${stats.requests} requests for ${clients} clients (${perClient} per client); ` +
      `throttled ${stats.throttled}, blocked ${stats.blocked}, peak ${stats.peak}, injected ${stats.injected}; ` +
      `writes: contacts ${stats.contactWrites}, notes ${stats.noteWrites}, products ${stats.productWrites}`,
  );
}

/** Waits for the burst to show in the CRM; answers what is still wrong if it never does. */
async function converged(crm: CrmUnderTest, burst: Burst, notes: 'exactly' | 'at_least') {
  try {
    return await eventually(async () => {
      const state = convergence(crm, burst, notes);
      return state.problems.length === 0 ? state : undefined;
    }, 20_000);
  } catch {
    return convergence(crm, burst, notes);
  }
}

/** `stage.quiet()`, or — if it times out — an error that says what was still owed and what failed last. */
async function settled(stage: Stage, timeoutMs: number): Promise<void> {
  try {
    await stage.quiet(timeoutMs);
  } catch (error) {
    const view = await stage.connectionView();
    throw new Error(
      `${String(error)}; still owed ${JSON.stringify(view.backlog)}, last error ${JSON.stringify(view.lastError)}`,
    );
  }
}

/** Sending, then settling, while sampling the connection's `lastError`; answers every distinct one seen. */
async function settledWatchingErrors(
  stage: Stage,
  timeoutMs: number,
  sent: Promise<void>,
): Promise<LastError[]> {
  const seen = new Map<string, LastError>();
  const note = (error: LastError | null) => {
    if (error) seen.set(`${error.at} ${error.kind} ${error.detail}`, error);
  };
  let done = false;
  const quiet = sent
    .then(() => settled(stage, timeoutMs))
    .finally(() => {
      done = true;
    });
  while (!done) {
    note((await stage.connectionView()).lastError as LastError | null);
    await Promise.race([quiet.catch(() => undefined), sleep(400)]);
  }
  await quiet;
  note((await stage.connectionView()).lastError as LastError | null);
  return [...seen.values()];
}

async function deadLetters(hub: { url: string }, connectionId: string) {
  const answer = await admin<{ deadLetters: { flow: string; entityId: string; error: unknown }[] }>(
    hub,
    'GET',
    `/admin/v1/dead-letters?connectionId=${connectionId}`,
  );
  return answer.body.deadLetters;
}

// A realistic (not a faulty) CRM answers within this; a slow answer under load is not a fault here.
const PATIENT_TIMEOUT_MS = 10_000;
// Hangs must cost little: the hub gives up on a call after this long.
const SHORT_TIMEOUT_MS = 2_000;

describe.each(CRMS)(
  '%s: rate limits, a throttling storm, multi-item webhooks',
  { timeout: 240_000 },
  (_name, make) => {
    let stage: Stage;
    let kit: TransportKit;
    let first: Burst;
    beforeAll(async () => {
      const crm = make();
      stage = await openStage(crm, { crmTimeoutMs: PATIENT_TIMEOUT_MS });
      kit = transportOf(crm);
    });
    afterEach(() => {
      stage.crm.configure(kit.calm);
    });
    afterAll(async () => {
      await stage?.stop();
    });

    it('stays inside the CRM’s default limits through a realistic burst, and converges', async () => {
      first = makeBurst({
        tag: 'r',
        adults: 300,
        transactionsPerAdult: 5,
        products: 20,
        phonePrefix: '+7912',
      });
      const before = await kit.stats();
      await sendAll((events) => stage.send(events), first.events);
      await settled(stage, 150_000);
      const state = await converged(stage.crm, first, 'exactly');
      const used = delta(before, await kit.stats());
      report(
        stage.crm.kind,
        'bulk burst: 300 adults + 300 children, 1,500 transactions, 20 products',
        used,
        300,
      );
      expect(state.problems.slice(0, 10)).toEqual([]);
      expect(used.throttled).toBe(0);
      expect(used.blocked).toBe(0);
      if (stage.crm.kind === 'amocrm') expect(used.peak).toBeLessThanOrEqual(7);
      // Batching: far fewer requests than clients.
      expect(used.requests).toBeLessThan(300);
      expect(await deadLetters(stage.hub, stage.connection.id)).toEqual([]);
    });

    it('stays inside the default limits when the same kind of day arrives one client at a time', async () => {
      const day = makeBurst({
        tag: 't',
        adults: 60,
        transactionsPerAdult: 3,
        products: 5,
        phonePrefix: '+7915',
      });
      const before = await kit.stats();
      await trickle((events) => stage.send(events), day);
      await settled(stage, 150_000);
      const state = await converged(stage.crm, day, 'exactly');
      const used = delta(before, await kit.stats());
      report(stage.crm.kind, 'trickle: 60 adults one request each, 180 transactions, 5 products', used, 60);
      expect(state.problems.slice(0, 10)).toEqual([]);
      expect(used.throttled).toBe(0);
      expect(used.blocked).toBe(0);
      if (stage.crm.kind === 'amocrm') expect(used.peak).toBeLessThanOrEqual(7);
      expect(used.requests).toBeLessThan(60 * 10);
    });

    it('rides out a 429/503 storm from a CRM stricter than our limiter: converges, no duplicates, rate limit shown', async () => {
      const storm = makeBurst({
        tag: 's',
        adults: 60,
        transactionsPerAdult: 3,
        products: 5,
        phonePrefix: '+7913',
      });
      stage.crm.configure(kit.stricter);
      const before = await kit.stats();
      const sent = trickle((events) => stage.send(events), storm);
      const errors = await settledWatchingErrors(stage, 180_000, sent);
      const state = await converged(stage.crm, storm, 'exactly');
      const used = delta(before, await kit.stats());
      report(stage.crm.kind, 'storm: 60 adults one request each, 180 transactions, 5 products', used, 60);
      const throttledErrors = errors.filter((e) => e.kind === 'rate_limited');
      console.log(
        `[robustness ${stage.crm.kind}] lastError during the storm: ${throttledErrors.length} rate_limited of ${errors.length} seen, e.g. ${JSON.stringify(throttledErrors[0])}`,
      );
      expect(used.throttled).toBeGreaterThan(0);
      expect(state.problems.slice(0, 10)).toEqual([]);
      expect(await deadLetters(stage.hub, stage.connection.id)).toEqual([]);
      expect((await stage.connectionView()).state).toBe('active');
      expect(throttledErrors.some((e) => /429|QUERY_LIMIT_EXCEEDED/.test(e.detail))).toBe(true);
    });

    it('turns one webhook delivery carrying several edited contacts into one client.changed each, with only the edited fields', async () => {
      const linked = new Map(stage.crm.contacts().map((c) => [c.limeId, c.remoteId]));
      const remoteOf = (clientId: string) => {
        const remoteId = linked.get(clientId);
        if (!remoteId) throw new Error(`${clientId} has no contact`);
        return remoteId;
      };
      const phone = (i: number) => `+7916${String(2_000_000 + i).padStart(7, '0')}`;
      const email = (i: number) => `edited-${i}@example.ru`;
      const patches = [
        (i: number) => ({ phone: phone(i) }),
        (i: number) => ({ email: email(i) }),
        (i: number) => ({ phone: phone(i), email: email(i) }),
      ];
      const edits = first.adults.slice(0, 6).map((adult, i) => ({
        clientId: adult.clientId,
        remoteId: remoteOf(adult.clientId),
        patch: patches[i % patches.length]?.(i) ?? {},
      }));
      const changedSoFar = async () => (await stage.pulled()).filter((e) => e.type === 'client.changed');
      const deliveriesBefore = (await kit.deliveryItems()).length;
      const changedBefore = (await changedSoFar()).length;
      const writesBefore = await kit.stats();
      // The manager edits six contacts in a row: amoCRM gathers them into one delivery.
      for (const edit of edits) stage.crm.editContact(edit.remoteId, edit.patch);
      await eventually(async () => (await changedSoFar()).length >= changedBefore + edits.length, 60_000);
      await stage.quiet();
      const changed = (await changedSoFar()).slice(changedBefore);
      const items = (await kit.deliveryItems()).slice(deliveriesBefore);
      const writes = delta(writesBefore, await kit.stats()).contactWrites;
      console.log(
        `[robustness ${stage.crm.kind}] ${edits.length} UI edits → deliveries carrying ${JSON.stringify(items)} items; ${writes} contact writes back`,
      );
      expect(changed).toHaveLength(edits.length);
      for (const edit of edits) {
        const mine = changed.filter((e) => e.data.clientId === edit.clientId);
        expect(mine).toHaveLength(1);
        expect(mine[0]?.data.changes).toEqual(edit.patch);
        expect(mine[0]?.data.origin).toMatchObject({ system: stage.crm.kind, remoteId: edit.remoteId });
      }
      expect(writes).toBe(0);
      if (stage.crm.kind === 'amocrm') expect(Math.max(...items)).toBeGreaterThan(1);
    });
  },
);

describe.each(CRMS)('%s: 5xx, hangs and lost answers', { timeout: 240_000 }, (_name, make) => {
  let stage: Stage;
  let kit: TransportKit;
  beforeAll(async () => {
    const crm = make();
    stage = await openStage(crm, { crmTimeoutMs: SHORT_TIMEOUT_MS });
    kit = transportOf(crm);
  });
  afterAll(async () => {
    await stage?.stop();
  });

  it('converges without duplicate contacts or products when the CRM fails, hangs and loses answers to applied writes', async () => {
    const bulk = makeBurst({
      tag: 'f',
      adults: 60,
      transactionsPerAdult: 3,
      products: 12,
      phonePrefix: '+7914',
    });
    const day = makeBurst({
      tag: 'g',
      adults: 80,
      transactionsPerAdult: 2,
      products: 6,
      phonePrefix: '+7911',
    });
    stage.crm.configure(kit.faults);
    const before = await kit.stats();
    await sendAll((events) => stage.send(events), bulk.events);
    // One client at a time, two at once: many small writes, so many chances to fail.
    await trickle((events) => stage.send(events), day, 2);
    await settled(stage, 180_000);
    stage.crm.configure(kit.calm);
    const used = delta(before, await kit.stats());
    report(
      stage.crm.kind,
      'faults: 60 adults in bulk + 80 one at a time, 340 transactions, 18 products',
      used,
      140,
    );
    for (const burst of [bulk, day]) {
      const state = await converged(stage.crm, burst, 'at_least');
      console.log(
        `[robustness ${stage.crm.kind}] notes written twice after a lost answer: ${state.duplicateNotes}`,
      );
      // Exactly one contact per adult and one catalog product per Lime product (checked by convergence).
      expect(state.problems.slice(0, 10)).toEqual([]);
    }
    expect(used.injected).toBeGreaterThan(0);
    expect(await deadLetters(stage.hub, stage.connection.id)).toEqual([]);
  });
});

describe.each(CRMS)('%s: OAuth tokens expiring and revoked mid-run', { timeout: 240_000 }, (_name, make) => {
  const TTL_SEC = 4;
  let stage: Stage;
  let kit: TransportKit;
  beforeAll(async () => {
    const crm = make();
    kit = transportOf(crm);
    stage = await openStage(withOAuth(crm, kit, TTL_SEC));
  });
  afterAll(async () => {
    await stage?.stop();
  });

  it('refreshes once per token lifetime while events keep flowing, and converges', async () => {
    const flow = makeBurst({
      tag: 'o',
      adults: 40,
      transactionsPerAdult: 2,
      products: 0,
      phonePrefix: '+7917',
    });
    const rounds = 20;
    const perRound = flow.adults.length / rounds;
    const before = await kit.stats();
    const started = Date.now();
    for (let round = 0; round < rounds; round += 1) {
      const adults = flow.adults.slice(round * perRound, (round + 1) * perRound);
      const ids = new Set(adults.flatMap((a) => [a.clientId, `${a.clientId}-kid`]));
      await stage.send(
        flow.events.filter((event) => {
          const data = (event as { data: Record<string, unknown> }).data;
          return [data.clientId, data.parentId].some((id) => typeof id === 'string' && ids.has(id));
        }),
      );
      await sleep(1000);
    }
    await settled(stage, 90_000);
    const elapsedSec = (Date.now() - started) / 1000;
    const state = await converged(stage.crm, flow, 'exactly');
    const used = delta(before, await kit.stats());
    const lifetimes = elapsedSec / TTL_SEC;
    report(stage.crm.kind, `${elapsedSec.toFixed(1)} s of traffic with ${TTL_SEC} s tokens`, used, 40);
    console.log(
      `[robustness ${stage.crm.kind}] refreshes ${used.refreshes} over ${lifetimes.toFixed(1)} token lifetimes; ` +
        `refresh failures ${used.refreshFailures}`,
    );
    expect(state.problems.slice(0, 10)).toEqual([]);
    expect(used.refreshFailures).toBe(0);
    // Every token that ran out while calls were made was refreshed (20 s of sending: ≥ 5 lifetimes)…
    expect(used.refreshes).toBeGreaterThanOrEqual(Math.floor(20 / TTL_SEC) - 1);
    // …once: a refreshed token is not refreshed again (no failures: a rotated refresh token is dead), and
    // none is refreshed before it has lived half its life (refreshing before every call would be ~1 per call).
    expect(used.refreshes).toBeLessThanOrEqual(Math.ceil(elapsedSec / (TTL_SEC / 2)) + 1);
    const view = await stage.connectionView();
    expect(view.state).toBe('active');
    expect((view.lastError as LastError | null)?.kind ?? 'none').not.toBe('auth');
  });

  it('shows needs_reauth for a revoked token, loses nothing, and converges after re-authorisation', async () => {
    const late = makeBurst({
      tag: 'v',
      adults: 10,
      transactionsPerAdult: 2,
      products: 0,
      phonePrefix: '+7918',
    });
    await kit.revoke(await storedCredentials(stage));
    await sendAll((events) => stage.send(events), late.events);
    await eventually(async () => (await stage.connectionView()).state === 'needs_reauth', 60_000);
    expect(stage.crm.contacts().filter((c) => c.limeId?.startsWith('v-'))).toHaveLength(0);
    const patched = await admin(
      stage.hub,
      'PATCH',
      `/admin/v1/connections/${stage.connection.id}`,
      await kit.reconsent(),
    );
    expect(patched.status).toBe(200);
    expect((patched.body as { state: string }).state).toBe('active');
    await settled(stage, 90_000);
    const state = await converged(stage.crm, late, 'exactly');
    expect(state.problems.slice(0, 10)).toEqual([]);
    expect(await deadLetters(stage.hub, stage.connection.id)).toEqual([]);
  });
});

describe('one venue with amoCRM and Bitrix24 at once', { timeout: 240_000 }, () => {
  let venue: Venue;
  let burst: Burst;
  const kits = new Map<string, TransportKit>();
  beforeAll(async () => {
    const crms = [amoUnderTest(), bitrixUnderTest()];
    for (const crm of crms) kits.set(crm.kind, transportOf(crm));
    venue = await openVenue(crms);
  });
  afterAll(async () => {
    await venue?.stop();
  });
  const line = (kind: string) => {
    const found = venue.lines.find((l) => l.crm.kind === kind);
    if (!found) throw new Error(`no ${kind} connection`);
    return found;
  };
  const stats = async (kind: string) => {
    const kit = kits.get(kind);
    if (!kit) throw new Error(`no ${kind} kit`);
    return kit.stats();
  };
  const changedFor = async (clientId: string): Promise<PulledEvent[]> =>
    (await venue.pulled()).filter((e) => e.type === 'client.changed' && e.data.clientId === clientId);

  it('converges the same Lime events in both CRMs', async () => {
    burst = makeBurst({ tag: 'd', adults: 30, transactionsPerAdult: 3, products: 5, phonePrefix: '+7919' });
    await sendAll((events) => venue.send(events), burst.events);
    await venue.quiet();
    for (const { crm } of venue.lines) {
      expect({
        crm: crm.kind,
        problems: (await converged(crm, burst, 'exactly')).problems.slice(0, 10),
      }).toEqual({
        crm: crm.kind,
        problems: [],
      });
    }
  });

  it.each([
    ['amocrm', 'bitrix24', 0, { phone: '+79165550101' }],
    ['bitrix24', 'amocrm', 1, { email: 'new-address@example.ru' }],
  ] as const)(
    'an edit in %s reaches Lime, then %s once Lime restates it, with no write back and no loop',
    async (from, to, index, patch) => {
      const adult = burst.adults[index];
      if (!adult) throw new Error('no adult');
      const source = line(from);
      const other = line(to);
      const contact = source.crm.contacts().find((c) => c.limeId === adult.clientId);
      if (!contact) throw new Error(`${adult.clientId} has no ${from} contact`);
      const sourceBefore = await stats(from);
      const otherBefore = await stats(to);
      source.crm.editContact(contact.remoteId, patch);
      const [changed] = await eventually(async () => {
        const found = await changedFor(adult.clientId);
        return found.length > 0 ? found : undefined;
      }, 60_000);
      expect(changed?.data).toMatchObject({
        changes: patch,
        origin: { system: from, remoteId: contact.remoteId },
      });
      await venue.quiet();
      const beforeRestatement = delta(otherBefore, await stats(to)).contactWrites;
      // Lime applies the edit and sends the client's new state.
      await venue.send([restated(adult, patch, '2026-11-29T18:00:00+03:00')]);
      await venue.quiet();
      const shown = other.crm.contacts().find((c) => c.limeId === adult.clientId);
      if ('phone' in patch) expect(shown?.phones).toEqual([patch.phone]);
      if ('email' in patch) expect(shown?.emails).toEqual([patch.email]);
      const sourceWrites = delta(sourceBefore, await stats(from)).contactWrites;
      const otherWrites = delta(otherBefore, await stats(to)).contactWrites;
      console.log(
        `[robustness venue] edit in ${from}: contact writes back to ${from} ${sourceWrites}; to ${to} ` +
          `${beforeRestatement} before Lime's restatement, ${otherWrites} in all`,
      );
      expect(sourceWrites).toBe(0);
      // The other CRM gets the new value once (and only once), whichever of edit or restatement carried it.
      expect(otherWrites).toBe(1);
      expect(await changedFor(adult.clientId)).toHaveLength(1);
    },
  );
});
