/**
 * Lime products as CRM catalog products through `crm.product.*` (scope `crm` only, and the price is a
 * field of the product: one command per write instead of `catalog.product.*` + `catalog.price.modify`).
 */
import { ok } from '../../core/result.ts';
import type {
  Conn,
  CrmError,
  CrmResult,
  Page,
  ProductWrite,
  RemoteProduct,
  WriteOutcome,
} from '../contract.ts';
import { type BxCommand, batchAll } from './client.ts';
import { fromBxProduct } from './decode.ts';
import { toBxProduct } from './encode.ts';
import { keysetPages } from './paging.ts';
import { readSchema } from './schema.ts';
import { BxProduct } from './wire.ts';

const SCAN_PAGES = 10;
const PRODUCT_SELECT = ['ID', 'NAME', 'PRICE', 'CURRENCY_ID', 'XML_ID', 'ACTIVE'];

export async function scanProducts(
  conn: Conn,
  cursor: string | null,
): Promise<CrmResult<Page<RemoteProduct>>> {
  const schema = readSchema(conn);
  if (!schema.ok) return schema;
  const query = { method: 'crm.product.list', filter: {}, select: PRODUCT_SELECT };
  const pages = await keysetPages(conn, query, cursor, SCAN_PAGES);
  if (!pages.ok) return pages;
  const items = pages.value.items.flatMap((item) => {
    const parsed = BxProduct.safeParse(item);
    return parsed.success ? [fromBxProduct(parsed.data)] : [];
  });
  return ok({ items, next: pages.value.next });
}

export async function writeProducts(
  conn: Conn,
  writes: readonly ProductWrite[],
): Promise<CrmResult<WriteOutcome[]>> {
  const schema = readSchema(conn);
  if (!schema.ok) return schema;
  const commands = new Map<string, BxCommand>();
  writes.forEach((write, index) => {
    const command = productCommand(write);
    if (command) commands.set(`w${index}`, command);
  });
  const answers = await batchAll(conn, commands, { partial: true });
  if (!answers.ok) return answers;
  return ok(
    writes.map((write, index): WriteOutcome => {
      const result = answers.value.get(`w${index}`);
      const remoteId = write.remoteId ?? '';
      if (!result) return { ref: write.ref, ok: true, remoteId, state: null };
      if (result.ok)
        return { ref: write.ref, ok: true, remoteId: write.remoteId ?? String(result.value), state: null };
      // A product already gone is what a removal wanted.
      if (write.action === 'remove' && result.error.kind === 'not_found') {
        return { ref: write.ref, ok: true, remoteId, state: null };
      }
      const error: CrmError =
        result.error.kind === 'not_found' ? { ...result.error, remoteId } : result.error;
      return { ref: write.ref, ok: false, error };
    }),
  );
}

function productCommand(write: ProductWrite): BxCommand | null {
  if (write.action === 'remove') {
    return write.remoteId === null ? null : { method: 'crm.product.delete', params: { id: write.remoteId } };
  }
  if (write.remoteId === null)
    return { method: 'crm.product.add', params: { fields: toBxProduct(write.product, true) } };
  return {
    method: 'crm.product.update',
    params: { id: write.remoteId, fields: toBxProduct(write.product, false) },
  };
}
