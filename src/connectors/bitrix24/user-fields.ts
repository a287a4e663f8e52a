/** The contact user fields that hold the card fields standard contact fields cannot (lime-protocol.md §5). */
import { err, ok } from '../../core/result.ts';
import type { Conn, CrmResult, Json, SetupItem } from '../contract.ts';
import type { BxCommand } from './client.ts';
import { CARD_USER_FIELDS, type CardUserField, DEFAULT_USER_FIELD_NAMES } from './schema.ts';
import { BxUserField } from './wire.ts';

const UF_PREFIX = 'UF_CRM_';

const USER_FIELD_SPECS: Readonly<Record<CardUserField, { type: string; label: string; settings?: Json }>> = {
  children: { type: 'string', label: 'Дети', settings: { ROWS: 5 } },
  lastTransactions: { type: 'string', label: 'Последние транзакции', settings: { ROWS: 10 } },
  lastVisit: { type: 'datetime', label: 'Последний визит' },
  registrationChannel: { type: 'string', label: 'Канал регистрации' },
  nextChildBirthday: { type: 'date', label: 'Ближайший ДР ребёнка' },
  visits: { type: 'integer', label: 'Визитов' },
};

export type UserFieldNames = Record<CardUserField, string>;

/** The operator's names (or ours), upper case, with the `UF_CRM_` prefix the portal always adds. */
export function userFieldNames(conn: Conn): UserFieldNames {
  const name = (field: CardUserField) => {
    const given = (conn.options.fieldNames[field] ?? DEFAULT_USER_FIELD_NAMES[field]).trim().toUpperCase();
    return given.startsWith(UF_PREFIX) ? given : `${UF_PREFIX}${given}`;
  };
  return {
    children: name('children'),
    lastTransactions: name('lastTransactions'),
    lastVisit: name('lastVisit'),
    registrationChannel: name('registrationChannel'),
    nextChildBirthday: name('nextChildBirthday'),
    visits: name('visits'),
  };
}

export function userFieldLookups(names: UserFieldNames): [string, BxCommand][] {
  return CARD_USER_FIELDS.map((field) => [
    `f_${field}`,
    { method: 'crm.contact.userfield.list', params: { filter: { FIELD_NAME: names[field] } } },
  ]);
}

/** What exists is reused (a type other than ours is noted, not changed); the rest is to create. */
export function planUserFields(
  results: ReadonlyMap<string, CrmResult<unknown>>,
  names: UserFieldNames,
): CrmResult<{ items: SetupItem[]; creates: [string, BxCommand][] }> {
  const items: SetupItem[] = [];
  const creates: [string, BxCommand][] = [];
  for (const field of CARD_USER_FIELDS) {
    const result = results.get(`f_${field}`);
    if (!result?.ok)
      return err(result?.error ?? { kind: 'unavailable', detail: 'no answer for a user field' });
    const list = Array.isArray(result.value) ? result.value : [];
    const existing = list
      .map((item) => BxUserField.safeParse(item))
      .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
      .find((uf) => uf.FIELD_NAME === names[field]);
    if (!existing) {
      creates.push([`f_${field}`, userFieldAdd(field, names[field])]);
      continue;
    }
    const expected = USER_FIELD_SPECS[field].type;
    const note =
      existing.USER_TYPE_ID === expected
        ? {}
        : { note: `type ${existing.USER_TYPE_ID}, expected ${expected}` };
    items.push({ what: 'user_field', name: names[field], status: 'found', remoteId: existing.ID, ...note });
  }
  return ok({ items, creates });
}

export function createdUserFields(
  results: ReadonlyMap<string, CrmResult<unknown>>,
  names: UserFieldNames,
): CrmResult<SetupItem[]> {
  const items: SetupItem[] = [];
  for (const field of CARD_USER_FIELDS) {
    const result = results.get(`f_${field}`);
    if (result === undefined) continue;
    if (!result.ok) return err(result.error);
    items.push({ what: 'user_field', name: names[field], status: 'created', remoteId: String(result.value) });
  }
  return ok(items);
}

function userFieldAdd(field: CardUserField, name: string): BxCommand {
  const spec = USER_FIELD_SPECS[field];
  return {
    method: 'crm.contact.userfield.add',
    params: {
      fields: {
        // The portal adds the `UF_CRM_` prefix itself.
        FIELD_NAME: name.slice(UF_PREFIX.length),
        USER_TYPE_ID: spec.type,
        LABEL: spec.label,
        EDIT_FORM_LABEL: spec.label,
        LIST_COLUMN_LABEL: spec.label,
        LIST_FILTER_LABEL: spec.label,
        MULTIPLE: 'N',
        MANDATORY: 'N',
        SHOW_FILTER: 'Y',
        XML_ID: `limebridge_${field}`,
        ...(spec.settings ? { SETTINGS: spec.settings } : {}),
      },
    },
  };
}
