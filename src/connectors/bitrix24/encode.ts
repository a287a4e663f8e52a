/**
 * Wire-neutral values → Bitrix24 `fields`. Multi-fields are the trap (bitrix24-api.md §5.2): an item
 * without `ID` is appended, so the phone and e-mail limebridge owns are rewritten by their ids, kept
 * in the contact's private state; other items the manager added are never sent, so they stay.
 */
import { createHash } from 'node:crypto';
import type { ContactCard } from '../../core/derive/contact-card.ts';
import { formatAmount, type Money } from '../../core/model/money.ts';
import { phoneKey } from '../../core/model/phone.ts';
import type { Product } from '../../core/model/product.ts';
import { formatRfc3339 } from '../../core/model/time.ts';
import {
  type ContactState,
  EMAIL_TYPE,
  emailOf,
  ORIGINATOR,
  type OwnedItem,
  PHONE_TYPE,
  phoneOf,
} from './decode.ts';
import type { BxSchema } from './schema.ts';
import type { BxMultiField } from './wire.ts';

export type BxFields = Record<string, unknown>;
export type MultiKind = 'phone' | 'email';

const MULTI = {
  phone: { field: 'PHONE', type: PHONE_TYPE, key: (value: string) => phoneKey(value) ?? value.trim() },
  email: { field: 'EMAIL', type: EMAIL_TYPE, key: (value: string) => emailOf(value) },
} as const;

/** Does writing `fields` need the contact's current multi-items (an owned item whose id we never learnt)? */
export function needsCurrentItems(fields: Partial<ContactCard>, state: ContactState): boolean {
  return (['phone', 'email'] as const).some(
    (kind) => fields[kind] !== undefined && state[kind] !== null && state[kind].id === null,
  );
}

/**
 * `fields` of `crm.contact.add`/`update` and the state after the write. A create gets every non-null
 * field; an update exactly the keys present (null clears). `current` are the contact's items when
 * they had to be fetched first.
 */
export function toBxContact(
  card: Partial<ContactCard>,
  options: {
    create: boolean;
    state: ContactState;
    current?: { PHONE?: readonly BxMultiField[] | null; EMAIL?: readonly BxMultiField[] | null };
    schema: BxSchema;
    timeZone: string;
  },
): { fields: BxFields; state: ContactState } {
  const fields: BxFields = {};
  const put = (name: string, value: unknown) => {
    if (value === undefined || (value === null && options.create)) return;
    fields[name] = value ?? '';
  };
  const uf = options.schema.userFields;
  if (card.limeId !== undefined || options.create) {
    put('ORIGINATOR_ID', ORIGINATOR);
    put('ORIGIN_ID', card.limeId);
  }
  put('NAME', card.firstName);
  put('LAST_NAME', card.lastName);
  put('SECOND_NAME', card.middleName);
  put('BIRTHDATE', card.birthDate);
  put(uf.children, card.children);
  put(uf.lastTransactions, card.lastTransactions);
  put(uf.registrationChannel, card.registrationChannel);
  put(uf.nextChildBirthday, card.nextChildBirthday);
  put(uf.visits, card.visits);
  put(
    uf.lastVisit,
    card.lastVisit === undefined || card.lastVisit === null
      ? card.lastVisit
      : formatRfc3339(card.lastVisit, options.timeZone),
  );
  const state = { ...options.state };
  for (const kind of ['phone', 'email'] as const) {
    const target = card[kind];
    if (target === undefined) continue;
    const write = multiWrite(kind, target, options.state[kind], options.current?.[MULTI[kind].field]);
    if (write.items.length > 0) fields[MULTI[kind].field] = write.items;
    state[kind] = write.owned;
  }
  return { fields, state };
}

function multiWrite(
  kind: MultiKind,
  target: string | null,
  owned: OwnedItem | null,
  current: readonly BxMultiField[] | null | undefined,
): { items: Record<string, string>[]; owned: OwnedItem | null } {
  const { type, key } = MULTI[kind];
  const present = (current ?? []).filter((item) => (item.VALUE ?? '').trim() !== '');
  const ownedId =
    owned?.id ??
    (owned ? (present.find((item) => key(item.VALUE ?? '') === key(owned.value))?.ID ?? null) : null);
  if (target === null) {
    // `{ID, VALUE:""}` deletes that item (an empty list would change nothing).
    return { items: ownedId ? [{ ID: ownedId, VALUE: '' }] : [], owned: null };
  }
  const value = kind === 'phone' ? phoneOf(target) : emailOf(target);
  if (ownedId)
    return { items: [{ ID: ownedId, VALUE: value, VALUE_TYPE: type }], owned: { id: ownedId, value } };
  const existing = present.find((item) => key(item.VALUE ?? '') === key(value));
  if (existing) return { items: [], owned: { id: existing.ID, value: existing.VALUE ?? value } };
  return { items: [{ VALUE: value, VALUE_TYPE: type }], owned: { id: null, value } };
}

export function toBxProduct(product: Product, create: boolean): BxFields {
  return {
    NAME: product.name,
    PRICE: formatAmount(product.price.minor),
    CURRENCY_ID: product.price.currency,
    XML_ID: product.productId,
    ACTIVE: product.active ? 'Y' : 'N',
    // Since CRM 21.700 CODE is derived from NAME; two products of one name would collide.
    ...(create ? { CODE: productCode(product.productId) } : {}),
  };
}

export function toBxDealWrite(write: { stage?: string; amount?: Money }): BxFields {
  return {
    ...(write.stage ? { STAGE_ID: write.stage } : {}),
    ...(write.amount
      ? {
          OPPORTUNITY: formatAmount(write.amount.minor),
          CURRENCY_ID: write.amount.currency,
          IS_MANUAL_OPPORTUNITY: 'Y',
        }
      : {}),
  };
}

/** `crm.timeline.comment.add` params; `fields` must be lower case for this method (crm 23.100+). */
export function toBxTimelineComment(entityType: 'contact' | 'deal', entityId: string, text: string) {
  return { fields: { ENTITY_ID: entityId, ENTITY_TYPE: entityType, COMMENT: text } };
}

export function productCode(productId: string): string {
  const slug = productId
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')
    .slice(0, 60);
  if (slug === productId) return `lime-${slug}`;
  return `lime-${slug}-${createHash('sha1').update(productId).digest('hex').slice(0, 8)}`;
}
