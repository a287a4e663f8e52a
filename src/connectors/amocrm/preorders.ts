/**
 * Pre-orders are leads of the pre-order pipeline. Their lines are the lead's links to catalog
 * elements (quantity in the link, unit price from the link's `price_id` field or PRICE, the Lime
 * product id in EXTERNAL_ID); the client is the lead's main contact.
 * Reading costs 1 request for a lead outside the pipeline, else 3 (lead, elements, contact).
 */
import { money } from '../../core/model/money.ts';
import { err, ok } from '../../core/result.ts';
import { chunk } from '../../core/sync/coalesce.ts';
import type { PreorderStage, RemotePreorderRow } from '../../core/sync/preorder-rules.ts';
import type { Conn, CrmResult, Json, PreorderWrite, RemotePreorder } from '../contract.ts';
import { API, getOne, getPage, MAX_PAGE, writeBatch } from './client.ts';
import { fromAmoContact, partField, priceOf, textOf } from './decode.ts';
import { toAmoNote, WITHDRAWN_MARK } from './encode.ts';
import { type AmoSchema, LOST_STATUS_ID, WON_STATUS_ID } from './schema.ts';
import { AmoContact, AmoElement, AmoLead } from './wire.ts';

type LinkedElement = { id: number; catalogId: number; quantity: number; priceId: number | null };

export async function readPreorder(
  conn: Conn,
  schema: AmoSchema,
  remoteId: string,
): Promise<CrmResult<RemotePreorder | null>> {
  if (!/^\d+$/.test(remoteId)) return ok(null);
  const lead = await getOne(
    conn,
    `${API}/leads/${remoteId}`,
    [['with', 'catalog_elements,contacts']],
    AmoLead,
  );
  if (!lead.ok || lead.value === null) return lead.ok ? ok(null) : lead;
  const { currency } = schema.account;
  const contactId =
    lead.value._embedded?.contacts?.find((c) => c.is_main)?.id ?? lead.value._embedded?.contacts?.[0]?.id;
  const base = {
    remoteId,
    stage: stageOf(lead.value.pipeline_id, lead.value.status_id, schema),
    amount:
      lead.value.price === null || lead.value.price === undefined
        ? null
        : money(lead.value.price * 100, currency),
    remoteContactId: contactId === undefined ? null : String(contactId),
    currency,
    comment: null,
    visitDate: null,
  };
  if (lead.value.pipeline_id !== schema.pipeline.id) return ok({ ...base, rows: [], client: null });
  const links = (lead.value._embedded?.catalog_elements ?? []).map(
    (e): LinkedElement => ({
      id: e.id,
      catalogId: e.metadata?.catalog_id ?? schema.catalog.id,
      quantity: Number(e.metadata?.quantity ?? 1),
      priceId: e.metadata?.price_id ?? null,
    }),
  );
  const rows = await rowsOf(conn, schema, links);
  if (!rows.ok) return rows;
  const client = contactId === undefined ? ok(null) : await clientOf(conn, schema, contactId);
  if (!client.ok) return client;
  return ok({ ...base, rows: rows.value, client: client.value });
}

function stageOf(pipelineId: number, statusId: number, schema: AmoSchema): PreorderStage | 'other' {
  if (pipelineId !== schema.pipeline.id) return 'other';
  if (statusId === WON_STATUS_ID) return 'won';
  if (statusId === LOST_STATUS_ID) return 'lost';
  const { stages } = schema.pipeline;
  if (statusId === stages.to_lime) return 'to_lime';
  if (statusId === stages.sent) return 'sent';
  if (statusId === stages.accepted) return 'accepted';
  return 'other';
}

async function rowsOf(
  conn: Conn,
  schema: AmoSchema,
  links: readonly LinkedElement[],
): Promise<CrmResult<RemotePreorderRow[]>> {
  const elements = new Map<number, AmoElement>();
  for (const catalogId of new Set(links.map((l) => l.catalogId))) {
    const ids = links.filter((l) => l.catalogId === catalogId).map((l) => l.id);
    const fetched = await fetchElements(conn, catalogId, ids, elements);
    if (!fetched.ok) return fetched;
  }
  return ok(links.map((link) => rowOf(link, elements.get(link.id) ?? null, schema)));
}

function rowOf(link: LinkedElement, element: AmoElement | null, schema: AmoSchema): RemotePreorderRow {
  const fields = (element?.custom_fields_values ?? []).map(partField);
  const ours =
    link.catalogId === schema.catalog.id && element !== null && !element.name.startsWith(WITHDRAWN_MARK);
  const { currency } = schema.account;
  return {
    remoteProductId: String(link.id),
    productId: ours ? textOf(fields, schema.catalog.externalId) : null,
    name: element?.name ?? `#${link.id}`,
    quantity: link.quantity,
    unitPrice:
      (link.priceId !== null ? priceOf(fields, link.priceId, currency) : null) ??
      priceOf(fields, schema.catalog.price, currency),
  };
}

/**
 * Elements by `filter[id]` (documented for elements), verified: a filter that was ignored answers
 * the catalog's first page instead, and whatever is still missing is read one by one.
 */
async function fetchElements(
  conn: Conn,
  catalogId: number,
  ids: readonly number[],
  into: Map<number, AmoElement>,
): Promise<CrmResult<void>> {
  const path = `${API}/catalogs/${catalogId}/elements`;
  for (const part of chunk([...new Set(ids)], MAX_PAGE)) {
    const params = [...part.map((id) => ['filter[id][]', id] as const), ['limit', MAX_PAGE] as const];
    const answer = await getPage(conn, path, params, 'elements', AmoElement);
    if (!answer.ok) return answer;
    for (const element of answer.value.items) if (part.includes(element.id)) into.set(element.id, element);
  }
  for (const id of ids.filter((id) => !into.has(id))) {
    const answer = await getOne(conn, `${path}/${id}`, [], AmoElement);
    if (!answer.ok) return answer;
    if (answer.value) into.set(id, answer.value);
  }
  return ok(undefined);
}

async function clientOf(conn: Conn, schema: AmoSchema, contactId: number) {
  const answer = await getOne(conn, `${API}/contacts/${contactId}`, [], AmoContact);
  if (!answer.ok || answer.value === null) return answer.ok ? ok(null) : answer;
  const contact = fromAmoContact(answer.value, schema);
  return ok({
    clientId: contact.limeId,
    firstName: contact.personal.firstName ?? null,
    lastName: contact.personal.lastName ?? null,
    phone: contact.personal.phone ?? null,
    email: contact.personal.email ?? null,
  });
}

/** Stage → (pipeline, status), amount → `price` (whole units: amoCRM's price is an int), notes → lead notes. */
export async function writePreorder(
  conn: Conn,
  schema: AmoSchema,
  write: PreorderWrite,
): Promise<CrmResult<void>> {
  if (!/^\d+$/.test(write.remoteId)) {
    return err({ kind: 'not_found', remoteId: write.remoteId, detail: 'not an amoCRM id' });
  }
  const id = Number(write.remoteId);
  const patch: Record<string, Json> = {};
  if (write.stage)
    Object.assign(patch, { pipeline_id: schema.pipeline.id, status_id: statusOf(write.stage, schema) });
  if (write.amount) patch.price = Math.round(write.amount.minor / 100);
  const updates = Object.keys(patch).length > 0 ? [{ ref: 'lead', body: { id, ...patch } }] : [];
  const creates = (write.notes ?? []).map((text, i) => ({ ref: `note:${i}`, body: toAmoNote(id, text) }));
  if (updates.length > 0) {
    const answer = await writeBatch(conn, { path: `${API}/leads`, key: 'leads', updates, size: MAX_PAGE });
    if (!answer.ok) return answer;
    const failed = answer.value.failed[0];
    if (failed && !failed.ok) return err(failed.error);
  }
  if (creates.length === 0) return ok(undefined);
  const answer = await writeBatch(conn, {
    path: `${API}/leads/notes`,
    key: 'notes',
    creates,
    size: MAX_PAGE,
  });
  if (!answer.ok) return answer;
  const failed = answer.value.failed[0];
  return failed && !failed.ok ? err(failed.error) : ok(undefined);
}

function statusOf(stage: PreorderStage, schema: AmoSchema): number {
  if (stage === 'won') return WON_STATUS_ID;
  if (stage === 'lost') return LOST_STATUS_ID;
  return schema.pipeline.stages[stage];
}
