// crm.deal.contact.items.get/set/delete: the deal's contact bindings (replace-all on set).

import { findDeal } from './deals.ts';
import { legacyError } from './errors.ts';
import {
  isPhpArray,
  isRecord,
  isset,
  phpInt,
  phpString,
  phpValues,
  resolveArrayParam,
  resolveEntityId,
} from './php.ts';
import { type ChangeOrigin, type MethodTable, method, ok, type Portal } from './portal.ts';
import type { ContactBinding, DealRecord } from './state.ts';

function requireDeal(portal: Portal, id: number): DealRecord {
  if (id <= 0) throw legacyError('The parameter ownerEntityID is invalid or not defined.');
  const deal = findDeal(portal, id);
  if (!deal) throw legacyError('Not found.');
  return deal;
}

function saveBindings(
  portal: Portal,
  deal: DealRecord,
  bindings: ContactBinding[],
  origin: ChangeOrigin,
): void {
  deal.contacts = bindings;
  deal.fields.CONTACT_ID = bindings.find((binding) => binding.IS_PRIMARY === 'Y')?.CONTACT_ID ?? null;
  deal.fields.DATE_MODIFY = portal.now();
  deal.fields.MODIFY_BY_ID = origin.userId;
  portal.changed();
  portal.emit('ONCRMDEALUPDATE', { FIELDS: { ID: deal.ID } }, origin);
}

/** If no item is primary the first one becomes primary; the default SORT is (i+1)×10. */
export function normalizeBindings(portal: Portal, items: unknown[]): ContactBinding[] {
  const bindings: ContactBinding[] = [];
  items.forEach((raw, index) => {
    if (!isRecord(raw)) return;
    const contactId = phpInt(raw.CONTACT_ID);
    if (contactId <= 0 || !portal.state.contacts[String(contactId)]) return;
    if (bindings.some((binding) => binding.CONTACT_ID === contactId)) return;
    bindings.push({
      CONTACT_ID: contactId,
      SORT: isset(raw.SORT) ? phpInt(raw.SORT) : (index + 1) * 10,
      ROLE_ID: 0,
      IS_PRIMARY: phpString(raw.IS_PRIMARY).toUpperCase() === 'Y' ? 'Y' : 'N',
    });
  });
  const primaryIndex = bindings.findIndex((binding) => binding.IS_PRIMARY === 'Y');
  return bindings.map((binding, index) => ({
    ...binding,
    IS_PRIMARY: index === Math.max(primaryIndex, 0) ? 'Y' : 'N',
  }));
}

export const dealContactMethods: MethodTable = {
  'crm.deal.contact.items.get': method(({ portal, params }) => {
    const deal = requireDeal(portal, resolveEntityId(params));
    return ok(deal.contacts.map((binding) => ({ ...binding })));
  }),
  'crm.deal.contact.items.set': method(({ portal, params, origin }) => {
    const deal = requireDeal(portal, resolveEntityId(params));
    const items = resolveArrayParam(params, 'items');
    if (!isPhpArray(items)) throw legacyError('The parameter items must be array.');
    saveBindings(portal, deal, normalizeBindings(portal, phpValues(items)), origin);
    return ok(true);
  }),
  'crm.deal.contact.items.delete': method(({ portal, params, origin }) => {
    const deal = requireDeal(portal, resolveEntityId(params));
    saveBindings(portal, deal, [], origin);
    return ok(true);
  }),
};
