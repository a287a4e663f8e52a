// crm.duplicate.findbycomm: phone/e-mail lookup through a normalising duplicate index.

import { BxError, legacyError } from './errors.ts';
import { isPhpArray, type Params, phpString, phpValues, resolveArrayParam, resolveParam } from './php.ts';
import { type MethodTable, method, ok } from './portal.ts';
import type { CrmRecord, PortalState } from './state.ts';

const MAX_VALUES = 20;
const MAX_MATCHES = 20;

/** Digits only, extension dropped, Russian trunk prefix 8 → 7, ten digits get the default country 7. */
export function normalizePhone(value: string): string {
  const withoutExtension = value.split(/#|ext\.?|доб\.?|,/i)[0] ?? '';
  let digits = withoutExtension.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
  if (digits.length === 10) digits = `7${digits}`;
  return digits;
}

const normalize = (type: string, value: string): string =>
  type === 'PHONE' ? normalizePhone(value) : value.trim().toLowerCase();

function entityTypeParam(params: Params): string {
  for (const key of ['ENTITY_TYPE', 'entity_type', 'EntityType', 'arEntityType']) {
    const value = params[key];
    if (value !== undefined && value !== null) return phpString(value).toUpperCase();
  }
  return '';
}

type CommIndex = Map<string, Set<number>>;

/** The duplicate index: `TYPE:normalised value` → contact ids; built on first use, kept in step after. */
const indexes = new WeakMap<PortalState, CommIndex>();

const indexKeys = (record: CrmRecord): string[] =>
  record.fm
    .filter((item) => item.TYPE_ID === 'PHONE' || item.TYPE_ID === 'EMAIL')
    .map((item) => `${item.TYPE_ID}:${normalize(item.TYPE_ID, item.VALUE)}`);

function commIndex(state: PortalState): CommIndex {
  let index = indexes.get(state);
  if (!index) {
    index = new Map();
    for (const record of Object.values(state.contacts)) {
      for (const key of indexKeys(record)) index.set(key, (index.get(key) ?? new Set()).add(record.ID));
    }
    indexes.set(state, index);
  }
  return index;
}

/** Called by every contact write with the record before and after (undefined when absent). */
export function reindexContact(
  state: PortalState,
  before: CrmRecord | undefined,
  after: CrmRecord | undefined,
): void {
  const index = indexes.get(state);
  if (!index) return;
  for (const key of before ? indexKeys(before) : []) index.get(key)?.delete(before?.ID ?? 0);
  for (const key of after ? indexKeys(after) : [])
    index.set(key, (index.get(key) ?? new Set()).add(after?.ID ?? 0));
}

function matches(state: PortalState, type: string, needle: string): number[] {
  return [...(commIndex(state).get(`${type}:${needle}`) ?? [])].sort((a, b) => a - b).slice(0, MAX_MATCHES);
}

export const duplicateMethods: MethodTable = {
  'crm.duplicate.findbycomm': method(({ portal, params }) => {
    const type = phpString(resolveParam(params, 'type')).toUpperCase();
    if (type === '') throw new BxError('Communication type is not defined', "Parameter 'type' is required.");
    if (type !== 'PHONE' && type !== 'EMAIL') {
      throw new BxError(
        `Communication type '${type}' is not supported in current context`,
        "Parameter 'type' is invalid.",
      );
    }
    const values = resolveArrayParam(params, 'values');
    if (!isPhpArray(values) || phpValues(values).length === 0) {
      throw new BxError('Communication values is not defined', "Parameter 'values' is required.");
    }
    const entityType = entityTypeParam(params);
    if (entityType === 'DEAL') throw legacyError('Deal is not supported in current context.');
    const seen = new Set<string>();
    const contacts: number[] = [];
    for (const raw of phpValues(values)) {
      if (typeof raw !== 'string' || raw === '') continue;
      const needle = normalize(type, raw);
      if (needle === '' || seen.has(needle)) continue;
      seen.add(needle);
      if (entityType === '' || entityType === 'CONTACT') {
        for (const id of matches(portal.state, type, needle)) if (!contacts.includes(id)) contacts.push(id);
      }
      if (seen.size >= MAX_VALUES) break;
    }
    // A PHP empty array: `[]`, not `{}`; keys only for types with matches.
    return ok(contacts.length > 0 ? { CONTACT: contacts } : []);
  }),
};
