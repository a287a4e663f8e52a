/**
 * Calls over `conn.http`: one method, or up to 50 in one `batch` request (which costs one request of
 * the portal's leaky bucket). Commands are PHP query strings; `$result[key]…` references are only
 * substituted when they are a parameter's whole value, so dependent commands pass ids that way.
 */

import { err, ok } from '../../core/result.ts';
import { chunk } from '../../core/sync/coalesce.ts';
import type { Conn, CrmError, CrmResult } from '../contract.ts';
import { toPhpQuery } from '../shared/php-query.ts';
import { classifyBxError } from './errors.ts';
import { BxBatchResult, BxEnvelope, BxErrorBody, BxTime } from './wire.ts';

export const BATCH_LIMIT = 50;
export const LIST_PAGE = 50;

export type BxCommand = { readonly method: string; readonly params?: Readonly<Record<string, unknown>> };
export type BxCommands = ReadonlyMap<string, BxCommand>;
export type BatchAnswer = {
  readonly results: ReadonlyMap<string, CrmResult<unknown>>;
  /** The portal's clock when it started the batch (`time.date_start`), if it said. */
  readonly serverNow: number | null;
};

export async function callBx(conn: Conn, method: string, params: Record<string, unknown> = {}) {
  const answer = await conn.http({ method: 'POST', path: method, json: params });
  if (!answer.ok) return answer;
  const envelope = BxEnvelope.safeParse(answer.value.json);
  if (!envelope.success) return err(malformed(method, answer.value.text));
  return ok(envelope.data);
}

/** At most 50 commands in one request; each key gets its own result. */
export async function batch(conn: Conn, commands: BxCommands, halt = false): Promise<CrmResult<BatchAnswer>> {
  if (commands.size > BATCH_LIMIT) throw new Error(`a batch holds at most ${BATCH_LIMIT} commands`);
  if (commands.size === 0) return ok({ results: new Map(), serverNow: null });
  const cmd = Object.fromEntries([...commands].map(([key, command]) => [key, commandString(command)]));
  const answer = await callBx(conn, 'batch', { halt: halt ? 1 : 0, cmd });
  if (!answer.ok) return answer;
  const inner = BxBatchResult.safeParse(answer.value.result);
  if (!inner.success) return err(malformed('batch', JSON.stringify(answer.value.result ?? null)));
  const started = Date.parse(answer.value.time?.date_start ?? '');
  const serverNow = Number.isFinite(started) ? started : null;
  const results = new Map<string, CrmResult<unknown>>();
  for (const [key, command] of commands) {
    const resetAt = operatingResetAt(commands, inner.data.result_time ?? {}, command.method);
    results.set(key, resultOf(key, inner.data, resetAt, serverNow));
  }
  return ok({ results, serverNow });
}

/**
 * Any number of commands, 50 per request, in order. When a later request fails as a whole, what the
 * earlier ones did stands: with `partial`, the unsent keys carry `unavailable` (they stay owed);
 * without it (reads) the failure is the answer. When every command hit a rate limit (the per-method
 * operating limit is reported per command), that is the answer too, so the caller waits it out.
 */
export async function batchAll(
  conn: Conn,
  commands: BxCommands,
  options: { partial?: boolean; halt?: boolean } = {},
): Promise<CrmResult<ReadonlyMap<string, CrmResult<unknown>>>> {
  const results = new Map<string, CrmResult<unknown>>();
  let failure: CrmError | null = null;
  for (const part of chunk([...commands], BATCH_LIMIT)) {
    if (failure) {
      for (const [key] of part) results.set(key, err(unsent(failure)));
      continue;
    }
    const answer = await batch(conn, new Map(part), options.halt);
    if (!answer.ok) {
      if (results.size === 0 || options.partial !== true) return answer;
      failure = answer.error;
      for (const [key] of part) results.set(key, err(unsent(failure)));
      continue;
    }
    for (const [key, result] of answer.value.results) results.set(key, result);
  }
  const limited = everyRateLimited(results);
  return limited ? err(limited) : ok(results);
}

export function commandString(command: BxCommand): string {
  const query = command.params ? toPhpQuery(command.params) : '';
  return query === '' ? command.method : `${command.method}?${query}`;
}

function resultOf(
  key: string,
  answer: { result: Record<string, unknown>; result_error: Record<string, unknown> },
  resetAt: number | undefined,
  serverNow: number | null,
): CrmResult<unknown> {
  if (key in answer.result_error) {
    const body = BxErrorBody.safeParse(answer.result_error[key]);
    if (!body.success)
      return err({
        kind: 'rejected',
        detail: `unreadable error: ${JSON.stringify(answer.result_error[key])}`,
      });
    const time = body.data.time ?? (resetAt === undefined ? undefined : { operating_reset_at: resetAt });
    const headers: Record<string, string> =
      serverNow === null ? {} : { date: new Date(serverNow).toUTCString() };
    return err(classifyBxError({ ...body.data, ...(time ? { time } : {}) }, null, headers));
  }
  if (key in answer.result) return ok(answer.result[key]);
  return err({ kind: 'unavailable', detail: 'not executed: the batch stopped before this command' });
}

/** The latest `operating_reset_at` the batch reported for other commands of the same method. */
function operatingResetAt(
  commands: BxCommands,
  times: Record<string, unknown>,
  method: string,
): number | undefined {
  let latest: number | undefined;
  for (const [key, command] of commands) {
    if (command.method !== method) continue;
    const time = BxTime.safeParse(times[key]);
    const resetAt = time.success ? time.data.operating_reset_at : undefined;
    if (resetAt !== undefined && (latest === undefined || resetAt > latest)) latest = resetAt;
  }
  return latest;
}

function everyRateLimited(results: ReadonlyMap<string, CrmResult<unknown>>): CrmError | null {
  let longest: CrmError | null = null;
  for (const result of results.values()) {
    if (result.ok || result.error.kind !== 'rate_limited') return null;
    if (
      longest === null ||
      (longest.kind === 'rate_limited' && result.error.retryAfterMs > longest.retryAfterMs)
    ) {
      longest = result.error;
    }
  }
  return longest;
}

function unsent(cause: CrmError): CrmError {
  return {
    kind: 'unavailable',
    detail: `not sent: an earlier part of the batch failed (${cause.kind}: ${cause.detail})`,
  };
}

function malformed(method: string, text: string): CrmError {
  return { kind: 'unavailable', detail: `${method}: unexpected answer ${text.slice(0, 200)}` };
}
