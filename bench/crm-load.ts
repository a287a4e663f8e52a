/**
 * The two measurements on one rig. Bulk: the generated venue posted in batches of 500, one batch in flight
 * (Lime sends its backlog in order), timed until the hub owes the CRM nothing AND the CRM shows every adult
 * as one contact with the right card and every transaction as a note. Steady: a stream of changes at a set
 * rate, then the same wait; the lag is from the last change's acknowledgement to that point.
 */
import type { BuiltVenue, LimeEvent } from '../sandbox/venue/index.ts';
import { postEvents } from '../test/support/hub.ts';
import { acceptable } from './crm-acceptable.ts';
import { applyEvents, isRight, type VenueModel, type Verdict, verify } from './crm-expect.ts';
import { backlogOf, type Counters, crmLatency, type Rig, TIME_ZONE } from './crm-rig.ts';
import { changeSource } from './crm-stream.ts';
import { toBodies } from './ingest.bench.ts';
import { runLoad } from './ingest-load.ts';

export const BATCH = 500;

export type Sample = {
  readonly at: number;
  readonly requests: number;
  /** Owed items per flow, as last read (every second). */
  readonly owed: Readonly<Record<string, number>>;
};

export type Delta = {
  readonly requests: number;
  readonly throttled: number;
  readonly peak: number;
  readonly byRoute: Record<string, number>;
};

export type BulkResult = {
  readonly events: number;
  readonly seconds: number;
  readonly ingestSeconds: number;
  /** When the first and the last CRM request of the load were seen (s from the start). */
  readonly firstRequestAt: number;
  readonly lastRequestAt: number;
  readonly delta: Delta;
  readonly verdict: Verdict;
  readonly latencyMs: number;
  readonly samples: readonly Sample[];
};

export type SteadyResult = {
  readonly changes: number;
  readonly seconds: number;
  readonly delta: Delta;
  readonly lagSeconds: number;
  readonly verdict: Verdict;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runBulk(
  rig: Rig,
  events: readonly LimeEvent[],
  model: VenueModel,
  log: (line: string) => void,
  timeoutMs: number,
): Promise<BulkResult> {
  const bodies = toBodies(events, BATCH);
  applyEvents(model, events);
  const before = rig.crm.counters();
  const latencyBefore = await crmLatency(rig);
  const started = performance.now();
  const sampler = startSampler(rig, started, before.requests);
  const load = await runLoad({
    url: rig.hub.url,
    apiKey: rig.apiKey,
    bodies,
    connections: 1,
    maxSeconds: 3600,
  });
  if (load.failures.length > 0)
    throw new Error(`events refused: ${load.failures[0]}\nhub output:\n${rig.hub.output().slice(-16000)}`);
  const ingestSeconds = (performance.now() - started) / 1000;
  log(`${rig.crm.name}: ${load.events} events posted in ${ingestSeconds.toFixed(1)} s`);
  const settled = await settle(rig, model, timeoutMs, log);
  const samples = await sampler.stop();
  const latencyAfter = await crmLatency(rig);
  const calls = latencyAfter.count - latencyBefore.count;
  const active = samples.filter((s) => s.requests > 0);
  return {
    events: load.events,
    seconds: (settled.doneAt - started) / 1000,
    ingestSeconds,
    firstRequestAt: firstChange(samples),
    lastRequestAt: (active.find((s) => s.requests === active.at(-1)?.requests)?.at ?? 0) / 1000,
    delta: delta(before, rig.crm.counters()),
    verdict: settled.verdict,
    latencyMs: calls === 0 ? 0 : (latencyAfter.sumMs - latencyBefore.sumMs) / calls,
    samples,
  };
}

export async function runSteady(
  rig: Rig,
  venue: BuiltVenue,
  model: VenueModel,
  options: { readonly seconds: number; readonly perSecond: number; readonly tickMs: number },
  log: (line: string) => void,
  timeoutMs: number,
): Promise<SteadyResult> {
  const source = changeSource(venue);
  const before = rig.crm.counters();
  const started = performance.now();
  // The venue's clock goes on from the end of its history.
  const venueStart = Math.max(...[...venue.db.lastStamp.values()], 0) + 60_000;
  const ticks = Math.round((options.seconds * 1000) / options.tickMs);
  let changes = 0;
  let budget = 0;
  for (let tick = 0; tick < ticks; tick++) {
    await sleep(Math.max(0, started + tick * options.tickMs - performance.now()));
    budget += (options.perSecond * options.tickMs) / 1000;
    const count = Math.floor(budget);
    if (count === 0) continue;
    const events = acceptable(source.next(count, venueStart + (performance.now() - started))).events;
    budget -= events.length;
    applyEvents(model, events);
    const answer = await postEvents(rig.hub, rig.apiKey, events);
    if (answer.status !== 200)
      throw new Error(`changes refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    changes += events.length;
  }
  const lastAcked = performance.now();
  log(`${rig.crm.name}: ${changes} changes posted in ${((lastAcked - started) / 1000).toFixed(1)} s`);
  const settled = await settle(rig, model, timeoutMs, log);
  return {
    changes,
    seconds: (lastAcked - started) / 1000,
    delta: delta(before, rig.crm.counters()),
    lagSeconds: (settled.doneAt - lastAcked) / 1000,
    verdict: settled.verdict,
  };
}

/**
 * Polls the hub's backlog every 250 ms; once it is empty, reads the whole CRM and checks it (the read stalls
 * the sandbox, so it is done only then). Answers when the hub first owed nothing in the round that checked.
 */
async function settle(rig: Rig, model: VenueModel, timeoutMs: number, log: (line: string) => void) {
  const deadline = performance.now() + timeoutMs;
  let verdict: Verdict | undefined;
  for (;;) {
    const owed = Object.values(await backlogOf(rig)).reduce((sum, n) => sum + n, 0);
    if (owed === 0) {
      const doneAt = performance.now();
      verdict = verify(model, rig.crm.under.contacts(), rig.crm.notesByContact(), TIME_ZONE);
      if (isRight(verdict)) return { doneAt, verdict };
      log(`${rig.crm.name}: nothing owed but the CRM is not right yet: ${JSON.stringify(verdict)}`);
      if (performance.now() > deadline) return { doneAt, verdict };
      await sleep(2_000);
      continue;
    }
    if (performance.now() > deadline) {
      log(`${rig.crm.name}: gave up waiting, ${owed} items still owed`);
      const doneAt = performance.now();
      return {
        doneAt,
        verdict: verify(model, rig.crm.under.contacts(), rig.crm.notesByContact(), TIME_ZONE),
      };
    }
    await sleep(250);
  }
}

/** CRM requests every 250 ms and the hub's backlog every second, for the timeline. */
function startSampler(rig: Rig, started: number, base: number) {
  const samples: Sample[] = [];
  let owed: Record<string, number> = {};
  let polling = false;
  const timer = setInterval(() => {
    const at = performance.now() - started;
    samples.push({ at, requests: rig.crm.counters().requests - base, owed });
    if (polling || samples.length % 4 !== 0) return;
    polling = true;
    void backlogOf(rig)
      .then((backlog) => {
        owed = backlog;
      })
      .catch(() => undefined)
      .finally(() => {
        polling = false;
      });
  }, 250);
  return {
    async stop() {
      clearInterval(timer);
      return samples;
    },
  };
}

function firstChange(samples: readonly Sample[]): number {
  return (samples.find((s) => s.requests > 0)?.at ?? 0) / 1000;
}

function delta(before: Counters, after: Counters): Delta {
  const byRoute: Record<string, number> = {};
  for (const [route, n] of Object.entries(after.byRoute)) {
    const grown = n - (before.byRoute[route] ?? 0);
    if (grown > 0) byRoute[route] = grown;
  }
  return {
    requests: after.requests - before.requests,
    throttled: after.throttled - before.throttled,
    peak: after.peak,
    byRoute,
  };
}
