/**
 * The backstop for lost events (Bitrix24 never retries one): contacts and pre-order deals modified
 * since a point in time, walked in ID order (`>=DATE_MODIFY` plus an ID keyset), contacts and deals in
 * one batch. A walk ("window") ends at a short page; the next window starts where the portal's clock
 * stood when this one began, less `LAG_SECONDS`, so what changed meanwhile — or was committed a moment
 * late — is read again rather than skipped. Reading a record twice costs nothing: the core has
 * already seen that snapshot. IDs never tie and seconds never have to, so a burst of thousands of
 * changes within one second pages like any other.
 */
import { formatRfc3339 } from '../../core/model/time.ts';
import { ok } from '../../core/result.ts';
import type { ChangePage, Conn, CrmResult, InboundChange } from '../contract.ts';
import { batch } from './client.ts';
import { contactSelect, decodeContacts } from './contacts.ts';
import { type KeysetPage, type KeysetQuery, keysetCommands, readKeyset } from './paging.ts';
import { readSchema } from './schema.ts';

const LAG_SECONDS = 10;
const CONTACT_PAGES = 8;
const DEAL_PAGES = 4;

/** One window: records modified at or after `since` (unix seconds), those up to `after` done. */
type Walk = { readonly since: number; readonly after: string; readonly started: number | null };
type Cursor = { readonly contacts: Walk; readonly deals: Walk };

export async function pollChanges(conn: Conn, cursor: string | null): Promise<CrmResult<ChangePage>> {
  const schema = readSchema(conn);
  if (!schema.ok) return schema;
  const from = cursor === null ? null : parseCursor(cursor);
  if (from === null) {
    const walk: Walk = { since: Math.floor(conn.now() / 1000) - LAG_SECONDS, after: '0', started: null };
    return ok({ changes: [], cursor: JSON.stringify({ contacts: walk, deals: walk }) });
  }
  const contactQuery = query('crm.contact.list', {}, contactSelect(schema.value), from.contacts);
  const dealQuery = query(
    'crm.deal.list',
    { '=CATEGORY_ID': schema.value.categoryId },
    ['ID', 'DATE_MODIFY'],
    from.deals,
  );
  const answer = await batch(
    conn,
    new Map([
      ...keysetCommands('c', contactQuery, from.contacts.after, CONTACT_PAGES),
      ...keysetCommands('d', dealQuery, from.deals.after, DEAL_PAGES),
    ]),
  );
  if (!answer.ok) return answer;
  const contacts = readKeyset(answer.value.results, 'c', CONTACT_PAGES);
  if (!contacts.ok) return contacts;
  const deals = readKeyset(answer.value.results, 'd', DEAL_PAGES);
  if (!deals.ok) return deals;
  const now = Math.floor((answer.value.serverNow ?? conn.now()) / 1000);
  const changes: InboundChange[] = [
    ...decodeContacts(contacts.value.items, schema.value).map(
      (contact): InboundChange => ({ kind: 'contact.snapshot', contact }),
    ),
    ...deals.value.items.flatMap((item): InboundChange[] =>
      item !== null && typeof item === 'object' && 'ID' in item
        ? [{ kind: 'preorder.touched', remoteId: String(item.ID) }]
        : [],
    ),
  ];
  const next: Cursor = {
    contacts: advance(from.contacts, contacts.value, now),
    deals: advance(from.deals, deals.value, now),
  };
  return ok({ changes, cursor: JSON.stringify(next) });
}

function query(method: string, base: Record<string, unknown>, select: string[], walk: Walk): KeysetQuery {
  return { method, filter: { ...base, '>=DATE_MODIFY': formatRfc3339(walk.since * 1000, 'UTC') }, select };
}

function advance(walk: Walk, page: KeysetPage, now: number): Walk {
  const started = walk.started ?? now;
  if (page.next !== null) return { since: walk.since, after: page.next, started };
  return { since: Math.max(walk.since, started - LAG_SECONDS), after: '0', started: null };
}

function parseCursor(cursor: string): Cursor | null {
  try {
    const parsed: unknown = JSON.parse(cursor);
    if (parsed === null || typeof parsed !== 'object') return null;
    const walk = (value: unknown): Walk | null => {
      if (value === null || typeof value !== 'object') return null;
      const { since, after, started } = value as Record<string, unknown>;
      if (typeof since !== 'number' || typeof after !== 'string') return null;
      return { since, after, started: typeof started === 'number' ? started : null };
    };
    const { contacts, deals } = parsed as Record<string, unknown>;
    const c = walk(contacts);
    const d = walk(deals);
    return c && d ? { contacts: c, deals: d } : null;
  } catch {
    return null;
  }
}
