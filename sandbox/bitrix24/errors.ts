// Error values of the REST API. The body differs by method family (see bitrix24-api.md §3.1):
// legacy CRM uses an empty `error`, Engine controllers string codes, catalog JSON numbers.

export class BxError extends Error {
  readonly status: number;
  readonly code: string | number;
  readonly extra: Record<string, unknown>;

  constructor(code: string | number, description: string, status = 400, extra: Record<string, unknown> = {}) {
    super(description);
    this.code = code;
    this.status = status;
    this.extra = extra;
  }

  body(): Record<string, unknown> {
    return { error: this.code, error_description: this.message, ...this.extra };
  }
}

/** Legacy CRM (`crm.contact.*`, `crm.deal.*`, `crm.product.*`, …): `error: ""`. */
export const legacyError = (description: string): BxError => new BxError('', description);

/** Legacy core errors surfaced through the entity's LAST_ERROR. */
export const coreError = (description: string): BxError => new BxError('ERROR_CORE', description);

/** Engine controllers (`crm.item.*`, timeline, productrow): string codes. */
export const engineError = (code: string, description: string, status = 400): BxError =>
  new BxError(code, description, status);

/** `catalog.*`: the code is a JSON number. */
export const catalogError = (code: number, description: string): BxError => new BxError(code, description);

export const requiredParam = (name: string): BxError =>
  engineError('100', `Could not find value for parameter {${name}}`);

export const systemErrors = {
  methodNotFound: () => new BxError('ERROR_METHOD_NOT_FOUND', 'Method not found!', 404),
  queryLimit: () => new BxError('QUERY_LIMIT_EXCEEDED', 'Too many requests', 503),
  operationTimeLimit: () =>
    new BxError('OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit', 429),
  invalidCredentials: () => new BxError('INVALID_CREDENTIALS', 'Invalid request credentials', 401),
  noAuth: () => new BxError('NO_AUTH_FOUND', 'Wrong authorization data', 401),
  expiredToken: () => new BxError('expired_token', 'The access token provided has expired', 401),
  invalidToken: () => new BxError('invalid_token', 'The access token provided is invalid', 401),
  wrongAuthType: () =>
    new BxError('WRONG_AUTH_TYPE', 'Current authorization type is denied for this method', 403),
  internal: () => new BxError('INTERNAL_SERVER_ERROR', 'Internal server error', 500),
  batchLength: () => new BxError('ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded', 400),
  batchNotAllowed: () =>
    new BxError('ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage', 405),
};

export const NGINX_502_HTML = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;
