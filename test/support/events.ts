/** Valid Lime events for tests, by type, with sensible defaults. */
let counter = 0;
const nextId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export const at = (iso: string) => iso;

export function clientUpserted(data: Record<string, unknown> = {}, occurredAt = '2026-11-29T14:05:00+03:00') {
  return {
    id: nextId('evt'),
    type: 'client.upserted',
    occurredAt,
    data: {
      clientId: nextId('c'),
      firstName: 'Иван',
      lastName: 'Петров',
      category: 'adult',
      registrationChannel: 'cashdesk',
      phone: '+79123456789',
      ...data,
    },
  };
}

export function productUpserted(
  data: Record<string, unknown> = {},
  occurredAt = '2026-11-29T10:00:00+03:00',
) {
  return {
    id: nextId('evt'),
    type: 'product.upserted',
    occurredAt,
    data: {
      productId: nextId('p'),
      name: 'Билет взрослый',
      price: '1500.00',
      currency: 'RUB',
      sku: 'ADULT-1',
      kind: 'ticket',
      ...data,
    },
  };
}

export function transactionRecorded(
  clientId: string,
  data: Record<string, unknown> = {},
  occurredAt = '2026-11-29T15:00:00+03:00',
) {
  return {
    id: nextId('evt'),
    type: 'transaction.recorded',
    occurredAt,
    data: {
      transactionId: nextId('t'),
      clientId,
      kind: 'pass',
      amount: '0.00',
      currency: 'RUB',
      servicePoint: { id: 'sp-1', name: 'Турникет 1', kind: 'turnstile' },
      ...data,
    },
  };
}

export function familyLinked(parentId: string, childId: string, occurredAt = '2026-11-29T14:06:00+03:00') {
  return {
    id: nextId('evt'),
    type: 'family.linked',
    occurredAt,
    data: { parentId, childId, relation: 'child' },
  };
}

export function event(type: string, data: Record<string, unknown>, occurredAt = '2026-11-29T14:05:00+03:00') {
  return { id: nextId('evt'), type, occurredAt, data };
}
