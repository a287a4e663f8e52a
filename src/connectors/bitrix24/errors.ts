/**
 * Bitrix24 answers → `CrmError`, by the `error` code rather than the HTTP status (bitrix24-api.md §3):
 * the status of one code differs between the docs and the product (403 vs 401), legacy CRM methods say
 * `error:""` for every validation failure, catalog methods send numbers, and a batch reports its
 * sub-command errors inside a 200.
 */
import type { CrmError, CrmResponse } from '../contract.ts';
import { BxErrorBody } from './wire.ts';

/** One second of the bucket's drain (2/s) frees two requests; every worker waits it out. */
const QUERY_LIMIT_WAIT_MS = 1_500;
/** b24jssdk's floor for an operating-limit pause; used when the answer does not say when it resets. */
const OPERATING_MIN_WAIT_MS = 10_000;
const OPERATING_DEFAULT_WAIT_MS = 60_000;

const AUTH_REFRESHABLE = new Set(['expired_token', 'invalid_token']);
const AUTH_FINAL = new Set([
  'NO_AUTH_FOUND',
  'INVALID_CREDENTIALS',
  'insufficient_scope',
  'invalid_scope',
  'APPLICATION_NOT_FOUND',
  'user_access_error',
  'authorization_error',
  'METHOD_CONFIRM_WAITING',
  'METHOD_CONFIRM_DENIED',
  'INVALID_REQUEST',
  'invalid_request',
  'invalid_grant',
  'invalid_client',
  'PAYMENT_REQUIRED',
]);
const BLOCKED = new Set(['OVERLOAD_LIMIT', 'PORTAL_DELETED']);
const UNAVAILABLE = new Set(['INTERNAL_SERVER_ERROR', 'ERROR_UNEXPECTED_ANSWER']);
const NOT_FOUND = new Set(['NOT_FOUND', 'OWNER_NOT_FOUND']);
// Legacy CRM has no code for "not found"; these are the messages it sends (tested in errors.test.ts).
const NOT_FOUND_MESSAGE = /(^|\s)(not found|is not found)\.?$/i;

export function classify(response: CrmResponse): CrmError | null {
  const body = BxErrorBody.safeParse(response.json);
  if (body.success) return classifyBxError(body.data, response.status, response.headers);
  if (response.status >= 200 && response.status < 300) {
    return response.json === undefined
      ? {
          kind: 'unavailable',
          detail: `HTTP ${response.status} without a JSON body: ${snippet(response.text)}`,
        }
      : null;
  }
  return classifyStatus(response);
}

/** A failure as Bitrix24 words it: the body of an error answer, or one `result_error` entry of a batch. */
export function classifyBxError(
  body: BxErrorBody,
  status: number | null,
  headers: Readonly<Record<string, string>> = {},
): CrmError {
  const code = body.error;
  const detail = describe(body);
  if (typeof code === 'number') return { kind: 'rejected', detail: `catalog error ${detail}` };
  if (code === 'QUERY_LIMIT_EXCEEDED')
    return { kind: 'rate_limited', retryAfterMs: QUERY_LIMIT_WAIT_MS, detail };
  if (code === 'OPERATION_TIME_LIMIT')
    return { kind: 'rate_limited', retryAfterMs: operatingWait(body, headers), detail };
  if (AUTH_REFRESHABLE.has(code)) return { kind: 'auth', refreshable: true, detail };
  if (AUTH_FINAL.has(code)) return { kind: 'auth', refreshable: false, detail };
  // `ACCESS_DENIED` is the whole account's (no REST on this plan) at 403, one record's at 400.
  if (code === 'ACCESS_DENIED' && status === 403) return { kind: 'auth', refreshable: false, detail };
  if (BLOCKED.has(code)) return { kind: 'blocked', detail };
  if (UNAVAILABLE.has(code) || (status !== null && status >= 500)) return { kind: 'unavailable', detail };
  if (NOT_FOUND.has(code)) return { kind: 'not_found', remoteId: '', detail };
  if (
    (code === '' || code === 'ERROR_CORE') &&
    NOT_FOUND_MESSAGE.test((body.error_description ?? '').trim())
  ) {
    return { kind: 'not_found', remoteId: '', detail };
  }
  return { kind: 'rejected', detail };
}

function classifyStatus(response: CrmResponse): CrmError {
  const detail = `HTTP ${response.status}: ${snippet(response.text)}`;
  if (response.status === 429 || response.status === 503) {
    return {
      kind: 'rate_limited',
      retryAfterMs: retryAfter(response.headers) ?? QUERY_LIMIT_WAIT_MS,
      detail,
    };
  }
  if (response.status === 401 || response.status === 403) return { kind: 'auth', refreshable: false, detail };
  if (response.status >= 300 && response.status < 400) {
    return {
      kind: 'unavailable',
      detail: `redirected to ${response.headers.location ?? '?'} (portal moved?)`,
    };
  }
  if (response.status === 404) return { kind: 'rejected', detail };
  return { kind: 'unavailable', detail };
}

/** Until the method's oldest one-minute basket expires (`time.operating_reset_at`), at least 10 s. */
function operatingWait(body: BxErrorBody, headers: Readonly<Record<string, string>>): number {
  const resetAt = body.time?.operating_reset_at;
  const now = Date.parse(headers.date ?? '');
  if (resetAt !== undefined && Number.isFinite(now)) {
    return Math.max(OPERATING_MIN_WAIT_MS, resetAt * 1000 - now);
  }
  return Math.max(OPERATING_MIN_WAIT_MS, retryAfter(headers) ?? OPERATING_DEFAULT_WAIT_MS);
}

function retryAfter(headers: Readonly<Record<string, string>>): number | null {
  const value = headers['retry-after'];
  if (value === undefined) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  const now = Date.parse(headers.date ?? '');
  return Number.isFinite(at) && Number.isFinite(now) ? Math.max(0, at - now) : null;
}

function describe(body: BxErrorBody): string {
  const text = (body.error_description ?? '').replace(/<br\s*\/?>/gi, ' ').trim();
  const code = body.error === '' ? '' : `${body.error}`;
  return [code, text].filter((part) => part !== '').join(': ') || 'unspecified error';
}

function snippet(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}
