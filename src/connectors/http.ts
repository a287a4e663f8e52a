/**
 * The one HTTP path every CRM call takes: rate slot → credentials (refreshed when due) → request with a
 * timeout → classification by the connector. A refreshable auth failure is refreshed once and the call
 * retried once; every other failure is returned as a value for the retry policy to judge.
 */
import { request as undiciRequest } from 'undici';
import { err, ok } from '../core/result.ts';
import type { AuthAdapter, CrmError, CrmHttp, CrmRequest, CrmResponse, CrmResult, Json } from './contract.ts';

export type CrmHttpDeps = {
  readonly auth: AuthAdapter;
  readonly classify: (response: CrmResponse) => CrmError | null;
  /** The current credentials (may be cached by the caller). */
  readonly credentials: () => Promise<Json>;
  /** Refreshes `stale` once across every process; answers the credentials to use now. */
  readonly refresh: (stale: Json) => Promise<CrmResult<Json>>;
  /** Waits for a rate slot of the bucket, or answers how long to come back after when the wait is long. */
  readonly throttle: (bucket: string) => Promise<{ readonly retryAfterMs: number } | null>;
  /** Pushes every worker's next slot back after the CRM said "too many requests". */
  readonly penalize: (bucket: string, delayMs: number) => Promise<void>;
  readonly timeoutMs: number;
  readonly now: () => number;
  /** Refresh this long before the access token runs out. */
  readonly refreshMarginMs?: number;
  readonly observe?: (exchange: { request: CrmRequest; status: number | 'network'; ms: number }) => void;
};

export function createCrmHttp(deps: CrmHttpDeps): CrmHttp {
  const margin = deps.refreshMarginMs ?? 5 * 60_000;
  return async (request) => {
    let credentials = await deps.credentials();
    const expiresAt = deps.auth.expiresAt(credentials);
    const issuedAt = deps.auth.issuedAt(credentials);
    // At most a quarter of the token's life early: one living less than the margin would be refreshed
    // before every single call.
    const lead =
      expiresAt === null || issuedAt === null ? margin : Math.min(margin, (expiresAt - issuedAt) / 4);
    if (!request.anonymous && expiresAt !== null && expiresAt - lead <= deps.now()) {
      const refreshed = await deps.refresh(credentials);
      if (!refreshed.ok) return refreshed;
      credentials = refreshed.value;
    }
    const first = await send(deps, request, credentials);
    if (first.ok || first.error.kind !== 'auth' || !first.error.refreshable || request.anonymous)
      return first;
    const refreshed = await deps.refresh(credentials);
    if (!refreshed.ok) return refreshed;
    return send(deps, request, refreshed.value);
  };
}

async function send(
  deps: CrmHttpDeps,
  request: CrmRequest,
  credentials: Json,
): Promise<CrmResult<CrmResponse>> {
  const bucket = request.bucket ?? 'api';
  const busy = await deps.throttle(bucket);
  if (busy)
    return err({ kind: 'rate_limited', retryAfterMs: busy.retryAfterMs, detail: 'waiting for a rate slot' });
  const authorized = request.anonymous ? request : deps.auth.apply(request, credentials);
  const url = absolute(authorized, deps.auth.apiBase(credentials));
  const started = deps.now();
  try {
    const answer = await undiciRequest(url, {
      method: authorized.method,
      headers: headersOf(authorized),
      body: bodyOf(authorized),
      headersTimeout: deps.timeoutMs,
      bodyTimeout: deps.timeoutMs,
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    const text = await answer.body.text();
    const response: CrmResponse = {
      status: answer.statusCode,
      headers: flatHeaders(answer.headers),
      text,
      json: parseJson(text),
    };
    deps.observe?.({ request, status: response.status, ms: deps.now() - started });
    const failure = deps.classify(response);
    if (failure?.kind === 'rate_limited') await deps.penalize(bucket, failure.retryAfterMs);
    return failure ? err(failure) : ok(response);
  } catch (cause) {
    deps.observe?.({ request, status: 'network', ms: deps.now() - started });
    return err({ kind: 'unavailable', detail: describeNetworkError(cause, deps.timeoutMs) });
  }
}

function absolute(request: CrmRequest, base: string): string {
  const path = /^https?:\/\//.test(request.path)
    ? request.path
    : `${base.replace(/\/+$/, '')}/${request.path.replace(/^\/+/, '')}`;
  return request.query ? `${path}${path.includes('?') ? '&' : '?'}${request.query}` : path;
}

function headersOf(request: CrmRequest): Record<string, string> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': 'limebridge/0.1',
    ...request.headers,
  };
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  if (request.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  return headers;
}

function bodyOf(request: CrmRequest): string | undefined {
  if (request.json !== undefined) return JSON.stringify(request.json);
  return request.form;
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).flatMap(([key, value]) =>
      value === undefined ? [] : [[key.toLowerCase(), Array.isArray(value) ? value.join(', ') : value]],
    ),
  );
}

function parseJson(text: string): unknown {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

function describeNetworkError(cause: unknown, timeoutMs: number): string {
  const error = cause as { name?: string; code?: string; message?: string };
  if (
    error.name === 'TimeoutError' ||
    error.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    error.code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    return `no answer within ${timeoutMs} ms`;
  }
  return `${error.code ?? error.name ?? 'network error'}: ${error.message ?? String(cause)}`;
}
