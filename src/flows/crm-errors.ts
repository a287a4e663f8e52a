import type { CrmError } from '../connectors/contract.ts';

/** One line for the operator about what a CRM failure was. */
export function describeCrmError(error: CrmError): string {
  switch (error.kind) {
    case 'rate_limited':
      return `${error.detail} (retry after ${Math.round(error.retryAfterMs / 1000)} s)`;
    case 'not_found':
      return `${error.detail} (${error.remoteId})`;
    case 'rejected':
      return error.field ? `${error.detail} (${error.field})` : error.detail;
    default:
      return error.detail;
  }
}
