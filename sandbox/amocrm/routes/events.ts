import type { AccountContext } from '../domain/context.ts';
import { queryEvents, toApiEvent } from '../events/feed.ts';
import { halPage, parsePaging, withSet } from '../http/hal.ts';
import { noContent, ok, page, type Router } from '../http/router.ts';
import type { EventRecord } from '../state/types.ts';

// GET /api/v4/events (amocrm-api.md §9): ≤100 per page, newest first, 204 when empty.

const TYPE_NAMES: Record<string, [string, string]> = {
  lead_added: ['Новая сделка', 'Lead added'],
  lead_status_changed: ['Изменение этапа продажи', 'Lead status changed'],
  contact_added: ['Новый контакт', 'Contact added'],
  contact_deleted: ['Контакт удален', 'Contact deleted'],
  custom_field_value_changed: ['Изменение поля', 'Field value changed'],
  name_field_changed: ['Изменение поля «Название»', 'Name changed'],
  sale_field_changed: ['Изменение поля «Бюджет»', 'Sale field changed'],
  entity_responsible_changed: ['Ответственный изменен', 'Responsible changed'],
  entity_linked: ['Прикрепление', 'Linked'],
  entity_unlinked: ['Открепление', 'Unlinked'],
  contact_linked: ['Прикрепление контакта', 'Contact linked'],
  contact_unlinked: ['Открепление контакта', 'Contact unlinked'],
  lead_linked: ['Прикрепление сделки', 'Lead linked'],
  lead_unlinked: ['Открепление сделки', 'Lead unlinked'],
  common_note_added: ['Новое примечание', 'Note added'],
  service_note_added: ['Новое системное примечание', 'Service note added'],
};

export function eventRoutes(r: Router, ctx: AccountContext): void {
  const path = '/api/v4/events';
  const names = (withs: Set<string>) => (e: EventRecord) => {
    if (e.entity_type === 'contact' && withs.has('contact_name'))
      return ctx.store.contacts.get(e.entity_id)?.name;
    if (e.entity_type === 'lead' && withs.has('lead_name')) return ctx.store.leads.get(e.entity_id)?.name;
    return undefined;
  };

  r.get(path, (req) => {
    const naming = names(withSet(req.query));
    const all = queryEvents(ctx.store, req.query);
    const present = (e: EventRecord) => toApiEvent(e, ctx.baseUrl, ctx.store.account.id, naming);
    const paging = parsePaging(req.query, { limit: 100, max: 100 });
    return page(
      halPage({ baseUrl: ctx.baseUrl, path, query: req.query, paging, key: 'events', all, present }),
    );
  });

  r.get(`${path}/types`, (req) => {
    const lang = req.query.language_code === 'en' ? 1 : 0;
    const types = Object.entries(TYPE_NAMES).map(([key, labels]) => ({ key, type: 1, lang: labels[lang] }));
    return ok({ _total_items: types.length, _embedded: { events_types: types } });
  });

  r.get(`${path}/:id`, (req) => {
    const e = ctx.store.eventsById.get(String(req.params.id));
    return e ? ok(toApiEvent(e, ctx.baseUrl, ctx.store.account.id, names(withSet(req.query)))) : noContent();
  });
}
