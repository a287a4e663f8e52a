/**
 * Keyset paging of legacy lists inside one batch: page n+1 filters on `>ID` = the last id of page n,
 * passed as the exact-value reference `$result[<prefix>n][49][ID]` (bitrix24-api.md §4). `start: -1`
 * skips the COUNT query. Pages after a short page resolve their reference to garbage; they are ignored.
 */
import { err, ok } from '../../core/result.ts';
import type { Conn, CrmResult } from '../contract.ts';
import { type BxCommand, batch, LIST_PAGE } from './client.ts';

export type KeysetQuery = {
  readonly method: string;
  readonly filter: Readonly<Record<string, unknown>>;
  readonly select: readonly string[];
};
export type KeysetPage = { readonly items: unknown[]; readonly next: string | null };

/** Up to `pages` pages after `afterId` in one request; `next` is the last id when the last page was full. */
export async function keysetPages(
  conn: Conn,
  query: KeysetQuery,
  afterId: string | null,
  pages: number,
): Promise<CrmResult<KeysetPage>> {
  const answer = await batch(conn, new Map(keysetCommands('p', query, afterId, pages)));
  if (!answer.ok) return answer;
  return readKeyset(answer.value.results, 'p', pages);
}

export function keysetCommands(
  prefix: string,
  query: KeysetQuery,
  afterId: string | null,
  pages: number,
): [string, BxCommand][] {
  return Array.from({ length: pages }, (_, page): [string, BxCommand] => {
    const after = page === 0 ? (afterId ?? '0') : `$result[${prefix}${page - 1}][${LIST_PAGE - 1}][ID]`;
    const filter = { ...query.filter, '>ID': after };
    return [
      `${prefix}${page}`,
      { method: query.method, params: { filter, order: { ID: 'ASC' }, select: query.select, start: -1 } },
    ];
  });
}

export function readKeyset(
  results: ReadonlyMap<string, CrmResult<unknown>>,
  prefix: string,
  pages: number,
): CrmResult<KeysetPage> {
  const items: unknown[] = [];
  for (let page = 0; page < pages; page += 1) {
    const result = results.get(`${prefix}${page}`);
    // A failed later page is only cut short: the scan goes on from the last full page next time.
    if (!result?.ok) return page === 0 && result ? err(result.error) : ok({ items, next: lastId(items) });
    const list = Array.isArray(result.value) ? result.value : [];
    items.push(...list);
    if (list.length < LIST_PAGE) return ok({ items, next: null });
  }
  return ok({ items, next: lastId(items) });
}

function lastId(items: readonly unknown[]): string | null {
  const last = items.at(-1);
  if (last === null || typeof last !== 'object' || !('ID' in last)) return null;
  return String(last.ID);
}
