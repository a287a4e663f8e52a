// Every REST method the portal answers (names lowercase: the server lowercases incoming names).

import { catalogMethods } from './catalog.ts';
import { categoryMethods } from './categories.ts';
import { contactMethods } from './contacts.ts';
import { crmItemMethods } from './crm-item.ts';
import { dealContactMethods } from './deal-contacts.ts';
import { dealMethods } from './deals.ts';
import { duplicateMethods } from './duplicates.ts';
import { eventMethods } from './events.ts';
import { offlineMethods } from './offline-events.ts';
import { type MethodTable, method, ok } from './portal.ts';
import { productRowMethods } from './productrows.ts';
import { productMethods } from './products.ts';
import { timelineMethods } from './timeline.ts';
import { userFieldMethodTable } from './userfields.ts';

const systemMethods: MethodTable = {
  'user.current': method(({ portal, principal }) => {
    const user = portal.state.users.find((candidate) => candidate.ID === principal.userId);
    return ok(
      user
        ? {
            ID: String(user.ID),
            ACTIVE: true,
            NAME: user.NAME,
            LAST_NAME: user.LAST_NAME,
            EMAIL: user.EMAIL,
            ADMIN: user.ADMIN,
          }
        : null,
    );
  }),
  'app.info': method(
    ({ portal, principal }) => {
      const app = portal.state.apps[principal.clientId ?? ''];
      return ok({
        ID: app?.id ?? 0,
        CODE: app?.clientId ?? '',
        VERSION: 1,
        STATUS: 'L',
        INSTALLED: app?.installed ?? false,
        PAYMENT_EXPIRED: 'N',
        DAYS: null,
        LICENSE: 'ru_project',
        LICENSE_TYPE: 'project',
        LICENSE_FAMILY: 'project',
      });
    },
    { appOnly: true },
  ),
  scope: method(() => ok(['crm', 'catalog', 'user'])),
};

export const METHODS: MethodTable = {
  ...systemMethods,
  ...contactMethods,
  ...crmItemMethods,
  ...userFieldMethodTable,
  ...duplicateMethods,
  ...productMethods,
  ...catalogMethods,
  ...dealMethods,
  ...dealContactMethods,
  ...productRowMethods,
  ...categoryMethods,
  ...timelineMethods,
  ...eventMethods,
  ...offlineMethods,
  batch: method(() => ok(null), { notInBatch: true }),
};
