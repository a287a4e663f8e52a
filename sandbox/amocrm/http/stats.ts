import { performance } from 'node:perf_hooks';
import type { OAuthStats } from '../auth/tokens.ts';
import type { WebhookStats } from '../webhooks/dispatcher.ts';

export interface StatsSnapshot {
  requests: number;
  byRoute: Record<string, number>;
  status: Record<string, number>;
  maxRequestsInAnySecond: number;
  rateLimited: number;
  blocked: number;
  hung: number;
  injectedFailures: number;
  lostResponses: number;
  webhook: WebhookStats;
  oauth: OAuthStats;
}

/** Counters of the API surface (the control API and the consent page are not counted). */
export class Stats {
  requests = 0;
  rateLimited = 0;
  blocked = 0;
  hung = 0;
  injectedFailures = 0;
  lostResponses = 0;
  private byRoute: Record<string, number> = {};
  private status: Record<string, number> = {};
  private window: number[] = [];
  private maxInSecond = 0;

  request(routeKey: string): void {
    this.requests += 1;
    this.byRoute[routeKey] = (this.byRoute[routeKey] ?? 0) + 1;
    const now = performance.now();
    this.window.push(now);
    while (this.window.length > 0 && (this.window[0] ?? 0) <= now - 1000) this.window.shift();
    this.maxInSecond = Math.max(this.maxInSecond, this.window.length);
  }

  answered(statusCode: number): void {
    const key = String(statusCode);
    this.status[key] = (this.status[key] ?? 0) + 1;
  }

  snapshot(webhook: WebhookStats, oauth: OAuthStats): StatsSnapshot {
    return {
      requests: this.requests,
      byRoute: { ...this.byRoute },
      status: { ...this.status },
      maxRequestsInAnySecond: this.maxInSecond,
      rateLimited: this.rateLimited,
      blocked: this.blocked,
      hung: this.hung,
      injectedFailures: this.injectedFailures,
      lostResponses: this.lostResponses,
      webhook,
      oauth: { ...oauth },
    };
  }

  reset(): void {
    this.requests = 0;
    this.rateLimited = 0;
    this.blocked = 0;
    this.hung = 0;
    this.injectedFailures = 0;
    this.lostResponses = 0;
    this.byRoute = {};
    this.status = {};
    this.window = [];
    this.maxInSecond = 0;
  }
}
