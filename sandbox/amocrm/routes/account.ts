import type { AccountContext } from '../domain/context.ts';
import { offsetLabel } from '../fields/dates.ts';
import { halPage, parsePaging, selfLinks, withSet } from '../http/hal.ts';
import { idParam, noContent, ok, page, type Router } from '../http/router.ts';
import type { UserRecord } from '../state/types.ts';

// /api/v4/account and /api/v4/users (amocrm-api.md §11).

function rights(admin: boolean) {
  const all = { view: 'A', edit: 'A', add: 'A', delete: 'A', export: 'A' };
  return {
    leads: all,
    contacts: all,
    companies: all,
    tasks: { edit: 'A', delete: 'A' },
    mail_access: false,
    catalog_access: admin,
    status_rights: [],
    is_admin: admin,
    is_free: false,
    is_active: true,
    group_id: null,
    role_id: null,
  };
}

export function accountRoutes(r: Router, ctx: AccountContext): void {
  const toApiUser = (u: UserRecord) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    lang: 'ru',
    rights: { ...rights(u.is_admin), is_active: u.is_active },
    _links: selfLinks(ctx.link(`/api/v4/users/${u.id}`)),
  });

  r.get('/api/v4/account', (req) => {
    const { account } = ctx.store;
    const withs = withSet(req.query);
    const body: Record<string, unknown> = {
      id: account.id,
      name: account.name,
      subdomain: account.subdomain,
      created_at: account.created_at,
      created_by: 0,
      updated_at: account.created_at,
      updated_by: 0,
      current_user_id: req.actor.userId,
      country: 'RU',
      currency: account.currency,
      currency_symbol: '₽',
      customers_mode: 'disabled',
      is_unsorted_on: true,
      mobile_feature_version: 0,
      is_loss_reason_enabled: true,
      is_helpbot_enabled: false,
      is_technical_account: false,
      contact_name_display_order: 1,
    };
    if (withs.has('amojo_id')) body.amojo_id = account.amojo_id;
    if (withs.has('uuid')) body.uuid = account.uuid;
    if (withs.has('version')) body.version = 16;
    if (withs.has('is_api_filter_enabled')) body.is_api_filter_enabled = ctx.knobs.apiFilterEnabled;
    body._links = selfLinks(ctx.link('/api/v4/account'));
    const embedded: Record<string, unknown> = {};
    if (withs.has('users_groups')) embedded.users_groups = [{ id: 0, name: 'Отдел продаж', uuid: null }];
    if (withs.has('task_types')) {
      embedded.task_types = [{ id: 1, name: 'Связаться', color: null, icon_id: null, code: 'FOLLOW_UP' }];
    }
    if (withs.has('datetime_settings')) {
      embedded.datetime_settings = {
        date_pattern: 'd.m.Y H:i',
        short_date_pattern: 'd.m.Y',
        short_time_pattern: 'H:i',
        date_format: 'd.m.Y',
        time_format: 'H:i:s',
        timezone: account.timezone,
        timezone_offset: offsetLabel(account.timezone, ctx.now()),
      };
    }
    if (Object.keys(embedded).length > 0) body._embedded = embedded;
    return ok(body);
  });

  r.get('/api/v4/users', (req) => {
    const all = ctx.store.users.map(toApiUser);
    const paging = parsePaging(req.query, { limit: 50, max: 250 });
    return page(
      halPage({
        baseUrl: ctx.baseUrl,
        path: '/api/v4/users',
        query: req.query,
        paging,
        key: 'users',
        all,
        withTotals: true,
      }),
    );
  });

  r.get('/api/v4/users/:id', (req) => {
    const u = ctx.store.user(idParam(req));
    return u ? ok(toApiUser(u)) : noContent();
  });
}
