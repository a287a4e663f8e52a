import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { joinPath } from '../../connectors/lime/decode.ts';
import { ApiError, ERROR_CATALOG, type ErrorCode, type ErrorDetail, errorBody } from '../errors.ts';
import type { PageFallback } from './dashboard.ts';

/** Every failure leaves as `{"error": {"code", "message", "details"}}` with a fitting status. */
export function registerErrorHandler(app: FastifyInstance, pageFallback?: PageFallback): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { code, message, details } = classify(error);
    const status = ERROR_CATALOG[code].status;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(status).send(errorBody(code, message, details));
  });
  app.setNotFoundHandler(
    (request, reply) =>
      pageFallback?.(request, reply) ??
      reply
        .status(404)
        .send(errorBody('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`)),
  );
}

function classify(error: FastifyError): {
  code: ErrorCode;
  message: string;
  details: readonly ErrorDetail[];
} {
  if (error instanceof ApiError) return { code: error.code, message: error.message, details: error.details };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    // A body field and a query parameter are named as the client wrote them (`events[0].id`, `limit`).
    const prefix = where === 'body' || where === 'querystring' ? '' : where;
    const details = error.validation.map((issue) => ({
      path: joinPath(prefix, pathOf(issue.instancePath)),
      message: issue.message ?? 'is invalid',
    }));
    return { code: 'validation_failed', message: ERROR_CATALOG.validation_failed.message, details };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'malformed_json', message: `The body is not valid JSON: ${error.message}`, details: [] };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        code: 'unsupported_media_type',
        message: ERROR_CATALOG.unsupported_media_type.message,
        details: [],
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'payload_too_large', message: ERROR_CATALOG.payload_too_large.message, details: [] };
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
    return { code: 'malformed_json', message: `The body is not valid JSON: ${error.message}`, details: [] };
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { code: 'validation_failed', message: error.message, details: [] };
  }
  return { code: 'internal', message: ERROR_CATALOG.internal.message, details: [] };
}

/** `/events/3/data/phone` → `['events', 3, 'data', 'phone']`. */
function pathOf(instancePath: string): (string | number)[] {
  return instancePath
    .split('/')
    .filter(Boolean)
    .map((token) => (/^\d+$/.test(token) ? Number(token) : token));
}
