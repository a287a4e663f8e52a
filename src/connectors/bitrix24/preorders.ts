/**
 * Pre-orders are deals of the pre-order pipeline. Reading one is a batch of the deal, its product rows
 * and its contact (the contact id passed as `$result[d][CONTACT_ID]`), then one batch of the rows'
 * products to learn their Lime ids (`XML_ID`). Writing is the deal update and its notes in one batch.
 */
import type { PreorderClient } from '../../core/model/preorder.ts';
import { err, ok } from '../../core/result.ts';
import {
  PREORDER_STAGES,
  type PreorderStage,
  type RemotePreorderRow,
} from '../../core/sync/preorder-rules.ts';
import type { Conn, CrmResult, PreorderWrite, RemotePreorder } from '../contract.ts';
import { type BxCommand, batch, batchAll } from './client.ts';
import { fromBxContact, moneyOf, numberOf, textOf } from './decode.ts';
import { toBxDealWrite, toBxTimelineComment } from './encode.ts';
import { type BxSchema, readSchema } from './schema.ts';
import { BxContact, BxDeal, BxProduct, BxProductRow } from './wire.ts';

export async function readPreorder(conn: Conn, remoteId: string): Promise<CrmResult<RemotePreorder | null>> {
  const schema = readSchema(conn);
  if (!schema.ok) return schema;
  const first = await batch(
    conn,
    new Map<string, BxCommand>([
      ['d', { method: 'crm.deal.get', params: { id: remoteId } }],
      ['r', { method: 'crm.deal.productrows.get', params: { id: remoteId } }],
      ['c', { method: 'crm.contact.get', params: { id: '$result[d][CONTACT_ID]' } }],
    ]),
  );
  if (!first.ok) return first;
  const dealResult = first.value.results.get('d');
  if (!dealResult?.ok) {
    if (dealResult?.error.kind === 'not_found') return ok(null);
    return err(dealResult?.error ?? { kind: 'unavailable', detail: 'no answer for the deal' });
  }
  const deal = BxDeal.safeParse(dealResult.value);
  if (!deal.success || Number(deal.data.CATEGORY_ID ?? 0) !== schema.value.categoryId) return ok(null);
  const rowsResult = first.value.results.get('r');
  if (!rowsResult?.ok)
    return err(rowsResult?.error ?? { kind: 'unavailable', detail: 'no answer for the rows' });
  const rows = (Array.isArray(rowsResult.value) ? rowsResult.value : []).flatMap((row) => {
    const parsed = BxProductRow.safeParse(row);
    return parsed.success ? [parsed.data] : [];
  });
  const limeIds = await productLimeIds(
    conn,
    rows.map((row) => String(row.PRODUCT_ID ?? '0')),
  );
  if (!limeIds.ok) return limeIds;
  const currency = deal.data.CURRENCY_ID || 'RUB';
  const contactId = idOrNull(deal.data.CONTACT_ID);
  return ok({
    remoteId,
    stage: stageOf(deal.data.STAGE_ID ?? '', schema.value),
    amount: moneyOf(deal.data.OPPORTUNITY, currency),
    remoteContactId: contactId,
    rows: rows.map(
      (row): RemotePreorderRow => ({
        remoteProductId: String(row.PRODUCT_ID ?? '0'),
        productId: limeIds.value.get(String(row.PRODUCT_ID ?? '0')) ?? null,
        name: row.PRODUCT_NAME ?? '',
        quantity: numberOf(row.QUANTITY) ?? 0,
        unitPrice: moneyOf(row.PRICE, currency),
      }),
    ),
    client: clientOf(first.value.results.get('c'), contactId, schema.value),
    currency,
    comment: textOf(deal.data.COMMENTS),
    visitDate: null,
  });
}

export async function writePreorder(conn: Conn, write: PreorderWrite): Promise<CrmResult<void>> {
  const schema = readSchema(conn);
  if (!schema.ok) return schema;
  const fields = toBxDealWrite({
    ...(write.stage ? { stage: schema.value.stages[write.stage] } : {}),
    ...(write.amount ? { amount: write.amount } : {}),
  });
  const commands = new Map<string, BxCommand>();
  if (Object.keys(fields).length > 0) {
    commands.set('u', {
      method: 'crm.deal.update',
      params: { id: write.remoteId, fields, params: { REGISTER_SONET_EVENT: 'N' } },
    });
  }
  (write.notes ?? []).forEach((note, index) => {
    commands.set(`n${index}`, {
      method: 'crm.timeline.comment.add',
      params: toBxTimelineComment('deal', write.remoteId, note),
    });
  });
  const answers = await batchAll(conn, commands, { halt: true });
  if (!answers.ok) return answers;
  for (const result of answers.value.values()) {
    if (result.ok) continue;
    return err(
      result.error.kind === 'not_found' ? { ...result.error, remoteId: write.remoteId } : result.error,
    );
  }
  return ok(undefined);
}

/** CRM product id → Lime product id (the product's `XML_ID`), for the rows' products. */
async function productLimeIds(
  conn: Conn,
  productIds: readonly string[],
): Promise<CrmResult<Map<string, string>>> {
  const ids = [...new Set(productIds.filter((id) => id !== '0' && id !== ''))];
  const commands = new Map<string, BxCommand>(
    ids.map((id) => [`p${id}`, { method: 'crm.product.get', params: { id } }]),
  );
  const answers = await batchAll(conn, commands);
  if (!answers.ok) return answers;
  const limeIds = new Map<string, string>();
  for (const id of ids) {
    const result = answers.value.get(`p${id}`);
    if (!result?.ok) {
      if (result?.error.kind === 'not_found') continue;
      return err(result?.error ?? { kind: 'unavailable', detail: 'no answer for a product' });
    }
    const product = BxProduct.safeParse(result.value);
    const limeId = product.success ? textOf(product.data.XML_ID) : null;
    if (limeId) limeIds.set(id, limeId);
  }
  return ok(limeIds);
}

function clientOf(
  result: CrmResult<unknown> | undefined,
  contactId: string | null,
  schema: BxSchema,
): PreorderClient | null {
  if (!contactId || !result?.ok) return null;
  const contact = BxContact.safeParse(result.value);
  // An unresolved `$result[d][CONTACT_ID]` fetches some other contact: only the deal's own counts.
  if (!contact.success || contact.data.ID !== contactId) return null;
  const remote = fromBxContact(contact.data, schema);
  return {
    clientId: remote.limeId,
    firstName: remote.personal.firstName ?? null,
    lastName: remote.personal.lastName ?? null,
    phone: remote.personal.phone ?? null,
    email: remote.personal.email ?? null,
  };
}

function stageOf(stageId: string, schema: BxSchema): PreorderStage | 'other' {
  return PREORDER_STAGES.find((stage) => schema.stages[stage] === stageId) ?? 'other';
}

function idOrNull(value: unknown): string | null {
  const id = value === null || value === undefined ? '' : String(value);
  return id === '' || id === '0' ? null : id;
}
