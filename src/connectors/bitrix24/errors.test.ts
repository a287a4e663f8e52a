import { describe, expect, it } from 'vitest';
import type { CrmResponse } from '../contract.ts';
import { classify } from './errors.ts';

function answer(status: number, body: unknown, headers: Record<string, string> = {}): CrmResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers, text, json: typeof body === 'string' ? undefined : body };
}

const NGINX_502 =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
const DATE = 'Sun, 29 Nov 2026 09:00:00 GMT';
const DATE_SECONDS = Date.parse(DATE) / 1000;

// Bodies as bitrix24-api.md §3 records them (docs, product source and issues), one row per branch.
const rows: [string, CrmResponse, Record<string, unknown> | null][] = [
  ['success envelope', answer(200, { result: 46, time: { start: 1 } }), null],
  [
    'batch with failed sub-commands is still a success',
    answer(200, {
      result: { result: [], result_error: { a: { error: '', error_description: 'Not found' } } },
    }),
    null,
  ],
  [
    '503 QUERY_LIMIT_EXCEEDED',
    answer(503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' }),
    { kind: 'rate_limited', retryAfterMs: 1500 },
  ],
  [
    '429 OPERATION_TIME_LIMIT with a reset time',
    answer(
      429,
      {
        error: 'OPERATION_TIME_LIMIT',
        error_description: 'Method is blocked due to operation time limit',
        time: { operating_reset_at: DATE_SECONDS + 95 },
      },
      { date: DATE },
    ),
    { kind: 'rate_limited', retryAfterMs: 95_000 },
  ],
  [
    '429 OPERATION_TIME_LIMIT without one',
    answer(429, {
      error: 'OPERATION_TIME_LIMIT',
      error_description: 'Method is blocked due to operation time limit',
    }),
    { kind: 'rate_limited', retryAfterMs: 60_000 },
  ],
  [
    '401 expired_token',
    answer(401, { error: 'expired_token', error_description: 'The access token provided has expired' }),
    { kind: 'auth', refreshable: true },
  ],
  [
    '401 invalid_token',
    answer(401, { error: 'invalid_token', error_description: 'invalid token' }),
    { kind: 'auth', refreshable: true },
  ],
  [
    '401 NO_AUTH_FOUND',
    answer(401, { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' }),
    { kind: 'auth', refreshable: false },
  ],
  [
    '403/401 INVALID_CREDENTIALS (webhook)',
    answer(401, { error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' }),
    { kind: 'auth', refreshable: false },
  ],
  [
    'insufficient_scope',
    answer(403, {
      error: 'insufficient_scope',
      error_description: 'The request requires higher privileges than provided by the webhook token',
    }),
    { kind: 'auth', refreshable: false },
  ],
  [
    'token endpoint invalid_grant',
    answer(400, { error: 'invalid_grant', error_description: 'Invalid refresh token' }),
    { kind: 'auth', refreshable: false },
  ],
  [
    '403 ACCESS_DENIED: no REST on this plan',
    answer(403, {
      error: 'ACCESS_DENIED',
      error_description: 'REST API is available only on commercial plans',
    }),
    { kind: 'auth', refreshable: false },
  ],
  [
    '400 ACCESS_DENIED on one record',
    answer(400, { error: 'ACCESS_DENIED', error_description: 'Access denied' }),
    { kind: 'rejected' },
  ],
  [
    '503 OVERLOAD_LIMIT',
    answer(503, { error: 'OVERLOAD_LIMIT', error_description: 'REST API is blocked due to overload.' }),
    { kind: 'blocked' },
  ],
  [
    'legacy validation error:""',
    answer(400, { error: '', error_description: "Parameter 'fields' must be array." }),
    { kind: 'rejected' },
  ],
  [
    'legacy not found error:""',
    answer(400, { error: '', error_description: 'Contact is not found' }),
    { kind: 'not_found' },
  ],
  [
    'ERROR_CORE element not found',
    answer(400, { error: 'ERROR_CORE', error_description: 'Element not found' }),
    { kind: 'not_found' },
  ],
  [
    'engine NOT_FOUND',
    answer(400, { error: 'NOT_FOUND', error_description: 'Element not found' }),
    { kind: 'not_found' },
  ],
  [
    'timeline OWNER_NOT_FOUND',
    answer(400, { error: 'OWNER_NOT_FOUND', error_description: 'Owner was not found' }),
    { kind: 'not_found' },
  ],
  [
    'catalog numeric code',
    answer(400, { error: 200040300010, error_description: 'Access Denied' }),
    { kind: 'rejected' },
  ],
  [
    'product rows ERROR_CORE with <br>',
    answer(400, { error: 'ERROR_CORE', error_description: 'Discount Sum (DISCOUNT_SUM) is required<br>' }),
    { kind: 'rejected', detail: 'ERROR_CORE: Discount Sum (DISCOUNT_SUM) is required' },
  ],
  [
    '500 INTERNAL_SERVER_ERROR',
    answer(500, { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' }),
    { kind: 'unavailable' },
  ],
  [
    '500 ERROR_CORE SQL',
    answer(500, { error: 'ERROR_CORE', error_description: 'SQL query error!' }),
    { kind: 'unavailable' },
  ],
  [
    '404 ERROR_METHOD_NOT_FOUND',
    answer(404, { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' }),
    { kind: 'rejected' },
  ],
  ['HTML 502 from nginx', answer(502, NGINX_502, { 'content-type': 'text/html' }), { kind: 'unavailable' }],
  [
    'HTML 503 without a JSON body',
    answer(503, '<html>busy</html>', { 'retry-after': '3' }),
    { kind: 'rate_limited', retryAfterMs: 3000 },
  ],
  [
    '302 portal moved',
    answer(302, '', { location: 'https://new.bitrix24.ru/rest/1/x/batch' }),
    { kind: 'unavailable' },
  ],
  ['200 without JSON', answer(200, '<html>login</html>'), { kind: 'unavailable' }],
];

describe('classify', () => {
  it.each(rows)('%s', (_name, response, expected) => {
    const error = classify(response);
    if (expected === null) expect(error).toBeNull();
    else expect(error).toMatchObject(expected);
  });
});
