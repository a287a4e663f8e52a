/**
 * `POST /v1/events` refuses bad input of every event type with 400, the spec's error body and the exact
 * path of every problem, and stores nothing of a refused request (lime-protocol.md §2).
 */
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LimeEventType } from '../../src/connectors/lime/wire.ts';
import { clients } from '../../src/store/schema/index.ts';
import { ENGINES } from '../support/databases.ts';
import { createTenant, postEvents, startTestHub, type TestHub } from '../support/hub.ts';
import {
  bearer,
  expectError,
  limeEvent,
  type RowCounts,
  rowCounts,
  send,
  uid,
  VALID_DATA,
  validEvent,
} from './helpers.ts';

type DataCase = readonly [
  label: string,
  type: LimeEventType,
  patch: Record<string, unknown>,
  paths: string[],
];

const REQUIRED: Record<LimeEventType, string[]> = {
  'product.upserted': ['productId', 'name', 'price', 'currency'],
  'product.deleted': ['productId'],
  'client.upserted': ['clientId', 'firstName', 'category', 'registrationChannel'],
  'client.deleted': ['clientId'],
  'family.linked': ['parentId', 'childId', 'relation'],
  'family.unlinked': ['parentId', 'childId'],
  'transaction.recorded': ['transactionId', 'clientId', 'kind', 'amount', 'currency', 'servicePoint'],
  'preorder.status_changed': ['preorderId', 'status'],
};

/** Missing, of a wrong type, or empty: every required field of every type. */
const requiredFieldCases: DataCase[] = Object.entries(REQUIRED).flatMap(([type, fields]) =>
  fields.flatMap((field): DataCase[] => [
    [`${type}: ${field} missing`, type as LimeEventType, { [field]: undefined }, [`data.${field}`]],
    [`${type}: ${field} a number`, type as LimeEventType, { [field]: 42 }, [`data.${field}`]],
    [`${type}: ${field} empty`, type as LimeEventType, { [field]: '' }, [`data.${field}`]],
  ]),
);

const servicePoint = { id: 'sp-1', name: 'Касса 1', kind: 'cashdesk' };
const line = { productId: 'p-1', name: 'Билет', quantity: 2, price: '500.00', amount: '1000.00' };
const item = { productId: 'p-1', name: 'Билет', quantity: 1, price: '1500.00' };

const specificCases: DataCase[] = [
  // ids
  ['an id of 65 characters', 'client.upserted', { clientId: 'x'.repeat(65) }, ['data.clientId']],
  [
    'servicePoint.id missing',
    'transaction.recorded',
    { servicePoint: { ...servicePoint, id: undefined } },
    ['data.servicePoint.id'],
  ],
  [
    'servicePoint.name empty',
    'transaction.recorded',
    { servicePoint: { ...servicePoint, name: '' } },
    ['data.servicePoint.name'],
  ],
  ['servicePoint as a string', 'transaction.recorded', { servicePoint: 'Касса 1' }, ['data.servicePoint']],
  // names
  ['firstName of blanks', 'client.upserted', { firstName: '   ' }, ['data.firstName']],
  ['lastName a number', 'client.upserted', { lastName: 7 }, ['data.lastName']],
  ['product name of blanks', 'product.upserted', { name: '  ' }, ['data.name']],
  // enums
  ['unknown category', 'client.upserted', { category: 'senior' }, ['data.category']],
  [
    'unknown registration channel',
    'client.upserted',
    { registrationChannel: 'fax' },
    ['data.registrationChannel'],
  ],
  ['unknown gender', 'client.upserted', { gender: 'other' }, ['data.gender']],
  ['unknown product kind', 'product.upserted', { kind: 'voucher' }, ['data.kind']],
  ['unknown transaction kind', 'transaction.recorded', { kind: 'gift' }, ['data.kind']],
  [
    'unknown service point kind',
    'transaction.recorded',
    { servicePoint: { ...servicePoint, kind: 'kiosk' } },
    ['data.servicePoint.kind'],
  ],
  ['unknown pre-order status', 'preorder.status_changed', { status: 'shipped' }, ['data.status']],
  ['category in capitals', 'client.upserted', { category: 'ADULT' }, ['data.category']],
  // booleans and arrays
  ['active as a string', 'product.upserted', { active: 'true' }, ['data.active']],
  ['marketingConsent as a number', 'client.upserted', { marketingConsent: 1 }, ['data.marketingConsent']],
  ['cards as a string', 'client.upserted', { cards: '1234' }, ['data.cards']],
  [
    'a card with an empty number',
    'client.upserted',
    { cards: [{ number: '1' }, { number: '' }] },
    ['data.cards[1].number'],
  ],
  ['items as an object', 'transaction.recorded', { items: item }, ['data.items']],
  // phones and e-mails
  ['a phone of words', 'client.upserted', { phone: 'позвонить Ивану' }, ['data.phone']],
  ['a phone too short', 'client.upserted', { phone: '12345' }, ['data.phone']],
  ['a phone that is empty', 'client.upserted', { phone: '' }, ['data.phone']],
  ['a phone as a number', 'client.upserted', { phone: 79123456789 }, ['data.phone']],
  ['an e-mail without a domain', 'client.upserted', { email: 'ivan@' }, ['data.email']],
  ['an e-mail with a space', 'client.upserted', { email: 'ivan petrov@example.ru' }, ['data.email']],
  ['an e-mail without @', 'client.upserted', { email: 'ivan.example.ru' }, ['data.email']],
  // dates
  ['birthDate 2026-02-30', 'client.upserted', { birthDate: '2026-02-30' }, ['data.birthDate']],
  [
    'birthDate 2025-02-29 (not a leap year)',
    'client.upserted',
    { birthDate: '2025-02-29' },
    ['data.birthDate'],
  ],
  ['birthDate in month 13', 'client.upserted', { birthDate: '2016-13-01' }, ['data.birthDate']],
  ['birthDate as DD.MM.YYYY', 'client.upserted', { birthDate: '29.11.2016' }, ['data.birthDate']],
  [
    'birthDate with a time',
    'client.upserted',
    { birthDate: '2016-11-29T00:00:00+03:00' },
    ['data.birthDate'],
  ],
  // money
  ['price as a number', 'product.upserted', { price: 1500 }, ['data.price']],
  ['price as a float', 'product.upserted', { price: 1500.5 }, ['data.price']],
  ['price with one decimal', 'product.upserted', { price: '1500.5' }, ['data.price']],
  ['price without decimals', 'product.upserted', { price: '1500' }, ['data.price']],
  ['price with three decimals', 'product.upserted', { price: '1500.000' }, ['data.price']],
  ['price with a comma', 'product.upserted', { price: '1500,00' }, ['data.price']],
  ['price with a thousands separator', 'product.upserted', { price: '1,500.00' }, ['data.price']],
  ['amount as a float', 'transaction.recorded', { amount: 99.99 }, ['data.amount']],
  ['amount with one decimal', 'transaction.recorded', { amount: '99.9' }, ['data.amount']],
  [
    'item price as a number',
    'transaction.recorded',
    { items: [{ ...item, price: 1500 }] },
    ['data.items[0].price'],
  ],
  [
    'prepaidAmount with one decimal',
    'preorder.status_changed',
    { prepaidAmount: '100.0' },
    ['data.prepaidAmount'],
  ],
  ['total as a number', 'preorder.status_changed', { lines: [line], total: 1000 }, ['data.total']],
  [
    'line amount as a float',
    'preorder.status_changed',
    { lines: [{ ...line, amount: 1000.0 }], total: '1000.00' },
    ['data.lines[0].amount'],
  ],
  [
    'line price with one decimal',
    'preorder.status_changed',
    { lines: [{ ...line, price: '500.0' }], total: '1000.00' },
    ['data.lines[0].price'],
  ],
  // currency
  ['currency in lower case', 'product.upserted', { currency: 'rub' }, ['data.currency']],
  ['currency of two letters', 'transaction.recorded', { currency: 'RU' }, ['data.currency']],
  ['currency of four letters', 'transaction.recorded', { currency: 'RUBL' }, ['data.currency']],
  ['currency as an ISO number', 'product.upserted', { currency: 643 }, ['data.currency']],
  // quantities
  [
    'item quantity zero',
    'transaction.recorded',
    { items: [{ ...item, quantity: 0 }] },
    ['data.items[0].quantity'],
  ],
  [
    'item quantity negative',
    'transaction.recorded',
    { items: [item, { ...item, quantity: -1 }] },
    ['data.items[1].quantity'],
  ],
  [
    'item quantity as a string',
    'transaction.recorded',
    { items: [{ ...item, quantity: '1' }] },
    ['data.items[0].quantity'],
  ],
  [
    'line quantity zero',
    'preorder.status_changed',
    { lines: [{ ...line, quantity: 0 }], total: '0.00' },
    ['data.lines[0].quantity'],
  ],
  [
    'line quantity negative',
    'preorder.status_changed',
    { lines: [{ ...line, quantity: -2 }], total: '-1000.00' },
    ['data.lines[0].quantity'],
  ],
  // re-pricing comes whole
  ['lines without total', 'preorder.status_changed', { lines: [line] }, ['data.total']],
  ['total without lines', 'preorder.status_changed', { total: '1000.00' }, ['data.total']],
  [
    'a line without productId',
    'preorder.status_changed',
    { lines: [{ ...line, productId: undefined }], total: '1000.00' },
    ['data.lines[0].productId'],
  ],
  // several problems in one event are all listed
  [
    'three problems in one client',
    'client.upserted',
    { firstName: '', phone: 'x', email: 'y' },
    ['data.firstName', 'data.phone', 'data.email'],
  ],
];

type EnvelopeCase = readonly [label: string, patch: Record<string, unknown>, paths: string[]];

const envelopeCases: EnvelopeCase[] = [
  ['id missing', { id: undefined }, ['id']],
  ['id empty', { id: '' }, ['id']],
  ['id a number', { id: 123 }, ['id']],
  ['id of 65 characters', { id: 'e'.repeat(65) }, ['id']],
  ['type missing', { type: undefined }, ['type']],
  ['type unknown', { type: 'client.created' }, ['type']],
  ['type empty', { type: '' }, ['type']],
  ['occurredAt missing', { occurredAt: undefined }, ['occurredAt']],
  ['occurredAt without an offset', { occurredAt: '2026-11-29T14:05:00' }, ['occurredAt']],
  ['occurredAt a date only', { occurredAt: '2026-11-29' }, ['occurredAt']],
  ['occurredAt with a space', { occurredAt: '2026-11-29 14:05:00+03:00' }, ['occurredAt']],
  ['occurredAt as epoch milliseconds', { occurredAt: 1_795_000_000_000 }, ['occurredAt']],
  ['occurredAt on 2026-02-30', { occurredAt: '2026-02-30T10:00:00+03:00' }, ['occurredAt']],
  ['occurredAt on 2026-04-31', { occurredAt: '2026-04-31T10:00:00Z' }, ['occurredAt']],
  ['occurredAt at hour 24', { occurredAt: '2026-11-29T24:00:00+03:00' }, ['occurredAt']],
  ['occurredAt at minute 60', { occurredAt: '2026-11-29T14:60:00+03:00' }, ['occurredAt']],
  ['occurredAt with offset +25:00', { occurredAt: '2026-11-29T14:05:00+25:00' }, ['occurredAt']],
  ['data missing', { data: undefined }, ['data']],
  ['data an array', { data: [] }, ['data']],
  ['data null', { data: null }, ['data']],
  ['data a string', { data: 'client' }, ['data']],
];

describe.each(ENGINES)('bad input on %s', (engine) => {
  let hub: TestHub;
  let apiKey: string;
  let tenantId: string;
  beforeAll(async () => {
    hub = await startTestHub(engine);
    const tenant = await createTenant(hub);
    apiKey = tenant.apiKey;
    tenantId = tenant.id;
  });
  afterAll(async () => {
    await hub?.stop();
  });

  /** Posts the body, expects the error, and proves that nothing at all was stored. */
  async function refused(body: string, status: number, code: string, contentType = 'application/json') {
    const before: RowCounts = await rowCounts(hub);
    const answer = await send(hub, 'POST', '/v1/events', {
      headers: { ...bearer(apiKey), 'content-type': contentType },
      body,
    });
    const paths = expectError(answer, status, code);
    expect(await rowCounts(hub)).toEqual(before);
    return paths;
  }

  const refusedEvents = (events: unknown[]) => refused(JSON.stringify({ events }), 400, 'validation_failed');

  it.each([...requiredFieldCases, ...specificCases])(
    '%s → 400 at the exact path, the valid event beside it not stored',
    async (_label, type, patch, paths) => {
      const bad = limeEvent(type, { ...VALID_DATA[type](), ...patch });
      const paths1 = await refusedEvents([validEvent(type), bad]);
      expect(paths1).toEqual(paths.map((path) => `events[1].${path}`));
    },
  );

  it.each(envelopeCases)('envelope: %s → 400 at the exact path', async (_label, patch, paths) => {
    const bad = { ...validEvent('client.upserted'), ...patch };
    const found = await refusedEvents([validEvent('product.upserted'), bad]);
    expect(found).toEqual(paths.map((path) => `events[1].${path}`));
  });

  it('lists every invalid event of a batch, and a bad envelope and bad data of one event together', async () => {
    const found = await refusedEvents([
      validEvent('client.upserted'),
      validEvent('client.upserted', { phone: 'не телефон' }),
      validEvent('product.upserted'),
      validEvent('transaction.recorded', { amount: 10 }),
      { ...validEvent('client.upserted', { email: 'nobody' }), occurredAt: '2026-11-29T14:05:00' },
      { ...validEvent('client.upserted'), type: 'client.merged' },
      null,
      'evt-7',
    ]);
    expect(found).toEqual([
      'events[1].data.phone',
      'events[3].data.amount',
      'events[4].occurredAt',
      'events[4].data.email',
      'events[5].type',
      'events[6]',
      'events[7]',
    ]);
  });

  it('refuses an empty batch and a batch of 501 events at the path "events"', async () => {
    expect(await refusedEvents([])).toEqual(['events']);
    const many = Array.from({ length: 501 }, () => validEvent('product.upserted'));
    expect(await refusedEvents(many)).toEqual(['events']);
  });

  it('accepts exactly 500 events', async () => {
    const answer = await postEvents(
      hub,
      apiKey,
      Array.from({ length: 500 }, () => validEvent('product.upserted')),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ accepted: 500, duplicates: 0 });
  });

  it.each([
    ['an array', '[]', ['']],
    ['a string', '"events"', ['']],
    ['a number', '42', ['']],
    ['null', 'null', ['']],
    ['an object without events', '{}', ['events']],
    ['events as an object', '{"events": {"0": {}}}', ['events']],
    ['events as a string', '{"events": "all"}', ['events']],
  ])('refuses a body that is %s', async (_label, body, paths) => {
    expect(await refused(body, 400, 'validation_failed')).toEqual(paths);
  });

  it.each([
    ['cut short', '{"events": [{"id": "e1"'],
    ['with a trailing comma', '{"events": [],}'],
    ['single-quoted', "{'events': []}"],
    ['empty', ''],
  ])('answers malformed JSON (%s) with 400 malformed_json', async (_label, body) => {
    expect(await refused(body, 400, 'malformed_json')).toEqual([]);
  });

  it.each(['application/xml', 'application/x-www-form-urlencoded'])(
    'answers a body sent as %s with 415 unsupported_media_type',
    async (contentType) => {
      const body = JSON.stringify({ events: [validEvent('client.upserted')] });
      expect(await refused(body, 415, 'unsupported_media_type', contentType)).toEqual([]);
    },
  );

  it('reads a text/plain body as text, which is not the JSON object asked for: 400', async () => {
    const body = JSON.stringify({ events: [validEvent('client.upserted')] });
    expect(await refused(body, 400, 'validation_failed', 'text/plain')).toEqual(['']);
  });

  it('accepts phones as people type them and stores them as E.164, e-mails in lower case', async () => {
    const typed = ['8 (912) 345-67-89', '+7 912 345 67 89', '89123456789', '9123456789'];
    const events = typed.map((phone) =>
      validEvent('client.upserted', { phone, email: ' Ivan.Petrov@Example.RU ' }),
    );
    const answer = await postEvents(hub, apiKey, events);
    expect(answer.body).toEqual({ accepted: 4, duplicates: 0 });
    const ids = events.map((e) => String(e.data.clientId));
    const stored = await hub.runtime.db
      .select({ phone: clients.phone, email: clients.email })
      .from(clients)
      .where(inArray(clients.clientId, ids));
    expect(stored).toEqual(typed.map(() => ({ phone: '+79123456789', email: 'ivan.petrov@example.ru' })));
  });

  it('stores a valid event of every type (the baseline the refusals are measured against)', async () => {
    const before = await rowCounts(hub, tenantId);
    const parent = uid('c');
    const events = [
      validEvent('product.upserted'),
      validEvent('product.deleted'),
      validEvent('client.upserted', { clientId: parent }),
      validEvent('client.deleted'),
      validEvent('family.linked', { parentId: parent }),
      validEvent('family.unlinked'),
      validEvent('transaction.recorded', { clientId: parent }),
      validEvent('preorder.status_changed'),
    ];
    expect((await postEvents(hub, apiKey, events)).body).toEqual({ accepted: 8, duplicates: 0 });
    const after = await rowCounts(hub, tenantId);
    expect(after.inboundEvents - before.inboundEvents).toBe(8);
    expect(after.products - before.products).toBe(2);
    expect(after.clients - before.clients).toBe(2);
    expect(after.familyLinks - before.familyLinks).toBe(2);
    expect(after.transactions - before.transactions).toBe(1);
  });
});
