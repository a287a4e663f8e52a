import type { Clock } from '../clock.ts';
import { type NewEvent, recordEvent } from '../events/feed.ts';
import type { CfScope } from '../fields/values.ts';
import type { AmoKnobs } from '../options.ts';
import type { Store } from '../state/store.ts';
import type { EntityKind, FieldOwner } from '../state/types.ts';
import type { WebhookAction, WebhookDispatcher } from '../webhooks/dispatcher.ts';
import type { WebhookItem } from '../webhooks/items.ts';

/** Who performs a change: the integration's user (API token) or a manager in the UI. */
export interface Actor {
  userId: number;
}

/**
 * What every operation on the account needs: the data, the clock, the knobs, and the two outlets
 * a change feeds (the events feed and webhook delivery). API routes and UI actions share it, so a
 * change looks the same whoever makes it.
 */
export class AccountContext {
  store: Store;
  readonly clock: Clock;
  readonly knobs: AmoKnobs;
  readonly dispatcher: WebhookDispatcher;
  baseUrl = '';

  constructor(deps: { store: Store; clock: Clock; knobs: AmoKnobs; dispatcher: WebhookDispatcher }) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.knobs = deps.knobs;
    this.dispatcher = deps.dispatcher;
  }

  get timezone(): string {
    return this.store.account.timezone;
  }

  now(): number {
    return this.clock.nowSec();
  }

  event(e: NewEvent): void {
    recordEvent(this.store, this.clock.nowMs(), e);
  }

  webhook(entity: EntityKind, action: WebhookAction, item: WebhookItem): void {
    this.dispatcher.enqueue(entity, action, item);
  }

  cfScope(owner: FieldOwner, catalogId: number | null = null): CfScope {
    return { store: this.store, owner, catalogId, timezone: this.timezone };
  }

  itemScope() {
    return { store: this.store, timezone: this.timezone };
  }

  link(path: string): string {
    return `${this.baseUrl}${path}`;
  }
}
