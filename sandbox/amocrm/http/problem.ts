// amoCRM error bodies (amocrm-api.md §3.4): application/problem+json, validation errors keyed by
// request_id, plus the nginx HTML pages the edge answers with.

export const PROBLEM_JSON = 'application/problem+json';
export const HAL_JSON = 'application/hal+json';

export class ApiError extends Error {
  readonly status: number;
  readonly body: string | Record<string, unknown>;
  readonly contentType: string;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    body: string | Record<string, unknown>,
    contentType = PROBLEM_JSON,
    headers: Record<string, string> = {},
  ) {
    super(typeof body === 'string' ? `HTTP ${status}` : String(body.detail ?? body.title ?? status));
    this.status = status;
    this.body = body;
    this.contentType = contentType;
    this.headers = headers;
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
};

export function problem(status: number, detail: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(status, {
    title: TITLES[status] ?? 'Error',
    type: `https://httpstatus.es/${status}`,
    status,
    detail,
    ...extra,
  });
}

export const badRequest = (detail: string) => problem(400, detail);
export const emptyRequest = () => problem(400, 'Request data can not be empty');
export const unauthorized = () => problem(401, 'Invalid user name or password');
export const notFound = (detail = 'Not Found') => problem(404, detail);
export const tooManyItems = () => problem(422, 'Limit 250 per page');

export function internalError(): ApiError {
  return new ApiError(500, {
    title: 'ErrInternalServer',
    status: 500,
    detail: 'Our team are probably already working on the elimination of the problem',
    trace_id: Math.random().toString(16).slice(2, 18),
  });
}

export function nginxPage(status: number, reason: string): string {
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

export type FieldErrorCode = 'InvalidType' | 'NotSupportedChoice' | 'FieldNotExpected' | 'FieldMissing';

export interface FieldError {
  code: FieldErrorCode;
  path: string;
  detail: string;
}

/** The errors of one item of a batch; paths are dot-paths as amoCRM prints them. */
export class ItemErrors {
  readonly requestId: string;
  readonly errors: FieldError[] = [];

  constructor(requestId: string) {
    this.requestId = requestId;
  }

  invalidType(path: string, type: 'int' | 'string' | 'array' | 'bool' | 'object' | 'numeric'): void {
    this.errors.push({ code: 'InvalidType', path, detail: `This value should be of type ${type}.` });
  }

  notSupportedChoice(path: string): void {
    this.errors.push({
      code: 'NotSupportedChoice',
      path,
      detail: 'The value you selected is not a valid choice.',
    });
  }

  notExpected(path: string): void {
    this.errors.push({ code: 'FieldNotExpected', path, detail: 'This field was not expected.' });
  }

  missing(path: string): void {
    this.errors.push({ code: 'FieldMissing', path, detail: 'This field is missing.' });
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }
}

/** Collects item errors of a whole batch; one bad item rejects the batch (whole-request 400). */
export class Validation {
  private readonly items: ItemErrors[] = [];

  item(requestId: string): ItemErrors {
    const it = new ItemErrors(requestId);
    this.items.push(it);
    return it;
  }

  throwIfAny(): void {
    const failed = this.items.filter((i) => !i.ok);
    if (failed.length === 0) return;
    throw problem(400, 'Request validation failed', {
      'validation-errors': failed.map((i) => ({ request_id: i.requestId, errors: i.errors })),
    });
  }
}

/** Puts `validation-errors` first, as amoCRM prints it. */
export function orderProblemBody(body: Record<string, unknown>): Record<string, unknown> {
  if (!('validation-errors' in body)) return body;
  const { 'validation-errors': errors, ...rest } = body;
  return { 'validation-errors': errors, ...rest };
}
