/** HTTP to the hub as Lime does it (lime-protocol.md §2–3): one call, one classified outcome. */
import { Agent, request } from 'undici';
import type { LimeEvent } from './model.ts';

export interface HubErrorBody {
  code?: string;
  message?: string;
  details?: { path?: string; message?: string }[];
}

export type PostOutcome =
  | { kind: 'ok'; status: number; accepted: number; duplicates: number }
  /** A 400-class answer about the content: retrying the same batch cannot help. */
  | { kind: 'rejected'; status: number; error: HubErrorBody | null }
  /** A network error, a timeout, a 5xx or another status worth trying again. */
  | { kind: 'retry'; status?: number; reason: string; retryAfterMs?: number };

export type PullOutcome =
  | { kind: 'ok'; events: unknown[]; cursor: string | null }
  | { kind: 'retry'; status?: number; reason: string; retryAfterMs?: number };

export interface HubClient {
  postEvents(events: readonly LimeEvent[]): Promise<PostOutcome>;
  pullOutbound(after: string | null, limit: number): Promise<PullOutcome>;
  close(): Promise<void>;
}

export interface HubClientOptions {
  hubUrl: string;
  /** Read on every call, so the key can be set after start. */
  apiKey: () => string;
  /** No answer within this long is a timeout (retried); read on every call. */
  timeoutMs: () => number;
}

/** Statuses that say the batch itself is wrong; everything else (401, 404, 429, 5xx…) is retried. */
const REJECTING_STATUSES = new Set([400, 413, 422]);

function parseRetryAfter(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const describe = (error: unknown): string =>
  error instanceof Error
    ? `${(error as { code?: string }).code ?? error.name}: ${error.message}`
    : String(error);

export function createHubClient(options: HubClientOptions): HubClient {
  const base = options.hubUrl.endsWith('/') ? options.hubUrl : `${options.hubUrl}/`;
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 32 });

  const call = async (method: 'GET' | 'POST', path: string, body?: string) => {
    const headers = { authorization: `Bearer ${options.apiKey()}` };
    const response = await request(new URL(path, base), {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body,
      headersTimeout: options.timeoutMs(),
      bodyTimeout: options.timeoutMs(),
      dispatcher: agent,
    });
    const text = await response.body.text();
    return {
      status: response.statusCode,
      body: parseJson(text),
      retryAfter: response.headers['retry-after'],
    };
  };

  return {
    postEvents: async (events) => {
      let answer: Awaited<ReturnType<typeof call>>;
      try {
        answer = await call('POST', 'v1/events', JSON.stringify({ events }));
      } catch (error) {
        return { kind: 'retry', reason: describe(error) };
      }
      const { status, body } = answer;
      if (status >= 200 && status < 300) {
        const counts = (body ?? {}) as { accepted?: unknown; duplicates?: unknown };
        const accepted = typeof counts.accepted === 'number' ? counts.accepted : events.length;
        const duplicates = typeof counts.duplicates === 'number' ? counts.duplicates : 0;
        return { kind: 'ok', status, accepted, duplicates };
      }
      if (REJECTING_STATUSES.has(status)) {
        const error = (body as { error?: HubErrorBody } | undefined)?.error ?? null;
        return { kind: 'rejected', status, error };
      }
      return {
        kind: 'retry',
        status,
        reason: `HTTP ${status}`,
        retryAfterMs: parseRetryAfter(answer.retryAfter),
      };
    },

    pullOutbound: async (after, limit) => {
      const query = new URLSearchParams({ limit: String(limit) });
      if (after !== null) query.set('after', after);
      let answer: Awaited<ReturnType<typeof call>>;
      try {
        answer = await call('GET', `v1/outbound?${query}`);
      } catch (error) {
        return { kind: 'retry', reason: describe(error) };
      }
      const page = answer.body as { events?: unknown; cursor?: unknown } | undefined;
      if (answer.status !== 200 || !Array.isArray(page?.events)) {
        return {
          kind: 'retry',
          status: answer.status,
          reason: `HTTP ${answer.status}`,
          retryAfterMs: parseRetryAfter(answer.retryAfter),
        };
      }
      const cursor = typeof page.cursor === 'string' ? page.cursor : after;
      return { kind: 'ok', events: page.events, cursor };
    },

    close: () => agent.destroy(),
  };
}
