import { randomUUID } from 'node:crypto';
import qs from 'qs';
import { Agent, request } from 'undici';
import type { Clock } from '../clock.ts';
import type { AmoKnobs } from '../options.ts';
import type { Store } from '../state/store.ts';
import type { EntityKind, WebhookRecord } from '../state/types.ts';
import type { WebhookItem } from './items.ts';

// Delivery as amocrm-api.md §10.3 documents it: form-encoded POSTs, several items per POST when
// changes come close together, success = 100..299 within the timeout, retries after 5/15/15/60 min
// (attempts 4 and 5 only after 499 or 5xx; a timeout counts as 499), and the hook is disabled after
// more than 100 invalid answers in 2 hours.

export type WebhookAction = 'add' | 'update' | 'delete' | 'status' | 'responsible' | 'note' | 'restore';

const SINGULAR: Record<EntityKind, string> = { contacts: 'contact', leads: 'lead' };

interface Pending {
  items: Array<{ entity: EntityKind; action: WebhookAction; item: WebhookItem }>;
  timer: NodeJS.Timeout | undefined;
}

interface Delivery {
  webhookId: number;
  destination: string;
  body: string;
  items: number;
}

export interface DeliveryLog {
  requestId: string;
  webhookId: number;
  destination: string;
  attempt: number;
  status: number;
  items: number;
  duplicate: boolean;
  at: number;
}

export interface WebhookStats {
  sent: number;
  delivered: number;
  failed: number;
  dropped: number;
  duplicated: number;
  retried: number;
  disabled: number;
}

const zeroStats = (): WebhookStats => ({
  sent: 0,
  delivered: 0,
  failed: 0,
  dropped: 0,
  duplicated: 0,
  retried: 0,
  disabled: 0,
});

const LOG_SIZE = 1000;

export interface DispatcherDeps {
  store: () => Store;
  knobs: () => AmoKnobs;
  clock: Clock;
  baseUrl: () => string;
  onStateChange: () => void;
}

export class WebhookDispatcher {
  private readonly deps: DispatcherDeps;
  private readonly pending = new Map<number, Pending>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly aborts = new Set<AbortController>();
  private readonly failures = new Map<number, number[]>();
  private readonly agent = new Agent({ keepAliveTimeout: 1_000 });
  private log: DeliveryLog[] = [];
  private counters = zeroStats();
  private closed = false;

  constructor(deps: DispatcherDeps) {
    this.deps = deps;
  }

  /** Queue one change for every enabled hook subscribed to `{action}_{entity}`. */
  enqueue(entity: EntityKind, action: WebhookAction, item: WebhookItem): void {
    if (this.closed) return;
    const setting = `${action}_${SINGULAR[entity]}`;
    for (const hook of this.deps.store().webhooks) {
      if (hook.disabled || !hook.settings.includes(setting)) continue;
      let p = this.pending.get(hook.id);
      if (!p) {
        p = { items: [], timer: undefined };
        this.pending.set(hook.id, p);
      }
      p.items.push({ entity, action, item });
      const knobs = this.deps.knobs();
      if (p.items.length >= knobs.webhookMaxBatch) {
        this.flushHook(hook.id);
      } else if (!p.timer) {
        const id = hook.id;
        p.timer = this.later(knobs.webhookBatchMs, () => this.flushHook(id));
      }
    }
  }

  /** Send every open batch now and wait until no first attempt is in flight (retries keep their timers). */
  async flush(): Promise<void> {
    for (const id of [...this.pending.keys()]) this.flushHook(id);
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  stats(): WebhookStats {
    return { ...this.counters };
  }

  deliveries(): DeliveryLog[] {
    return [...this.log];
  }

  /** Forget failures of a hook (re-subscribing re-enables it). */
  resetHook(id: number): void {
    this.failures.delete(id);
  }

  reset(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
    this.failures.clear();
    this.log = [];
    this.counters = zeroStats();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
    for (const a of this.aborts) a.abort();
    await Promise.allSettled([...this.inflight]);
    await this.agent.close();
  }

  private later(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  private track(p: Promise<void>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  private flushHook(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (p.timer) {
      clearTimeout(p.timer);
      this.timers.delete(p.timer);
    }
    const hook = this.hook(id);
    if (!hook || hook.disabled) return;
    const knobs = this.deps.knobs();
    if (Math.random() < knobs.webhookDropRate) {
      this.counters.dropped += 1;
      return;
    }
    const delivery: Delivery = {
      webhookId: id,
      destination: hook.destination,
      body: this.encode(p),
      items: p.items.length,
    };
    const duplicate = Math.random() < knobs.webhookDuplicateRate;
    this.track(
      this.attempt(delivery, 1).then(async () => {
        if (!duplicate || this.closed) return;
        this.counters.duplicated += 1;
        await this.post(delivery, 1, true);
      }),
    );
  }

  private encode(p: Pending): string {
    const store = this.deps.store();
    const body: Record<string, Record<string, WebhookItem[]>> = {};
    for (const { entity, action, item } of p.items) {
      body[entity] ??= {};
      const group = body[entity];
      group[action] ??= [];
      group[action].push(item);
    }
    const account = {
      subdomain: store.account.subdomain,
      id: String(store.account.id),
      _links: { self: this.deps.baseUrl() },
    };
    return qs.stringify({ account, ...body }, { format: 'RFC1738', arrayFormat: 'indices' });
  }

  private hook(id: number): WebhookRecord | undefined {
    return this.deps.store().webhooks.find((w) => w.id === id);
  }

  private async attempt(delivery: Delivery, attempt: number): Promise<void> {
    const hook = this.hook(delivery.webhookId);
    if (this.closed || !hook || hook.disabled || hook.destination !== delivery.destination) return;
    const status = await this.post(delivery, attempt, false);
    if (status >= 100 && status <= 299) return;
    if (this.countFailure(hook)) return;
    const retryable = attempt <= 2 || status === 499 || (status >= 500 && status <= 599);
    const delay = this.deps.knobs().webhookRetryDelaysMs[attempt - 1];
    if (attempt >= 5 || !retryable || delay === undefined || this.closed) return;
    this.later(delay, () => {
      this.counters.retried += 1;
      this.track(this.attempt(delivery, attempt + 1));
    });
  }

  /** Records an invalid answer; returns true when it got the hook disabled. */
  private countFailure(hook: WebhookRecord): boolean {
    const knobs = this.deps.knobs();
    const now = this.deps.clock.nowMs();
    const since = now - knobs.webhookDisableWindowSec * 1000;
    const list = (this.failures.get(hook.id) ?? []).filter((t) => t > since);
    list.push(now);
    this.failures.set(hook.id, list);
    if (knobs.webhookDisableAfterFailures > 0 && list.length > knobs.webhookDisableAfterFailures) {
      hook.disabled = true;
      hook.updated_at = Math.floor(now / 1000);
      this.counters.disabled += 1;
      this.deps.onStateChange();
      return true;
    }
    return false;
  }

  /** One POST; the status, 499 when it timed out, 0 when no HTTP answer came at all. */
  private async post(delivery: Delivery, attempt: number, duplicate: boolean): Promise<number> {
    const requestId = randomUUID();
    const abort = new AbortController();
    this.aborts.add(abort);
    const timer = setTimeout(() => abort.abort(), this.deps.knobs().webhookTimeoutMs);
    let status = 0;
    try {
      const res = await request(delivery.destination, {
        method: 'POST',
        dispatcher: this.agent,
        signal: abort.signal,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'user-agent': 'amoCRM-Webhooks/3.0',
          'x-amocrm-requestid': requestId,
          'accept-encoding': 'gzip',
        },
        body: delivery.body,
      });
      await res.body.dump();
      status = res.statusCode;
    } catch {
      status = abort.signal.aborted && !this.closed ? 499 : 0;
    } finally {
      clearTimeout(timer);
      this.aborts.delete(abort);
    }
    this.counters.sent += 1;
    if (status >= 100 && status <= 299) this.counters.delivered += 1;
    else this.counters.failed += 1;
    this.log.push({
      requestId,
      webhookId: delivery.webhookId,
      destination: delivery.destination,
      attempt,
      status,
      items: delivery.items,
      duplicate,
      at: this.deps.clock.nowSec(),
    });
    if (this.log.length > LOG_SIZE) this.log = this.log.slice(-LOG_SIZE);
    return status;
  }
}
