/**
 * An amoCRM answer → `CrmError`, or null when it is a success. Bodies may be problem+json, the
 * OAuth server's own JSON, or an nginx HTML page (403 blocks, 429 on amocrm.ru): never assume JSON.
 *
 * A 400 carrying `validation-errors` is NOT an error here: batch writes answer it per item (the items
 * it names are rejected, the rest were not applied), so client.ts decodes it.
 */
import type { CrmError, CrmResponse } from '../contract.ts';

const DEFAULT_RETRY_MS = 1_000;
const DEFAULT_UNAVAILABLE_RETRY_MS = 2_000;

type Problem = {
  readonly title?: unknown;
  readonly detail?: unknown;
  readonly hint?: unknown;
  readonly type?: unknown;
  readonly retry_after?: unknown;
  readonly 'validation-errors'?: unknown;
};

export function classifyAmo(response: CrmResponse): CrmError | null {
  const { status } = response;
  if (status >= 200 && status < 300) return null;
  const problem = asProblem(response.json);
  const detail = describe(status, problem, response.text);
  if (problem && String(problem.type ?? '').includes('OAuthProblemJson')) {
    // The token endpoint: a bad/expired/used code or refresh token cannot be fixed by refreshing.
    return { kind: 'auth', refreshable: false, detail };
  }
  if (status === 400 && Array.isArray(problem?.['validation-errors'])) return null;
  if (status === 401) return { kind: 'auth', refreshable: true, detail };
  if (status === 402) return { kind: 'blocked', detail: `payment required: ${detail}` };
  if (status === 403) {
    const block = !problem || /заблокирован|blocked|too many/i.test(response.text);
    return block ? { kind: 'blocked', detail } : { kind: 'rejected', detail: `forbidden: ${detail}` };
  }
  if (status === 429) {
    return {
      kind: 'rate_limited',
      retryAfterMs: retryAfterMs(response, problem) ?? DEFAULT_RETRY_MS,
      detail,
    };
  }
  if (status === 503) {
    const retryAfter = retryAfterMs(response, problem) ?? DEFAULT_UNAVAILABLE_RETRY_MS;
    return { kind: 'rate_limited', retryAfterMs: retryAfter, detail };
  }
  if (status === 504) return { kind: 'unavailable', detail: `${detail} (a smaller batch may pass)` };
  if (status >= 500) return { kind: 'unavailable', detail };
  return { kind: 'rejected', detail };
}

function asProblem(json: unknown): Problem | null {
  return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Problem) : null;
}

function describe(status: number, problem: Problem | null, text: string): string {
  if (problem) {
    const parts = [problem.title, problem.detail, problem.hint].filter(
      (part): part is string => typeof part === 'string' && part.length > 0,
    );
    if (parts.length > 0) return `${status} ${parts.join(': ')}`;
  }
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
  const plain =
    title ??
    text
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 120);
  return plain ? `${status} ${plain}` : `HTTP ${status}`;
}

/** `retry_after` (seconds) in Kommo's JSON, else a `Retry-After` header (seconds or an HTTP date). */
function retryAfterMs(response: CrmResponse, problem: Problem | null): number | null {
  const inBody = Number(problem?.retry_after);
  if (Number.isFinite(inBody) && inBody > 0) return inBody * 1000;
  const header = response.headers['retry-after'];
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  const date = response.headers.date ? Date.parse(response.headers.date) : Number.NaN;
  return Number.isFinite(at) && Number.isFinite(date) ? Math.max(0, at - date) : null;
}
