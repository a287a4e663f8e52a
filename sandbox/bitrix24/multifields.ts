// Multi-fields (PHONE, EMAIL, WEB, IM, LINK): the legacy ID/append/delete rules and crm.item `fm`.

import { coreError } from './errors.ts';
import { MULTI_FIELD_TYPES } from './field-specs.ts';
import { isPhpArray, isRecord, isset, phpEntries, phpInt, phpString, phpValues } from './php.ts';
import { type FmItem, nextId, type PortalState } from './state.ts';

const EMAIL_LABELS: Record<string, string> = {
  WORK: 'Work e-mail',
  HOME: 'Private e-mail',
  MAILING: 'E-mail for newsletters',
  OTHER: 'Other e-mail',
};

export const isMultiFieldType = (name: string): boolean =>
  (MULTI_FIELD_TYPES as readonly string[]).includes(name);

const defaultValueType = (typeId: string): string => (typeId === 'IM' ? 'OTHER' : 'WORK');

interface FmOp {
  typeId: string;
  /** Existing item id, or null to append. */
  id: number | null;
  valueType: string;
  value: string;
  remove: boolean;
}

function validate(ops: FmOp[]): void {
  for (const op of ops) {
    if (op.typeId !== 'EMAIL' || op.remove || op.value === '') continue;
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(op.value)) {
      const label = EMAIL_LABELS[op.valueType] ?? EMAIL_LABELS.WORK;
      throw coreError(`The field ${label} contains an invalid address`);
    }
  }
}

/** Applies operations in place; unknown ids are ignored, empty appends skipped. */
function apply(state: PortalState, items: FmItem[], ops: FmOp[]): FmItem[] {
  validate(ops);
  let result = [...items];
  for (const op of ops) {
    if (op.id !== null) {
      const index = result.findIndex((item) => item.ID === op.id && item.TYPE_ID === op.typeId);
      if (index < 0) continue;
      const current = result[index] as FmItem;
      if (op.remove || op.value === '') {
        result = result.filter((_, i) => i !== index);
      } else {
        result[index] = { ...current, VALUE: op.value, VALUE_TYPE: op.valueType || current.VALUE_TYPE };
      }
      continue;
    }
    if (op.value === '') continue;
    result.push({
      ID: nextId(state, 'fm'),
      TYPE_ID: op.typeId,
      VALUE_TYPE: op.valueType || defaultValueType(op.typeId),
      VALUE: op.value,
    });
  }
  return result;
}

/** Legacy `fields.PHONE: [{ID?, VALUE, VALUE_TYPE, DELETE?}]`; items without ID are always appended. */
export function applyLegacyMultiFields(
  state: PortalState,
  items: FmItem[],
  fields: Record<string, unknown>,
): FmItem[] {
  const ops: FmOp[] = [];
  for (const typeId of MULTI_FIELD_TYPES) {
    const list = fields[typeId];
    if (!isPhpArray(list)) continue;
    for (const raw of phpValues(list)) {
      if (!isRecord(raw)) continue;
      ops.push({
        typeId,
        id: isset(raw.ID) ? phpInt(raw.ID) : null,
        valueType: phpString(raw.VALUE_TYPE).trim().toUpperCase(),
        value: phpString(raw.VALUE).trim(),
        remove: phpString(raw.DELETE).toUpperCase() === 'Y',
      });
    }
  }
  return apply(state, items, ops);
}

function itemOp(raw: Record<string, unknown>, id: number | null): FmOp | null {
  const typeId = phpString(raw.typeId).toUpperCase();
  if (!isMultiFieldType(typeId)) return null;
  return {
    typeId,
    id,
    valueType: phpString(raw.valueType).trim().toUpperCase(),
    value: phpString(raw.value).trim(),
    remove: false,
  };
}

/** crm.item `fm`: an array on add; on update an object keyed `n0` (append) or an existing item id. */
export function applyItemMultiFields(state: PortalState, items: FmItem[], fm: unknown): FmItem[] {
  const ops: FmOp[] = [];
  for (const [key, raw] of phpEntries(fm)) {
    if (!isRecord(raw)) continue;
    const existing = Array.isArray(fm)
      ? isset(raw.id)
        ? phpInt(raw.id)
        : null
      : /^\d+$/.test(key)
        ? Number(key)
        : null;
    const op = itemOp(raw, existing);
    if (op) ops.push(op);
  }
  return apply(state, items, ops);
}

export function legacyMultiFields(items: FmItem[], typeId: string): Array<Record<string, string>> {
  return items
    .filter((item) => item.TYPE_ID === typeId)
    .map((item) => ({
      ID: String(item.ID),
      VALUE_TYPE: item.VALUE_TYPE,
      VALUE: item.VALUE,
      TYPE_ID: item.TYPE_ID,
    }));
}

export function itemMultiFields(items: FmItem[]): Array<Record<string, unknown>> {
  return items.map((item) => ({
    id: item.ID,
    valueType: item.VALUE_TYPE,
    value: item.VALUE,
    typeId: item.TYPE_ID,
  }));
}

/** The flat aliases crm.item adds for contacts: phone, phoneMobile, email, emailWork… (first value of each). */
export function itemMultiFieldAliases(items: FmItem[]): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const item of items) {
    const base = item.TYPE_ID.toLowerCase();
    const typed = base + item.VALUE_TYPE.charAt(0) + item.VALUE_TYPE.slice(1).toLowerCase();
    aliases[base] ??= item.VALUE;
    aliases[typed] ??= item.VALUE;
  }
  return aliases;
}

export const hasType = (items: FmItem[], typeId: string): 'Y' | 'N' =>
  items.some((item) => item.TYPE_ID === typeId) ? 'Y' : 'N';
