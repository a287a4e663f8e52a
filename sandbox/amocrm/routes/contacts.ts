import { createContacts, updateContacts } from '../domain/contacts.ts';
import type { AccountContext } from '../domain/context.ts';
import { listContacts } from '../domain/list-query.ts';
import { toApiContact } from '../domain/present.ts';
import type { Router } from '../http/router.ts';
import { entityRoutes } from './entity-routes.ts';

// /api/v4/contacts (amocrm-api.md §4).
export function contactRoutes(r: Router, ctx: AccountContext): void {
  entityRoutes(r, ctx, {
    key: 'contacts',
    find: (account, id) => account.store.contacts.get(id),
    list: listContacts,
    present: toApiContact,
    create: createContacts,
    update: updateContacts,
    updateAnswersName: true,
  });
}
