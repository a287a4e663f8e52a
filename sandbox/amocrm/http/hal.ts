import qs from 'qs';

export type Query = Record<string, unknown>;

export const link = (href: string) => ({ href });
export const selfLinks = (href: string) => ({ self: link(href) });

export interface Paging {
  page: number;
  limit: number;
}

/** page/limit as amoCRM reads them: 1-based page; a limit above the maximum falls back to the default. */
export function parsePaging(query: Query, defaults: { limit: number; max: number }): Paging {
  const page = toPositiveInt(query.page) ?? 1;
  const asked = toPositiveInt(query.limit);
  const limit = asked === undefined || asked > defaults.max ? defaults.limit : asked;
  return { page, limit };
}

function toPositiveInt(v: unknown): number | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function pageHref(baseUrl: string, path: string, query: Query, page: number, limit: number): string {
  const q = qs.stringify({ ...query, page, limit }, { encodeValuesOnly: true });
  return `${baseUrl}${path}?${q}`;
}

export interface ListOptions<T> {
  baseUrl: string;
  path: string;
  query: Query;
  paging: Paging;
  key: string;
  all: T[];
  /** turns the records of the page (only those) into their API shape */
  present?: (item: T) => unknown;
  /** collections that print `_total_items`/`_page_count` (custom fields, links, webhooks…) */
  withTotals?: boolean;
}

/**
 * One HAL page, or `null` when the page is empty (the route answers 204). Contacts/leads carry no
 * total; `next` is printed whenever the page is full, so following it past the end yields a 204.
 */
export function halPage<T>(o: ListOptions<T>): Record<string, unknown> | null {
  const { page, limit } = o.paging;
  const items = o.all.slice((page - 1) * limit, page * limit);
  if (items.length === 0) return null;
  const links: Record<string, unknown> = { self: link(pageHref(o.baseUrl, o.path, o.query, page, limit)) };
  if (items.length === limit && (!o.withTotals || page * limit < o.all.length)) {
    links.next = link(pageHref(o.baseUrl, o.path, o.query, page + 1, limit));
  }
  if (page > 1) links.prev = link(pageHref(o.baseUrl, o.path, o.query, page - 1, limit));
  const pageCount = Math.max(1, Math.ceil(o.all.length / limit));
  if (o.withTotals) links.last = link(pageHref(o.baseUrl, o.path, o.query, pageCount, limit));
  const present = o.present;
  return {
    ...(o.withTotals ? { _total_items: o.all.length, _page_count: pageCount } : {}),
    _page: page,
    _links: links,
    _embedded: { [o.key]: present ? items.map((i) => present(i)) : items },
  };
}

/** `with=leads,catalog_elements` (comma list; also accepts `with[]=`). */
export function withSet(query: Query): Set<string> {
  const raw = query.with;
  const parts = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
  return new Set(parts.map((p) => String(p).trim()).filter(Boolean));
}
