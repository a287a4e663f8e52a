// List mechanics shared by every *.list method: filter operators, ordering, pages of 50.

import { phpInt } from './php.ts';

export const PAGE_SIZE = 50;

export type FilterOp =
  | 'eq'
  | 'ne'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'in'
  | 'nin'
  | 'like'
  | 'nlike'
  | 'pattern';

export interface ParsedKey {
  op: FilterOp;
  field: string;
}

const PREFIXES: Array<[string, FilterOp]> = [
  ['!=%', 'nlike'],
  ['!%=', 'nlike'],
  ['>=', 'gte'],
  ['<=', 'lte'],
  ['!=', 'ne'],
  ['!%', 'nlike'],
  ['!@', 'nin'],
  ['=%', 'pattern'],
  ['%=', 'pattern'],
  ['!', 'ne'],
  ['@', 'in'],
  ['>', 'gt'],
  ['<', 'lt'],
  ['=', 'eq'],
  ['%', 'like'],
  ['?', 'like'],
];

/** CSqlUtil::GetFilterOperation: the operator is a prefix of the key. */
export function parseFilterKey(key: string): ParsedKey {
  for (const [prefix, op] of PREFIXES) {
    if (key.startsWith(prefix)) return { op, field: key.slice(prefix.length) };
  }
  return { op: 'eq', field: key };
}

type Scalar = string | number | null;

function equal(left: Scalar, right: Scalar): boolean {
  if (right === null || right === '') return left === null || left === '';
  if (left === null) return false;
  if (typeof left === 'number' || typeof right === 'number') return Number(left) === Number(right);
  // MySQL's case-insensitive collation.
  return left.toLocaleLowerCase() === right.toLocaleLowerCase();
}

function compare(left: Scalar, right: Scalar): number | null {
  if (left === null || right === null) return null;
  if (typeof left === 'number' || typeof right === 'number') return Number(left) - Number(right);
  return left < right ? -1 : left > right ? 1 : 0;
}

function likePattern(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${escaped}$`, 'is');
}

/** Does one stored value satisfy the operator? Operands come pre-parsed by the field type. */
export function matchValue(op: FilterOp, value: Scalar, operand: Scalar | Scalar[]): boolean {
  if (Array.isArray(operand)) {
    const hit = operand.some((item) => equal(value, item));
    if (op === 'ne' || op === 'nin') return !hit;
    if (op === 'eq' || op === 'in') return hit;
    return operand.some((item) => matchValue(op, value, item));
  }
  switch (op) {
    case 'eq':
    case 'in':
      return equal(value, operand);
    case 'ne':
    case 'nin':
      return !equal(value, operand);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const diff = compare(value, operand);
      if (diff === null) return false;
      return op === 'gt' ? diff > 0 : op === 'gte' ? diff >= 0 : op === 'lt' ? diff < 0 : diff <= 0;
    }
    case 'like':
      return (
        value !== null &&
        String(value)
          .toLowerCase()
          .includes(String(operand ?? '').toLowerCase())
      );
    case 'nlike':
      return (
        value === null ||
        !String(value)
          .toLowerCase()
          .includes(String(operand ?? '').toLowerCase())
      );
    case 'pattern':
      return value !== null && likePattern(String(operand ?? '')).test(String(value));
  }
}

/** Multi-valued fields (PHONE, multiple UFs) match when any value matches; negations when none does. */
export function matchAny(op: FilterOp, values: Scalar[], operand: Scalar | Scalar[]): boolean {
  if (op === 'ne' || op === 'nin' || op === 'nlike') {
    const positive: FilterOp = op === 'ne' ? 'eq' : op === 'nin' ? 'in' : 'like';
    return !values.some((value) => matchValue(positive, value, operand));
  }
  if (values.length === 0) return matchValue(op, null, operand);
  return values.some((value) => matchValue(op, value, operand));
}

export interface SortKey<T> {
  get: (record: T) => Scalar;
  desc: boolean;
}

export function sortRecords<T>(records: T[], keys: Array<SortKey<T>>): T[] {
  return [...records].sort((a, b) => {
    for (const key of keys) {
      const left = key.get(a);
      const right = key.get(b);
      if (left === right) continue;
      if (left === null) return key.desc ? 1 : -1;
      if (right === null) return key.desc ? -1 : 1;
      const diff = compare(left, right) ?? 0;
      if (diff !== 0) return key.desc ? -diff : diff;
    }
    return 0;
  });
}

export interface Page<T> {
  items: T[];
  total: number;
  next?: number;
}

/** `start` = offset; `-1` switches the count off (no `next`, `total` 0). */
export function paginate<T>(records: T[], start: unknown): Page<T> {
  const offset = phpInt(start);
  if (offset < 0) return { items: records.slice(0, PAGE_SIZE), total: 0 };
  const items = records.slice(offset, offset + PAGE_SIZE);
  const page: Page<T> = { items, total: records.length };
  if (offset + items.length < records.length) page.next = offset + items.length;
  return page;
}

export function isDesc(direction: unknown): boolean {
  return String(direction).toUpperCase() === 'DESC';
}
