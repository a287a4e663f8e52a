/**
 * Idempotent setup: account facts, contact card fields, the products catalog, the pre-order pipeline
 * and the webhook subscription. Everything is looked up by name first; a second run creates nothing.
 * Requests: 6 when everything exists (account, contact fields, catalogs, catalog fields, pipelines,
 * webhooks), plus one per missing piece (fields, catalog, pipeline, stages, webhook): 9 on a fresh account.
 */
import { err, ok } from '../../core/result.ts';
import type { Conn, CrmResult, Json, SetupInstruction, SetupItem, SetupReport } from '../contract.ts';
import { API, decode, getOne, sendOne } from './client.ts';
import { type AmoSchema, AmoSchema as AmoSchemaShape } from './schema.ts';
import { setupCatalog, setupContactFields } from './setup-fields.ts';
import { setupPipeline } from './setup-pipeline.ts';
import { AmoAccount, AmoWebhookSubscription, amoList } from './wire.ts';

/** What the hub listens to: contacts and leads added/changed/deleted, and lead stage moves. */
export const WEBHOOK_SETTINGS = [
  'add_contact',
  'update_contact',
  'delete_contact',
  'restore_contact',
  'add_lead',
  'update_lead',
  'delete_lead',
  'restore_lead',
  'status_lead',
] as const;

export async function setupAmo(conn: Conn): Promise<CrmResult<{ schema: Json; report: SetupReport }>> {
  const account = await getOne(
    conn,
    `${API}/account`,
    [['with', 'is_api_filter_enabled,datetime_settings']],
    AmoAccount,
  );
  if (!account.ok) return account;
  if (!account.value) return err({ kind: 'unavailable', detail: 'amoCRM answered no account' });
  const facts = {
    id: account.value.id,
    subdomain: account.value.subdomain ?? '',
    currency: account.value.currency ?? 'RUB',
    timeZone: account.value._embedded?.datetime_settings?.timezone ?? conn.timeZone,
    filters: account.value.is_api_filter_enabled === true,
  };
  const fields = await setupContactFields(conn, conn.options.fieldNames);
  if (!fields.ok) return fields;
  const catalog = await setupCatalog(conn);
  if (!catalog.ok) return catalog;
  const pipeline = await setupPipeline(conn, conn.options.preorderPipeline, conn.options.preorderStages);
  if (!pipeline.ok) return pipeline;
  const webhook = await setupWebhook(conn);
  if (!webhook.ok) return webhook;
  const schema: AmoSchema = {
    version: 1,
    account: facts,
    contactFields: fields.value.value.fields,
    phone: fields.value.value.phone,
    email: fields.value.value.email,
    catalog: catalog.value.value,
    pipeline: pipeline.value.value,
    webhook: { destination: conn.webhookUrl },
  };
  const checked = AmoSchemaShape.safeParse(schema);
  if (!checked.success) return err({ kind: 'unavailable', detail: 'setup produced an incomplete schema' });
  const items: SetupItem[] = [
    {
      what: 'account',
      name: facts.subdomain || String(facts.id),
      status: 'found',
      remoteId: String(facts.id),
    },
    ...fields.value.items,
    ...catalog.value.items,
    ...pipeline.value.items,
    webhook.value,
  ];
  const instructions: SetupInstruction[] = facts.filters
    ? []
    : [
        {
          code: 'amocrm.apiFilteringOff',
          params: {},
          text:
            'API filtering is off for this amoCRM account (a paid option, Settings → Billing): contacts are ' +
            'then read one request each and searched by full text; turning it on and running setup again ' +
            'makes lookups batch.',
        },
      ];
  return ok({ schema: JSON.parse(JSON.stringify(schema)) as Json, report: { items, instructions } });
}

/** Subscribes `conn.webhookUrl` (POST upserts by destination); a disabled hook is re-enabled. */
async function setupWebhook(conn: Conn): Promise<CrmResult<SetupItem>> {
  const path = `${API}/webhooks`;
  const listed = await sendOne(conn, {
    method: 'GET',
    path,
    params: [['filter[destination]', conn.webhookUrl]],
  });
  if (!listed.ok) return listed;
  let current: AmoWebhookSubscription | undefined;
  if (listed.value.status !== 204 && listed.value.text.trim() !== '') {
    const list = decode(amoList('webhooks', AmoWebhookSubscription), listed.value.json, path);
    if (!list.ok) return list;
    current = (list.value._embedded.webhooks ?? []).find((w) => w.destination === conn.webhookUrl);
  }
  const settings = new Set(current?.settings ?? []);
  const complete = WEBHOOK_SETTINGS.every((s) => settings.has(s));
  const item = { what: 'webhook', name: conn.webhookUrl };
  if (current && complete && !current.disabled) {
    return ok({ ...item, status: 'found', ...(current.id ? { remoteId: String(current.id) } : {}) });
  }
  const wanted = [...new Set([...settings, ...WEBHOOK_SETTINGS])];
  const created = await sendOne(conn, {
    method: 'POST',
    path,
    json: { destination: conn.webhookUrl, settings: wanted, sort: 10 },
  });
  if (!created.ok) return created;
  const hook = decode(AmoWebhookSubscription, created.value.json, path);
  if (!hook.ok) return hook;
  const note = current?.disabled ? 'it had been disabled by amoCRM after failed deliveries' : undefined;
  return ok({
    ...item,
    status: current ? 'updated' : 'created',
    ...(hook.value.id ? { remoteId: String(hook.value.id) } : {}),
    ...(note ? { note } : {}),
  });
}
