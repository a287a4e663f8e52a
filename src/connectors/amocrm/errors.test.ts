import { describe, expect, it } from 'vitest';
import type { CrmResponse } from '../contract.ts';
import { classifyAmo } from './errors.ts';

function answer(status: number, body: string, headers: Record<string, string> = {}): CrmResponse {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status, headers, text: body, json };
}

// Bodies as recorded in amocrm-api.md (§2.2, §2.6, §3.1, §3.4) and the issues it cites.
const NGINX_403 =
  '<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const HTML_429 =
  '<html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1></body></html>';
const KOMMO_429 = JSON.stringify({
  title: 'Too Many Requests',
  type: 'https://httpstatus.es/429',
  status: 429,
  detail: 'You have sent too many requests in a given amount of time. Please try again later.',
  retry_after: 300,
});
const VALIDATION_400 = JSON.stringify({
  'validation-errors': [
    {
      request_id: '0',
      errors: [
        {
          code: 'NotSupportedChoice',
          path: 'custom_fields_values.0.field_id',
          detail: 'The value you selected is not a valid choice.',
        },
      ],
    },
  ],
  title: 'Bad Request',
  type: 'https://httpstatus.es/400',
  status: 400,
  detail: 'Request validation failed',
});
const EMPTY_400 = JSON.stringify({
  title: 'Bad Request',
  type: 'https://httpstatus.es/400',
  status: 400,
  detail: 'Request data can not be empty',
});
const OAUTH_400 = JSON.stringify({
  hint: 'Authorization code has expired',
  title: 'Некорректный запрос',
  type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson',
  status: 400,
  detail: 'В запросе отсутствует ряд параметров или параметры невалидны',
});
const OAUTH_401_REVOKED = JSON.stringify({
  hint: 'Token has been revoked',
  title: 'Unauthorized',
  type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson',
  status: 401,
  detail: 'Refresh token has been revoked',
});
const API_401 = JSON.stringify({
  title: 'Unauthorized',
  type: 'https://httpstatus.es/401',
  status: 401,
  detail: 'Invalid user name or password',
});
const PAYMENT_402 = JSON.stringify({
  title: 'Payment Required',
  type: 'https://httpstatus.es/402',
  status: 402,
  detail: 'Payment required',
});
const RIGHTS_403 = JSON.stringify({
  title: 'Forbidden',
  type: 'https://httpstatus.es/403',
  status: 403,
  detail: 'Access denied',
});
const LIMIT_422 = JSON.stringify({
  title: 'Unprocessable Entity',
  type: 'https://httpstatus.es/422',
  status: 422,
  detail: 'Limit 250 per page',
});
const NOT_FOUND_404 = JSON.stringify({
  title: 'Not Found',
  type: 'https://httpstatus.es/404',
  status: 404,
  detail: 'Cannot GET https://sub.kommo.com/example',
});

describe('classifyAmo', () => {
  const rows: [string, CrmResponse, Record<string, unknown> | null][] = [
    ['200 list', answer(200, '{"_embedded":{"contacts":[]}}'), null],
    ['204 empty list / missing by id', answer(204, ''), null],
    ['400 validation errors → per item, in client.ts', answer(400, VALIDATION_400), null],
    ['400 without item errors', answer(400, EMPTY_400), { kind: 'rejected' }],
    ['400 OAuth code expired', answer(400, OAUTH_400), { kind: 'auth', refreshable: false }],
    ['401 refresh token revoked', answer(401, OAUTH_401_REVOKED), { kind: 'auth', refreshable: false }],
    ['401 API token expired', answer(401, API_401), { kind: 'auth', refreshable: true }],
    ['402 account not paid', answer(402, PAYMENT_402), { kind: 'blocked' }],
    ['403 nginx page (blocked for excess)', answer(403, NGINX_403), { kind: 'blocked' }],
    ['403 JSON (no rights)', answer(403, RIGHTS_403), { kind: 'rejected' }],
    ['404 unknown route', answer(404, NOT_FOUND_404), { kind: 'rejected' }],
    ['422 batch too large', answer(422, LIMIT_422), { kind: 'rejected' }],
    ['429 HTML without Retry-After', answer(429, HTML_429), { kind: 'rate_limited', retryAfterMs: 1000 }],
    [
      '429 Kommo JSON with retry_after',
      answer(429, KOMMO_429),
      { kind: 'rate_limited', retryAfterMs: 300_000 },
    ],
    [
      '429 with a Retry-After header',
      answer(429, HTML_429, { 'retry-after': '7' }),
      { kind: 'rate_limited', retryAfterMs: 7000 },
    ],
    [
      '503 overloaded',
      answer(503, '<html>Service Unavailable</html>'),
      { kind: 'rate_limited', retryAfterMs: 2000 },
    ],
    ['500 server error', answer(500, '<html>Internal Server Error</html>'), { kind: 'unavailable' }],
    ['502 bad gateway', answer(502, ''), { kind: 'unavailable' }],
    ['504 gateway timeout', answer(504, ''), { kind: 'unavailable' }],
  ];

  it.each(rows)('%s', (_name, response, expected) => {
    const error = classifyAmo(response);
    if (expected === null) expect(error).toBeNull();
    else expect(error).toMatchObject(expected);
  });

  it('describes HTML pages by their title, not their markup', () => {
    expect(classifyAmo(answer(403, NGINX_403))).toEqual({ kind: 'blocked', detail: '403 403 Forbidden' });
  });
});
