/**
 * Lime products as elements of the amoCRM products catalog: the Lime product id in EXTERNAL_ID, the
 * price in PRICE, the SKU in SKU. amoCRM v4 cannot delete catalog elements, so a withdrawn product
 * keeps its element, renamed with a mark that pre-order reading treats as "not a Lime product".
 */
import { ok } from '../../core/result.ts';
import { uniqueBy } from '../../core/sync/coalesce.ts';
import type { Conn, CrmResult, Page, ProductWrite, RemoteProduct, WriteOutcome } from '../contract.ts';
import { API, type BatchItem, getPage, MAX_PAGE, writeBatch } from './client.ts';
import { fromAmoElement } from './decode.ts';
import { toAmoElement, toAmoWithdrawn } from './encode.ts';
import type { AmoSchema } from './schema.ts';
import { AmoElement } from './wire.ts';

export const PRODUCTS_PER_REQUEST = MAX_PAGE;

function elementsPath(schema: AmoSchema): string {
  return `${API}/catalogs/${schema.catalog.id}/elements`;
}

export async function scanProducts(
  conn: Conn,
  schema: AmoSchema,
  cursor: string | null,
): Promise<CrmResult<Page<RemoteProduct>>> {
  const page = cursor && /^\d+$/.test(cursor) ? Number(cursor) : 1;
  const params = [
    ['page', page],
    ['limit', MAX_PAGE],
  ] as const;
  const answer = await getPage(conn, elementsPath(schema), params, 'elements', AmoElement);
  if (!answer.ok) return answer;
  return ok({
    items: answer.value.items.map((raw) => fromAmoElement(raw, schema)),
    next: answer.value.last ? null : String(page + 1),
  });
}

export async function writeProducts(
  conn: Conn,
  schema: AmoSchema,
  writes: readonly ProductWrite[],
): Promise<CrmResult<WriteOutcome[]>> {
  const outcomes: WriteOutcome[] = [];
  const creates: BatchItem[] = [];
  const updates: BatchItem[] = [];
  for (const write of uniqueBy(writes, (w) => w.ref)) {
    const remoteId = write.remoteId !== null && /^\d+$/.test(write.remoteId) ? Number(write.remoteId) : null;
    if (write.action === 'remove') {
      // Nothing in the CRM to withdraw: done.
      if (remoteId === null)
        outcomes.push({ ref: write.ref, ok: true, remoteId: write.remoteId ?? '', state: null });
      else updates.push({ ref: write.ref, body: toAmoWithdrawn(write.product, remoteId) });
    } else if (remoteId === null) {
      creates.push({ ref: write.ref, body: toAmoElement(write.product, schema, null) });
    } else {
      updates.push({ ref: write.ref, body: toAmoElement(write.product, schema, remoteId) });
    }
  }
  const answer = await writeBatch(conn, {
    path: elementsPath(schema),
    key: 'elements',
    updates,
    creates,
    size: PRODUCTS_PER_REQUEST,
  });
  if (!answer.ok) return answer;
  for (const w of answer.value.written)
    outcomes.push({ ref: w.ref, ok: true, remoteId: String(w.id), state: null });
  outcomes.push(...answer.value.failed);
  return ok(outcomes);
}
