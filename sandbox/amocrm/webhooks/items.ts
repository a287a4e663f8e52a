import { ymdHis } from '../fields/dates.ts';
import { toWebhookCustomFields } from '../fields/present.ts';
import type { Store } from '../state/store.ts';
import type { ContactRecord, LeadRecord, NoteRecord } from '../state/types.ts';

// One webhook item per change, in the legacy shape amoCRM still sends (amocrm-api.md §10.2):
// legacy field names, every scalar a string, keys in the captured order. Built at the moment of
// the change, so a delivery is a snapshot that may be stale when it arrives.

export type WebhookItem = Record<string, unknown>;

interface ItemScope {
  store: Store;
  timezone: string;
}

const s = (v: number | string | null | undefined) => (v === null || v === undefined ? '' : String(v));

function tagsOf(store: Store, ids: number[]): unknown[] {
  return ids.flatMap((id) => {
    const t = store.tags.find((x) => x.id === id);
    return t ? [{ id: s(t.id), name: t.name }] : [];
  });
}

export function contactItem(
  scope: ItemScope,
  c: ContactRecord,
  extra: { oldResponsibleUserId?: number } = {},
): WebhookItem {
  const { store } = scope;
  const item: WebhookItem = {
    id: s(c.id),
    name: c.name,
    responsible_user_id: s(c.responsible_user_id),
    date_create: s(c.created_at),
    last_modified: s(c.updated_at),
    created_user_id: s(c.created_by),
    modified_user_id: s(c.updated_by),
    account_id: s(store.account.id),
  };
  const cf = toWebhookCustomFields(store, c.custom_fields_values, scope.timezone);
  if (cf.length > 0) item.custom_fields = cf;
  if (extra.oldResponsibleUserId !== undefined) item.old_responsible_user_id = s(extra.oldResponsibleUserId);
  const leads = store
    .linksToEntity('contacts', c.id)
    .filter((l) => store.leads.get(l.entity_id)?.is_deleted === false);
  if (leads.length > 0) {
    item.linked_leads_id = Object.fromEntries(leads.map((l) => [s(l.entity_id), { ID: s(l.entity_id) }]));
  }
  const tags = tagsOf(store, c.tags);
  if (tags.length > 0) item.tags = tags;
  item.created_at = s(c.created_at);
  item.updated_at = s(c.updated_at);
  item.type = 'contact';
  return item;
}

export function leadItem(
  scope: ItemScope,
  l: LeadRecord,
  extra: { oldStatusId?: number; oldPipelineId?: number; oldResponsibleUserId?: number } = {},
): WebhookItem {
  const { store } = scope;
  const item: WebhookItem = { id: s(l.id), name: l.name, status_id: s(l.status_id) };
  if (extra.oldStatusId !== undefined) item.old_status_id = s(extra.oldStatusId);
  Object.assign(item, {
    price: s(l.price),
    responsible_user_id: s(l.responsible_user_id),
    last_modified: s(l.updated_at),
    modified_user_id: s(l.updated_by),
    created_user_id: s(l.created_by),
    date_create: s(l.created_at),
    pipeline_id: s(l.pipeline_id),
  });
  if (extra.oldPipelineId !== undefined && extra.oldPipelineId !== l.pipeline_id) {
    item.old_pipeline_id = s(extra.oldPipelineId);
  }
  item.account_id = s(store.account.id);
  const cf = toWebhookCustomFields(store, l.custom_fields_values, scope.timezone);
  if (cf.length > 0) item.custom_fields = cf;
  const tags = tagsOf(store, l.tags);
  if (tags.length > 0) item.tags = tags;
  if (extra.oldResponsibleUserId !== undefined) item.old_responsible_user_id = s(extra.oldResponsibleUserId);
  item.created_at = s(l.created_at);
  item.updated_at = s(l.updated_at);
  return item;
}

export const contactDeleteItem = (c: ContactRecord): WebhookItem => ({ id: s(c.id), type: 'contact' });

export const leadDeleteItem = (l: LeadRecord): WebhookItem => ({
  id: s(l.id),
  status_id: s(l.status_id),
  pipeline_id: s(l.pipeline_id),
});

// numeric note types of the legacy API
const NOTE_TYPE_CODE: Record<string, number> = {
  common: 4,
  attachment: 5,
  call_in: 10,
  call_out: 11,
  geolocation: 24,
  service_message: 25,
  extended_service_message: 25,
  sms_in: 102,
  sms_out: 103,
};

export function noteItem(scope: ItemScope, n: NoteRecord): WebhookItem {
  const text = typeof n.params.text === 'string' ? n.params.text : '';
  const item: WebhookItem = {
    note: {
      id: s(n.id),
      element_id: s(n.entity_id),
      element_type: n.entity_type === 'contacts' ? '1' : '2',
      note_type: s(NOTE_TYPE_CODE[n.note_type] ?? 4),
      text,
      created_by: s(n.created_by),
      main_user_id: s(n.responsible_user_id),
      date_create: ymdHis(scope.timezone, n.created_at),
      last_modified: ymdHis(scope.timezone, n.updated_at),
      account_id: s(scope.store.account.id),
      metadata: JSON.stringify(n.params),
    },
  };
  if (n.entity_type === 'contacts') item.type = 'contact';
  return item;
}
