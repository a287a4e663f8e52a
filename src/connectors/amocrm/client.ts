/**
 * Requests over `conn.http`: query strings in PHP bracket syntax, 204 = empty, HAL lists with robust
 * paging, and batch writes that answer one outcome per item.
 */
import type { z } from 'zod';
import { err, ok } from '../../core/result.ts';
import { chunk } from '../../core/sync/coalesce.ts';
import type { Conn, CrmError, CrmRequest, CrmResponse, CrmResult, Json, WriteOutcome } from '../contract.ts';
import { AmoValidationErrors, AmoWritten, amoList } from './wire.ts';

export type Query = readonly (readonly [string, string | number])[];

export const API = 'api/v4';
/** amoCRM's maximum page and batch size. */
export const MAX_PAGE = 250;

export function queryString(query: Query): string {
  return query.map(([key, value]) => `${encodeURI(key)}=${encodeURIComponent(String(value))}`).join('&');
}

export async function send(
  conn: Conn,
  request: Omit<CrmRequest, 'query'> & { readonly params?: Query },
): Promise<CrmResult<CrmResponse>> {
  const { params, ...rest } = request;
  return conn.http(params && params.length > 0 ? { ...rest, query: queryString(params) } : rest);
}

/** A non-batch call: a 400 with validation errors is a rejection of the whole call. */
export async function sendOne(
  conn: Conn,
  request: Omit<CrmRequest, 'query'> & { readonly params?: Query },
): Promise<CrmResult<CrmResponse>> {
  const answer = await send(conn, request);
  if (!answer.ok || answer.value.status !== 400) return answer;
  return err({ kind: 'rejected', detail: validationSummary(answer.value.json) });
}

export function decode<T>(schema: z.ZodType<T>, json: unknown, what: string): CrmResult<T> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'unexpected shape';
  return err({ kind: 'unavailable', detail: `unexpected answer for ${what} (${where})` });
}

/** GET of one entity: null when amoCRM answers 204 (not found). */
export async function getOne<T>(
  conn: Conn,
  path: string,
  params: Query,
  schema: z.ZodType<T>,
): Promise<CrmResult<T | null>> {
  const answer = await sendOne(conn, { method: 'GET', path, params });
  if (!answer.ok) return answer;
  if (answer.value.status === 204 || answer.value.text.trim() === '') return ok(null);
  return decode(schema, answer.value.json, path);
}

export type ListPage<T> = { readonly items: T[]; readonly last: boolean };

/**
 * One page of a HAL list. 204 is an empty last page. `_links.next` is not trusted alone (catalog
 * elements were seen paging by 100 without it although more existed): a page without `next` ends
 * the list unless it holds a round 50/100/150/… items, which may be a server-side page size; then
 * one more page is asked for (and answers 204 when it really was the end).
 */
export async function getPage<T>(
  conn: Conn,
  path: string,
  params: Query,
  key: string,
  item: z.ZodType<T>,
): Promise<CrmResult<ListPage<T>>> {
  const answer = await sendOne(conn, { method: 'GET', path, params });
  if (!answer.ok) return answer;
  if (answer.value.status === 204 || answer.value.text.trim() === '') return ok({ items: [], last: true });
  const list = decode(amoList(key, item), answer.value.json, path);
  if (!list.ok) return list;
  const items = (list.value._embedded[key] ?? []) as T[];
  const hasNext = Boolean(list.value._links?.next?.href);
  return ok({ items, last: items.length === 0 || (!hasNext && items.length % 50 !== 0) });
}

/** Every page of a list (setup-sized lists only: custom fields, catalogs, pipelines, webhooks). */
export async function getAll<T>(
  conn: Conn,
  path: string,
  params: Query,
  key: string,
  item: z.ZodType<T>,
): Promise<CrmResult<T[]>> {
  const all: T[] = [];
  for (let page = 1; page <= 100; page += 1) {
    const answer = await getPage(conn, path, [...params, ['page', page], ['limit', MAX_PAGE]], key, item);
    if (!answer.ok) return answer;
    all.push(...answer.value.items);
    if (answer.value.last) return ok(all);
  }
  return ok(all);
}

export type BatchItem = { readonly ref: string; readonly body: Record<string, Json> };
export type Written = { readonly ref: string; readonly id: number; readonly updatedAt: number | null };
export type BatchResult = { readonly written: Written[]; readonly failed: WriteOutcome[] };

/**
 * Batch writes in requests of `size` items: updates (PATCH) first, then creates (POST). The first
 * request failing as a whole is the call's error; a later one failing leaves its items (and the rest)
 * with that error, so what was already written is never lost. Items are matched to answers by
 * `request_id` (creates) or id (updates).
 */
export async function writeBatch(
  conn: Conn,
  input: {
    path: string;
    key: string;
    updates?: readonly BatchItem[];
    creates?: readonly BatchItem[];
    size: number;
  },
): Promise<CrmResult<BatchResult>> {
  const written: Written[] = [];
  const failed: WriteOutcome[] = [];
  const requests = [
    ...chunk(input.updates ?? [], input.size).map((part) => ({ method: 'PATCH' as const, part })),
    ...chunk(input.creates ?? [], input.size).map((part) => ({ method: 'POST' as const, part })),
  ];
  for (const [index, { method, part }] of requests.entries()) {
    const body = part.map((item, i) => ({ ...item.body, request_id: String(i) }));
    const answer = await send(conn, { method, path: input.path, json: body });
    const outcome = answer.ok ? batchOutcome(part, answer.value, input.key) : answer;
    if (!outcome.ok) {
      if (index === 0) return outcome;
      for (const rest of requests.slice(index))
        failed.push(...rest.part.map((item) => failure(item.ref, outcome.error)));
      break;
    }
    written.push(...outcome.value.written);
    failed.push(...outcome.value.failed);
  }
  return ok({ written, failed });
}

function batchOutcome(
  part: readonly BatchItem[],
  response: CrmResponse,
  key: string,
): CrmResult<BatchResult> {
  if (response.status === 400) return ok({ written: [], failed: rejectedItems(part, response.json) });
  const list = decode(amoList(key, AmoWritten), response.json, key);
  if (!list.ok) return list;
  const answers = list.value._embedded[key] ?? [];
  const written: Written[] = [];
  const failed: WriteOutcome[] = [];
  for (const [i, item] of part.entries()) {
    const byRequest = answers.find((a) => a.request_id !== null && String(a.request_id) === String(i));
    const byId = answers.find((a) => a.id === item.body.id);
    const answer = byRequest ?? byId ?? (answers.length === part.length ? answers[i] : undefined);
    if (answer) written.push({ ref: item.ref, id: answer.id, updatedAt: answer.updated_at ?? null });
    else
      failed.push(
        failure(item.ref, { kind: 'unavailable', detail: 'amoCRM answered nothing for this item' }),
      );
  }
  return ok({ written, failed });
}

/** A 400: named items are rejected; the others were not applied because of them and stay owed. */
function rejectedItems(part: readonly BatchItem[], json: unknown): WriteOutcome[] {
  const parsed = AmoValidationErrors.safeParse(json);
  const entries = parsed.success ? parsed.data['validation-errors'] : [];
  return part.map((item, i) => {
    const entry = entries.find((e) => e.request_id !== null && String(e.request_id) === String(i));
    if (!entry) {
      return failure(item.ref, {
        kind: 'unavailable',
        detail:
          entries.length > 0 ? 'not applied: another item of the batch was invalid' : validationSummary(json),
      });
    }
    const first = entry.errors?.[0];
    const path = first?.path ?? undefined;
    if (isMissingEntity(path, first?.code) && typeof item.body.id === 'number') {
      return failure(item.ref, {
        kind: 'not_found',
        remoteId: String(item.body.id),
        detail: first?.detail ?? 'no such entity',
      });
    }
    const detail = (entry.errors ?? []).map((e) => `${e.path ?? '?'}: ${e.detail ?? e.code ?? 'invalid'}`);
    return failure(item.ref, {
      kind: 'rejected',
      detail: detail.join('; ') || 'invalid',
      ...(path ? { field: path } : {}),
    });
  });
}

function isMissingEntity(path: string | null | undefined, code: string | null | undefined): boolean {
  return (path === 'id' || path?.endsWith('.id') === true) && code !== 'InvalidType';
}

export function validationSummary(json: unknown): string {
  const parsed = AmoValidationErrors.safeParse(json);
  if (!parsed.success) return '400 Bad Request';
  const lines = parsed.data['validation-errors'].flatMap((entry) =>
    (entry.errors ?? []).map((e) => `${e.path ?? '?'}: ${e.detail ?? e.code ?? 'invalid'}`),
  );
  return `400 ${lines.join('; ') || 'Bad Request'}`;
}

export function failure(ref: string, error: CrmError): WriteOutcome {
  return { ref, ok: false, error };
}
