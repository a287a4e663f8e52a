import type { AccountContext } from '../domain/context.ts';
import { createLeads, updateLeads } from '../domain/leads.ts';
import { listLeads } from '../domain/list-query.ts';
import { toApiLead } from '../domain/present.ts';
import type { Router } from '../http/router.ts';
import { entityRoutes } from './entity-routes.ts';

// /api/v4/leads (amocrm-api.md §6.1–6.4).
export function leadRoutes(r: Router, ctx: AccountContext): void {
  entityRoutes(r, ctx, {
    key: 'leads',
    find: (account, id) => account.store.leads.get(id),
    list: listLeads,
    present: toApiLead,
    create: createLeads,
    update: updateLeads,
    updateAnswersName: false,
  });
}
