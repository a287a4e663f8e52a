import type { AccountContext } from '../domain/context.ts';
import { isInt, isObject, singleItem } from '../domain/input.ts';
import { emptyRequest, notFound, problem, Validation } from '../http/problem.ts';
import { created, noContent, ok, type Router } from '../http/router.ts';
import type { WebhookRecord } from '../state/types.ts';

// /api/v4/webhooks (amocrm-api.md §10.1): subscribe = upsert by destination (201, flat object),
// DELETE by destination (204, or 404), ≤100 hooks per account.

export const WEBHOOK_SETTINGS = [
  'add_lead',
  'update_lead',
  'delete_lead',
  'restore_lead',
  'status_lead',
  'responsible_lead',
  'note_lead',
  'add_contact',
  'update_contact',
  'delete_contact',
  'restore_contact',
  'responsible_contact',
  'note_contact',
  'add_company',
  'update_company',
  'delete_company',
  'restore_company',
  'responsible_company',
  'note_company',
  'add_customer',
  'update_customer',
  'delete_customer',
  'responsible_customer',
  'note_customer',
  'add_task',
  'update_task',
  'delete_task',
  'responsible_task',
  'add_talk',
  'update_talk',
  'add_chat_template_review',
];
const MAX_WEBHOOKS = 100;

function isUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function webhookRoutes(r: Router, ctx: AccountContext): void {
  const path = '/api/v4/webhooks';
  const show = (w: WebhookRecord) => ({
    id: w.id,
    destination: w.destination,
    created_at: w.created_at,
    updated_at: w.updated_at,
    account_id: ctx.store.account.id,
    created_by: w.created_by,
    sort: w.sort,
    disabled: w.disabled,
    settings: w.settings,
  });

  r.get(path, (req) => {
    const filter = isObject(req.query.filter) ? req.query.filter : {};
    const hooks = ctx.store.webhooks.filter(
      (w) => filter.destination === undefined || w.destination === filter.destination,
    );
    if (hooks.length === 0) return noContent();
    return ok({ _total_items: hooks.length, _embedded: { webhooks: hooks.map(show) } });
  });

  r.post(path, (req) => {
    const body = singleItem(req.body);
    const v = new Validation();
    const errors = v.item('0');
    for (const key of Object.keys(body))
      if (!['destination', 'settings', 'sort'].includes(key)) errors.notExpected(key);
    if (body.destination === undefined) errors.missing('destination');
    else if (!isUrl(body.destination)) errors.notSupportedChoice('destination');
    if (!Array.isArray(body.settings) || body.settings.length === 0) errors.invalidType('settings', 'array');
    else {
      for (const [i, s] of body.settings.entries()) {
        if (!WEBHOOK_SETTINGS.includes(String(s))) errors.notSupportedChoice(`settings.${i}`);
      }
    }
    if (body.sort !== undefined && !isInt(body.sort)) errors.invalidType('sort', 'int');
    v.throwIfAny();
    const destination = String(body.destination);
    const settings = [...new Set((body.settings as unknown[]).map(String))];
    const now = ctx.now();
    let hook = ctx.store.webhooks.find((w) => w.destination === destination);
    if (hook) {
      Object.assign(hook, { settings, disabled: false, updated_at: now });
      if (isInt(body.sort)) hook.sort = body.sort;
      ctx.dispatcher.resetHook(hook.id);
    } else {
      if (ctx.store.webhooks.length >= MAX_WEBHOOKS) throw problem(422, 'Webhooks limit exceeded');
      hook = {
        id: ctx.store.nextId('webhook'),
        destination,
        created_at: now,
        updated_at: now,
        created_by: req.actor.userId,
        sort: isInt(body.sort) ? body.sort : 1,
        disabled: false,
        settings,
      };
      ctx.store.webhooks.push(hook);
    }
    return created(show(hook));
  });

  r.delete(path, (req) => {
    if (!isObject(req.body) || typeof req.body.destination !== 'string') throw emptyRequest();
    const destination = req.body.destination;
    const hook = ctx.store.webhooks.find((w) => w.destination === destination);
    if (!hook) throw notFound('Webhook not found');
    ctx.store.webhooks = ctx.store.webhooks.filter((w) => w !== hook);
    return noContent();
  });
}
