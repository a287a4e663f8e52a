/** The HTTP edge's one error catalog: code → status → message, rendered as the spec's error body. */
export const ERROR_CATALOG = {
  validation_failed: { status: 400, message: 'The request is invalid; see details.' },
  malformed_json: { status: 400, message: 'The body is not valid JSON.' },
  unsupported_media_type: { status: 415, message: 'Send the body as application/json.' },
  unauthorized: { status: 401, message: 'A valid API key is required: Authorization: Bearer <apiKey>.' },
  admin_unauthorized: {
    status: 401,
    message: 'A valid admin token is required: Authorization: Bearer <admin token>.',
  },
  forbidden: { status: 403, message: 'This webhook secret does not match the connection.' },
  not_found: { status: 404, message: 'Not found.' },
  conflict: { status: 409, message: 'The request conflicts with the current state.' },
  payload_too_large: { status: 413, message: 'The body is too large.' },
  rate_limited: { status: 429, message: 'Too many requests.' },
  not_implemented: { status: 501, message: 'This is not available for this kind of connection yet.' },
  crm_failed: { status: 502, message: 'The CRM refused or failed the request; see details.' },
  unavailable: { status: 503, message: 'The service is not ready.' },
  internal: { status: 500, message: 'Something went wrong on our side; it has been logged.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOG;
export type ErrorDetail = { readonly path: string; readonly message: string };

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: readonly ErrorDetail[];

  constructor(code: ErrorCode, message?: string, details: readonly ErrorDetail[] = []) {
    super(message ?? ERROR_CATALOG[code].message);
    this.code = code;
    this.status = ERROR_CATALOG[code].status;
    this.details = details;
  }
}

export function errorBody(code: ErrorCode, message: string, details: readonly ErrorDetail[] = []) {
  return { error: { code, message, details } };
}
