/**
 * The venue simulator: a Lime installation of one venue that talks to the hub only through
 * lime-protocol.md. It sends its venue and its day as events, and answers what the hub sends.
 */
import { randomBytes } from 'node:crypto';
import { type Logger, pino } from 'pino';
import { CATALOGS } from './catalog.ts';
import { createClientDesk } from './client-desk.ts';
import { type Clock, createTimerGroup, createVenueClock, systemClock } from './clock.ts';
import { control } from './control.ts';
import { createDayPlayer, type Pace } from './day-player.ts';
import { type EventDraft, stampEvent } from './events.ts';
import { createHubClient } from './hub-client.ts';
import { createInbound } from './inbound.ts';
import type { LimeEvent, VenueType } from './model.ts';
import { createOutboundPuller } from './outbound-puller.ts';
import { createOutbox, type DeliveryKnobs, type DeliveryReport } from './outbox.ts';
import { createPreorderDesk, type PreorderKnobs } from './preorder-desk.ts';
import { createPrng } from './prng.ts';
import { createStateSaver } from './state-saver.ts';
import { buildIndex, loadState, type SavedState, type VenueDb } from './state-store.ts';
import { describeState } from './state-view.ts';
import { countByType, createStats, type VenueStats } from './stats.ts';
import type { ActionContext } from './venue-actions.ts';
import { buildVenue } from './venue-generator.ts';
import { startWebhookServer, type WebhookKnobs } from './webhook-receiver.ts';

export interface VenueKnobs extends DeliveryKnobs, WebhookKnobs, PreorderKnobs {
  /** Delay before Lime re-emits `client.upserted` after applying `client.changed`. */
  echoDelayMs: number;
  /** No answer from the hub within this long is a timeout (retried). */
  requestTimeoutMs: number;
  pullIntervalMs: number;
  pullLimit: number;
}

export const DEFAULT_KNOBS: VenueKnobs = {
  duplicateRate: 0,
  reorderRate: 0,
  retryBaseMs: 250,
  retryMaxMs: 30_000,
  requestTimeoutMs: 10_000,
  webhookFailRate: 0,
  webhookFailNext: 0,
  webhookHangRate: 0,
  webhookHangMs: 15_000,
  signatureToleranceSeconds: 300,
  preorderDelayMs: 2_000,
  preorderRejectRate: 0.1,
  preorderCancelRate: 0.05,
  preorderRepriceRate: 0.15,
  createClientsFromPreorders: true,
  echoDelayMs: 500,
  pullIntervalMs: 1_000,
  pullLimit: 100,
};

export const DEFAULT_PACE: Pace = { eventsPerSecond: 2, batchSize: 20, speed: 1 };

export interface VenueSimulatorOptions {
  hubUrl: string;
  apiKey: string;
  webhookSecret: string;
  /** Port of the webhook server; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  webhookPath?: string;
  venueType?: VenueType;
  seed?: number | string;
  /** Adult clients in the generated venue. */
  clients?: number;
  childrenPerFamily?: number;
  /** History of transactions sent with the venue, per adult client. */
  transactionsPerClient?: number;
  pace?: Partial<Pace>;
  /** How Lime receives the hub's events: on its webhook (push) or by polling the hub (pull). */
  mode?: 'push' | 'pull';
  /** JSON file keeping the Lime db (and undelivered events) across restarts. */
  stateFile?: string;
  saveIntervalMs?: number;
  /** Send the generated venue when `start()` is first called (default true). */
  bootstrap?: boolean;
  /** Batches in flight at once (default 1, which keeps the order of events). */
  concurrency?: number;
  knobs?: Partial<VenueKnobs>;
  /** The scheduler clock; a manual clock makes pace and delays testable. */
  clock?: Clock;
  logger?: Logger;
  logLevel?: string;
  /** Prefix of event ids; default `lime-<seed>-<random>`, kept in the state file. */
  idPrefix?: string;
}

export interface VenueSimulator {
  /** Base URL of the simulator's own server. */
  url: string;
  /** Where the hub pushes (`limeWebhookUrl` of the tenant). */
  webhookUrl: string;
  start(): void;
  stop(): void;
  close(): Promise<void>;
  setPace(pace: Partial<Pace>): void;
  setKnobs(knobs: Partial<VenueKnobs>): void;
  /**
   * Sets the tenant's key and secret after start: the tenant can then be created with this
   * simulator's `webhookUrl` even when its port was picked at random.
   */
  setCredentials(credentials: { apiKey?: string; webhookSecret?: string }): void;
  stats(): VenueStats;
  readonly state: VenueDb;
  /** Sends events as they are (bypassing the queue), with retries; resolves with the hub's answers. */
  sendEvents(events: readonly LimeEvent[]): Promise<DeliveryReport>;
  /** Resolves when every generated event has been delivered (or dropped). */
  drain(): Promise<void>;
}

export async function startVenueSimulator(options: VenueSimulatorOptions): Promise<VenueSimulator> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? pino({ name: 'venue', level: options.logLevel ?? 'warn' });
  const knobs: VenueKnobs = { ...DEFAULT_KNOBS, ...options.knobs };
  const pace: Pace = { ...DEFAULT_PACE, ...options.pace };
  const seed = String(options.seed ?? 1);
  const mode = options.mode ?? 'push';

  const { db, saved, bootstrap } = await openVenue(options, clock, seed);
  let bootstrapEvents = bootstrap;

  const prng = createPrng(`${seed}:live`, saved?.prngState);
  const stats = createStats();
  const timers = createTimerGroup(clock);
  const venueClock = createVenueClock(clock, Math.max(db.venueTime, clock.now()), pace.speed);
  const ctx: ActionContext = { db, index: buildIndex(db), prng, catalog: CATALOGS[db.venue.type] };
  const credentials = { apiKey: options.apiKey, webhookSecret: options.webhookSecret };
  const client = createHubClient({
    hubUrl: options.hubUrl,
    apiKey: () => credentials.apiKey,
    timeoutMs: () => knobs.requestTimeoutMs,
  });
  const outbox = createOutbox({
    client,
    timers,
    prng: prng.fork('delivery'),
    stats,
    logger,
    batchSize: pace.batchSize,
    concurrency: options.concurrency,
    knobs: () => knobs,
    initial: saved?.outbox,
  });

  const enqueue = (events: LimeEvent[]): void => {
    countByType(
      stats.generated,
      events.map((event) => event.type),
    );
    outbox.enqueue(events);
  };
  const emit = (drafts: EventDraft[]): void => enqueue(drafts.map((draft) => stampEvent(db, draft)));

  const clientDesk = createClientDesk({
    db,
    timers,
    venueClock,
    stats,
    logger,
    emit,
    echoDelayMs: () => knobs.echoDelayMs,
  });
  const preorderDesk = createPreorderDesk({
    db,
    index: ctx.index,
    prng: prng.fork('preorders'),
    timers,
    venueClock,
    stats,
    logger,
    emit,
    knobs: () => knobs,
  });
  const inbound = createInbound({ db, stats, logger, clients: clientDesk, preorders: preorderDesk });
  const player = createDayPlayer({ ctx, clock, venueClock, pace: () => pace, emit });
  const puller =
    mode === 'pull'
      ? createOutboundPuller({ client, db, inbound, clock, stats, logger, knobs: () => knobs })
      : null;

  const setPace = (next: Partial<Pace>): void => {
    Object.assign(pace, next);
    if (next.batchSize !== undefined) outbox.setBatchSize(next.batchSize);
    if (next.speed !== undefined) venueClock.setSpeed(next.speed);
  };

  const start = (): void => {
    if (!db.bootstrapped) {
      db.bootstrapped = true;
      enqueue(bootstrapEvents);
      bootstrapEvents = [];
    }
    player.start();
  };
  const setKnobs = (next: Partial<VenueKnobs>): void => {
    Object.assign(knobs, next);
  };

  const server = await startWebhookServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    webhookPath: options.webhookPath ?? '/lime/webhook',
    secret: () => credentials.webhookSecret,
    knobs,
    inbound,
    stats,
    prng: prng.fork('webhook'),
    timers,
    logger,
    routes: {
      stats: () => snapshot(stats),
      state: () => describeState(db, { mode, running: player.running(), pace, queued: stats.queued }),
      control: (body) =>
        control(body, {
          setPace,
          setKnobs,
          start,
          stop: player.stop,
          running: player.running,
          knownKnobs: DEFAULT_KNOBS,
        }),
    },
  });

  const saver = createStateSaver({
    file: options.stateFile,
    intervalMs: options.saveIntervalMs ?? 2_000,
    timers,
    logger,
    snapshot: () => {
      db.venueTime = venueClock.now();
      return {
        version: 1,
        db,
        outbox: outbox.pending(),
        bootstrap: bootstrapEvents,
        prngState: prng.state(),
      };
    },
  });
  saver.startLoop();
  preorderDesk.resume();
  puller?.start();

  let closed = false;
  return {
    url: server.url,
    webhookUrl: `${server.url}${options.webhookPath ?? '/lime/webhook'}`,
    start,
    stop: () => player.stop(),
    close: async () => {
      if (closed) return;
      closed = true;
      saver.stop();
      player.stop();
      const pullerStopped = puller?.stop();
      timers.clear();
      outbox.close();
      await server.close();
      await client.close();
      await pullerStopped;
      await saver.save();
    },
    setPace,
    setKnobs,
    setCredentials: (next) => {
      if (next.apiKey !== undefined) credentials.apiKey = next.apiKey;
      if (next.webhookSecret !== undefined) credentials.webhookSecret = next.webhookSecret;
    },
    stats: () => snapshot(stats),
    get state() {
      return db;
    },
    sendEvents: (events) => outbox.deliver(events),
    drain: () => outbox.drain(),
  };
}

/** The venue from the state file, or a new one generated from the seed. */
async function openVenue(
  options: VenueSimulatorOptions,
  clock: Clock,
  seed: string,
): Promise<{ db: VenueDb; saved: SavedState | null; bootstrap: LimeEvent[] }> {
  const saved = options.stateFile ? await loadState(options.stateFile) : null;
  if (saved) return { db: saved.db, saved, bootstrap: saved.bootstrap ?? [] };
  const built = buildVenue({
    seed,
    venueType: options.venueType,
    clients: options.clients ?? 100,
    childrenPerFamily: options.childrenPerFamily,
    transactionsPerClient: options.transactionsPerClient ?? 2,
    endAt: clock.now(),
    idPrefix: options.idPrefix ?? `lime-${seed}-${randomBytes(3).toString('hex')}`,
  });
  built.db.bootstrapped = options.bootstrap === false;
  return { db: built.db, saved: null, bootstrap: options.bootstrap === false ? [] : built.events };
}

function snapshot(stats: VenueStats): VenueStats {
  return structuredClone(stats);
}
