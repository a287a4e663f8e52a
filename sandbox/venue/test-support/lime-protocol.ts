/**
 * The Lime → hub half of lime-protocol.md §2 as a zod schema, written from the spec for the tests
 * (the simulator does not use it, so it cannot agree with itself by construction).
 */
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { z } from 'zod';

const id = z.string().min(1).max(64);
const money = z.string().regex(/^\d+\.\d{2}$/, 'money is a decimal string with two fraction digits');
const currency = z.string().regex(/^[A-Z]{3}$/);
const date = z.iso.date();
const timestamp = z.iso
  .datetime({ offset: true })
  .regex(/[+-]\d{2}:\d{2}$/, 'RFC 3339 with a numeric offset');
const phone = z.string().refine((value) => isValidPhoneNumber(value, 'RU'), 'not a phone number (region RU)');

const productUpserted = z.strictObject({
  productId: id,
  name: z.string().min(1),
  price: money,
  currency,
  sku: z.string().optional(),
  group: z.string().optional(),
  kind: z.enum(['ticket', 'service', 'good', 'deposit']).optional(),
  active: z.boolean().optional(),
});

const clientUpserted = z.strictObject({
  clientId: id,
  firstName: z.string().min(1),
  category: z.enum(['adult', 'child']),
  registrationChannel: z.enum(['cashdesk', 'mobile_app', 'website', 'other']),
  lastName: z.string().optional(),
  middleName: z.string().optional(),
  birthDate: date.optional(),
  gender: z.enum(['male', 'female']).optional(),
  phone: phone.optional(),
  email: z.email().optional(),
  cards: z.array(z.strictObject({ number: z.string().min(1) })).optional(),
  marketingConsent: z.boolean().optional(),
});

const servicePoint = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(['cashdesk', 'validator', 'turnstile', 'mobile_operator', 'website', 'mobile_app']),
});

const item = z.strictObject({
  productId: id,
  name: z.string().min(1),
  quantity: z.number().int().positive(),
  price: money,
});

const transactionRecorded = z.strictObject({
  transactionId: id,
  clientId: id,
  kind: z.enum(['purchase', 'deposit_topup', 'pass', 'refund']),
  amount: money,
  currency,
  servicePoint,
  cardNumber: z.string().min(1).optional(),
  items: z.array(item).min(1).optional(),
});

const preorderLine = z.strictObject({
  productId: id,
  name: z.string().min(1),
  quantity: z.number().positive(),
  price: money,
  amount: money.optional(),
});

const preorderStatusChanged = z
  .strictObject({
    preorderId: id,
    status: z.enum(['accepted', 'paid', 'completed', 'cancelled', 'rejected']),
    limeOrderNumber: z.string().min(1).optional(),
    reason: z.string().min(1).optional(),
    prepaidAmount: money.optional(),
    lines: z.array(preorderLine).min(1).optional(),
    total: money.optional(),
  })
  .refine((data) => (data.lines === undefined) === (data.total === undefined), 'lines and total go together');

const envelope = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.strictObject({ id, type: z.literal(type), occurredAt: timestamp, data });

export const limeEvent = z.discriminatedUnion('type', [
  envelope('product.upserted', productUpserted),
  envelope('product.deleted', z.strictObject({ productId: id })),
  envelope('client.upserted', clientUpserted),
  envelope('client.deleted', z.strictObject({ clientId: id })),
  envelope('family.linked', z.strictObject({ parentId: id, childId: id, relation: z.string().min(1) })),
  envelope('family.unlinked', z.strictObject({ parentId: id, childId: id })),
  envelope('transaction.recorded', transactionRecorded),
  envelope('preorder.status_changed', preorderStatusChanged),
]);

export const eventsRequest = z.strictObject({ events: z.array(limeEvent).min(1).max(500) });

export type ProtocolEvent = z.infer<typeof limeEvent>;

/** Every problem with a list of events, as `events[i].path: message` lines (empty when valid). */
export function protocolProblems(events: readonly unknown[]): string[] {
  const problems: string[] = [];
  events.forEach((event, i) => {
    const result = limeEvent.safeParse(event);
    if (!result.success) {
      for (const issue of result.error.issues)
        problems.push(`events[${i}].${issue.path.join('.')}: ${issue.message}`);
    }
  });
  return problems;
}
