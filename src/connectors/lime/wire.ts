/**
 * The Lime protocol v1 on the wire (lime-protocol.md §2–3), as zod schemas that validate and decode in
 * one pass: phones become E.164, money becomes minor units, timestamps become instants.
 */
import { z } from 'zod';
import { CLIENT_CATEGORIES, type Client, GENDERS, REGISTRATION_CHANNELS } from '../../core/model/client.ts';
import { normalizeEmail } from '../../core/model/email.ts';
import { isCurrency, parseAmount } from '../../core/model/money.ts';
import { normalizePhone } from '../../core/model/phone.ts';
import { LIME_PREORDER_STATUSES } from '../../core/model/preorder.ts';
import { PRODUCT_KINDS } from '../../core/model/product.ts';
import { parseLocalDate } from '../../core/model/time.ts';
import { SERVICE_POINT_KINDS, TRANSACTION_KINDS } from '../../core/model/transaction.ts';

export const MAX_EVENTS_PER_REQUEST = 500;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export const limeId = z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters');

export const instant = z
  .string()
  .regex(RFC3339, 'must be an RFC 3339 timestamp with an offset, e.g. 2026-11-29T14:05:00+03:00')
  .transform((text, ctx) => {
    const at = Date.parse(text);
    if (Number.isNaN(at) || !isCalendarTime(text)) {
      ctx.addIssue({ code: 'custom', message: 'is not a real point in time' });
      return z.NEVER;
    }
    return at;
  });

/** Date.parse rolls 2026-02-30 over into March and reads hour 24 as the next day; RFC 3339 has neither. */
function isCalendarTime(text: string): boolean {
  return parseLocalDate(text.slice(0, 10)).ok && Number(text.slice(11, 13)) < 24;
}

export const localDate = z.string().transform((text, ctx) => {
  const parsed = parseLocalDate(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: 'must be a real date as YYYY-MM-DD' });
    return z.NEVER;
  }
  return parsed.value;
});

export const amount = z.string().transform((text, ctx) => {
  const parsed = parseAmount(text);
  if (!parsed.ok) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a decimal string with two fraction digits, e.g. "1500.00"',
    });
    return z.NEVER;
  }
  return parsed.value;
});

export const currency = z.string().refine(isCurrency, 'must be an ISO 4217 code such as RUB');

const phone = z.string().transform((text, ctx) => {
  const parsed = normalizePhone(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: `is not a phone number: "${text.slice(0, 40)}"` });
    return z.NEVER;
  }
  return parsed.value;
});

const email = z.string().transform((text, ctx) => {
  const parsed = normalizeEmail(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: 'is not an e-mail address' });
    return z.NEVER;
  }
  return parsed.value;
});

const name = z.string().trim().min(1, 'must not be empty').max(200);
const optionalName = z
  .string()
  .trim()
  .max(200)
  .nullish()
  .transform((v) => v || null);

export const productUpserted = z.object({
  productId: limeId,
  name,
  price: amount,
  currency,
  sku: z.string().max(100).nullish(),
  group: z.string().max(200).nullish(),
  kind: z.enum(PRODUCT_KINDS).nullish(),
  active: z.boolean().default(true),
});

export const productDeleted = z.object({ productId: limeId });

export const clientUpserted = z.object({
  clientId: limeId,
  firstName: name,
  category: z.enum(CLIENT_CATEGORIES),
  registrationChannel: z.enum(REGISTRATION_CHANNELS),
  lastName: optionalName,
  middleName: optionalName,
  birthDate: localDate.nullish(),
  gender: z.enum(GENDERS).nullish(),
  phone: phone.nullish(),
  email: email.nullish(),
  cards: z
    .array(z.object({ number: z.string().min(1).max(64) }))
    .max(50)
    .default([]),
  marketingConsent: z.boolean().nullish(),
});

export const clientDeleted = z.object({ clientId: limeId });

export const familyLinked = z.object({
  parentId: limeId,
  childId: limeId,
  relation: z.string().min(1).max(64),
});
export const familyUnlinked = z.object({ parentId: limeId, childId: limeId });

const servicePoint = z.object({
  id: limeId,
  name: z.string().min(1).max(200),
  kind: z.enum(SERVICE_POINT_KINDS),
});

const transactionItem = z.object({
  productId: limeId,
  name: z.string().min(1).max(200),
  quantity: z.number().positive('must be greater than zero'),
  price: amount,
});

export const transactionRecorded = z.object({
  transactionId: limeId,
  clientId: limeId,
  kind: z.enum(TRANSACTION_KINDS),
  amount,
  currency,
  servicePoint,
  cardNumber: z.string().min(1).max(64).nullish(),
  items: z.array(transactionItem).max(200).default([]),
});

const preorderLine = z.object({
  productId: limeId,
  name: z.string().min(1).max(200),
  quantity: z.number().positive('must be greater than zero'),
  price: amount,
  amount,
});

export const preorderStatusChanged = z
  .object({
    preorderId: limeId,
    status: z.enum(LIME_PREORDER_STATUSES),
    limeOrderNumber: z.string().max(64).nullish(),
    reason: z.string().max(1000).nullish(),
    prepaidAmount: amount.nullish(),
    lines: z.array(preorderLine).max(500).nullish(),
    total: amount.nullish(),
  })
  .refine((data) => (data.lines == null) === (data.total == null), {
    message: 'lines and total come together when Lime re-prices',
    path: ['total'],
  });

export const EVENT_DATA = {
  'product.upserted': productUpserted,
  'product.deleted': productDeleted,
  'client.upserted': clientUpserted,
  'client.deleted': clientDeleted,
  'family.linked': familyLinked,
  'family.unlinked': familyUnlinked,
  'transaction.recorded': transactionRecorded,
  'preorder.status_changed': preorderStatusChanged,
} as const;

export type LimeEventType = keyof typeof EVENT_DATA;
export const LIME_EVENT_TYPES = Object.keys(EVENT_DATA) as LimeEventType[];

export type LimeEventData = { [K in LimeEventType]: z.output<(typeof EVENT_DATA)[K]> };

/** A validated, decoded event from Lime. */
export type LimeEvent = {
  [K in LimeEventType]: {
    readonly id: string;
    readonly type: K;
    readonly occurredAt: number;
    readonly data: LimeEventData[K];
  };
}[LimeEventType];

export type ClientState = Omit<Client, 'stateAt'>;
