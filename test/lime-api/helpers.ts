/** Shared by the Lime API suites: raw HTTP, the error body, row counts and valid events of every type. */
import { randomBytes } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { request } from 'undici';
import { expect } from 'vitest';
import type { LimeEventType } from '../../src/connectors/lime/wire.ts';
import {
  clients,
  familyLinks,
  inboundEvents,
  outboundEvents,
  preorders,
  products,
  transactions,
} from '../../src/store/schema/index.ts';
import type { TestHub } from '../support/hub.ts';

export type ErrorBody = {
  error: { code: string; message: string; details: { path: string; message: string }[] };
};

export type Reply<T = unknown> = {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
};

/** Any request with exactly the headers given (no defaults), the body sent as is. */
export async function send<T = unknown>(
  hub: { url: string },
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<Reply<T>> {
  const answer = await request(`${hub.url}${path}`, {
    method,
    headers: options.headers ?? {},
    body: options.body,
  });
  const text = await answer.body.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: answer.statusCode, body: body as T, headers: answer.headers };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Asserts the spec's error body and answers its details' paths, in order. */
export function expectError(answer: Reply, status: number, code: string): string[] {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  const body = answer.body as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(Array.isArray(body.error.details)).toBe(true);
  for (const detail of body.error.details) expect(detail.message.length).toBeGreaterThan(0);
  return body.error.details.map((detail) => detail.path);
}

const ROW_TABLES = { inboundEvents, clients, products, transactions, familyLinks, preorders, outboundEvents };
export type RowCounts = Record<keyof typeof ROW_TABLES, number>;

/** Rows of the tables a Lime request can touch, for one tenant or (without one) for all. */
export async function rowCounts(hub: TestHub, tenantId?: string): Promise<RowCounts> {
  const counts: Partial<RowCounts> = {};
  for (const [name, table] of Object.entries(ROW_TABLES)) {
    const [row] = await hub.runtime.db
      .select({ n: count() })
      .from(table)
      .where(tenantId ? eq(table.tenantId, tenantId) : undefined);
    counts[name as keyof RowCounts] = row?.n ?? 0;
  }
  return counts as RowCounts;
}

export const uid = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;

/** The smallest valid `data` of each event type (fresh ids each call). */
export const VALID_DATA: Record<LimeEventType, () => Record<string, unknown>> = {
  'product.upserted': () => ({
    productId: uid('p'),
    name: 'Билет взрослый',
    price: '1500.00',
    currency: 'RUB',
  }),
  'product.deleted': () => ({ productId: uid('p') }),
  'client.upserted': () => ({
    clientId: uid('c'),
    firstName: 'Иван',
    category: 'adult',
    registrationChannel: 'cashdesk',
  }),
  'client.deleted': () => ({ clientId: uid('c') }),
  'family.linked': () => ({ parentId: uid('c'), childId: uid('c'), relation: 'child' }),
  'family.unlinked': () => ({ parentId: uid('c'), childId: uid('c') }),
  'transaction.recorded': () => ({
    transactionId: uid('t'),
    clientId: uid('c'),
    kind: 'purchase',
    amount: '1500.00',
    currency: 'RUB',
    servicePoint: { id: 'sp-1', name: 'Касса 1', kind: 'cashdesk' },
  }),
  'preorder.status_changed': () => ({ preorderId: uid('po'), status: 'accepted' }),
};

export function limeEvent(
  type: string,
  data: Record<string, unknown>,
  occurredAt = '2026-11-29T14:05:00+03:00',
): { id: string; type: string; occurredAt: string; data: Record<string, unknown> } {
  return { id: uid('evt'), type, occurredAt, data };
}

export const validEvent = (type: LimeEventType, patch: Record<string, unknown> = {}, occurredAt?: string) =>
  limeEvent(type, { ...VALID_DATA[type](), ...patch }, occurredAt);
