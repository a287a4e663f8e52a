import type { AddressInfo } from 'node:net';
import { buildApp } from './app.ts';
import { emptyAuth, TokenService } from './auth/tokens.ts';
import { createClock } from './clock.ts';
import { type AmoSandboxState, createStateView } from './control/dumps.ts';
import type { ControlPort } from './control/routes.ts';
import { AccountContext } from './domain/context.ts';
import { badRequest } from './http/problem.ts';
import { RateLimiter } from './http/rate-limit.ts';
import { Stats, type StatsSnapshot } from './http/stats.ts';
import {
  type AmoKnobs,
  type AmoSandboxOptions,
  defaultOptions,
  knobsSchema,
  partialKnobsSchema,
  pickKnobs,
} from './options.ts';
import { Persister } from './state/persist.ts';
import { SEED, seedAccount } from './state/seed.ts';
import { Store } from './state/store.ts';
import { ManagerUi } from './ui/manager.ts';
import { type DeliveryLog, WebhookDispatcher } from './webhooks/dispatcher.ts';

export type { AmoSandboxState } from './control/dumps.ts';
export type { StatsSnapshot } from './http/stats.ts';
export type { AmoKnobs, AmoSandboxOptions } from './options.ts';
export { defaultKnobs } from './options.ts';
export { SEED } from './state/seed.ts';
export type { ManagerUi, UiLeadInput, UiProductLine } from './ui/manager.ts';
export type { DeliveryLog } from './webhooks/dispatcher.ts';

/** One running amoCRM account. */
export interface AmoSandbox {
  /** stands in for `https://{subdomain}.amocrm.ru` */
  readonly baseUrl: string;
  close(): Promise<void>;
  configure(knobs: Partial<AmoKnobs>): AmoKnobs;
  knobs(): AmoKnobs;
  stats(): StatsSnapshot;
  /** wipes the account back to its seed (tokens and integrations stay), zeroes the stats */
  reset(): void;
  /** actions as the manager in the amoCRM interface */
  readonly ui: ManagerUi;
  /** read-only, API-shaped views of everything, for assertions */
  readonly state: AmoSandboxState;
  /** fixed ids of the seeded account (users, fields, pipeline, products catalog) */
  readonly seed: typeof SEED;
  createIntegration(redirectUri: string): { clientId: string; clientSecret: string; redirectUri: string };
  /** the user pressed "Разрешить": an authorization code for the integration */
  authorize(clientId: string): string;
  longLivedToken(ttlSec?: number): string;
  revokeToken(token: string): boolean;
  /** moves the sandbox's clock (entity timestamps, token and code lifetimes) forward */
  advanceClock(seconds: number): void;
  /** sends open webhook batches now and waits for their first attempts */
  flushWebhooks(): Promise<void>;
  webhookDeliveries(): DeliveryLog[];
}

export async function startAmoSandbox(options: Partial<AmoSandboxOptions> = {}): Promise<AmoSandbox> {
  const opts: AmoSandboxOptions = { ...defaultOptions, ...options };
  const knobs: AmoKnobs = pickKnobs(opts);
  const clock = createClock();
  const loaded = Persister.load(opts.stateFile);
  const fresh = () =>
    seedAccount({ subdomain: opts.subdomain, timezone: opts.timezone, now: clock.nowSec() });

  let persister: Persister | undefined;
  const dispatcher: WebhookDispatcher = new WebhookDispatcher({
    store: () => ctx.store,
    knobs: () => knobs,
    clock,
    baseUrl: () => ctx.baseUrl,
    onStateChange: () => persister?.schedule(),
  });
  const ctx: AccountContext = new AccountContext({
    store: new Store(loaded?.data ?? fresh()),
    clock,
    knobs,
    dispatcher,
  });
  const tokens = new TokenService({
    data: loaded?.auth ?? emptyAuth(),
    clock,
    knobs,
    apiDomain: () => new URL(ctx.baseUrl).host,
    accountId: ctx.store.account.id,
    userId: SEED.adminUserId,
  });
  persister = new Persister(opts.stateFile, opts.persistDebounceMs, () => ({
    version: 1,
    data: ctx.store.toData(),
    auth: tokens.toData(),
  }));
  const saver = persister;
  const stats = new Stats();
  const limiter = new RateLimiter();
  const hangs = new Set<() => void>();
  const ui = new ManagerUi(
    () => ctx,
    () => saver.schedule(),
  );
  const state = createStateView(() => ctx);

  const configure = (partial: unknown): AmoKnobs => {
    const parsed = partialKnobsSchema.safeParse(partial);
    if (!parsed.success)
      throw badRequest(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    Object.assign(knobs, knobsSchema.parse({ ...knobs, ...parsed.data }));
    return { ...knobs };
  };
  const reset = () => {
    dispatcher.reset();
    ctx.store = new Store(fresh());
    stats.reset();
    limiter.reset();
    tokens.resetCounters();
    saver.schedule();
  };
  const control: ControlPort = {
    stats: () => stats.snapshot(dispatcher.stats(), tokens.counters),
    knobs: () => ({ ...knobs }),
    configure,
    reset,
    tokens: () => tokens,
    state,
    ui,
    advanceClock: (seconds) => {
      clock.advance(seconds);
      return clock.nowSec();
    },
    deliveries: () => dispatcher.deliveries(),
    flushWebhooks: () => dispatcher.flush(),
    seed: { ...SEED },
  };

  const app = buildApp({
    logger: opts.logger,
    knobs,
    limiter,
    stats,
    hangs,
    ctx: () => ctx,
    tokens: () => tokens,
    control,
    afterWrite: () => saver.schedule(),
  });
  await app.listen({ port: opts.port, host: opts.host });
  const { port } = app.server.address() as AddressInfo;
  const host = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  ctx.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (!loaded) saver.schedule();

  return {
    baseUrl: ctx.baseUrl,
    async close() {
      for (const release of [...hangs]) release();
      await dispatcher.close();
      await app.close();
      await saver.flush();
    },
    configure: (k) => configure(k),
    knobs: control.knobs,
    stats: control.stats,
    reset,
    ui,
    state,
    seed: SEED,
    createIntegration: (redirectUri) => tokens.createIntegration(redirectUri),
    authorize: (clientId) => tokens.issueCode(clientId),
    longLivedToken: (ttlSec = 365 * 86_400) => tokens.issueLongLived(ttlSec),
    revokeToken: (token) => tokens.revoke(token),
    advanceClock: (seconds) => clock.advance(seconds),
    flushWebhooks: () => dispatcher.flush(),
    webhookDeliveries: () => dispatcher.deliveries(),
  };
}
