/** What Lime accepts from the hub (lime-protocol.md §3), read leniently where the spec allows it. */
import { z } from 'zod';

const money = z.string().regex(/^-?\d+(\.\d{1,2})?$/, 'money must be a decimal string like "1500.00"');
const text = z.string();

export const CHANGEABLE_FIELDS = [
  'firstName',
  'lastName',
  'middleName',
  'birthDate',
  'phone',
  'email',
] as const;
export type ChangeableField = (typeof CHANGEABLE_FIELDS)[number];

export const clientChangedData = z.object({
  clientId: z.string().min(1).max(64),
  changes: z.partialRecord(z.enum(CHANGEABLE_FIELDS), z.string().nullable()),
  origin: z.unknown().optional(),
});

export const preorderData = z.object({
  preorderId: z.string().min(1).max(64),
  origin: z.unknown().optional(),
  client: z.object({
    clientId: z.string().min(1).max(64).nullable(),
    firstName: text.nullish(),
    lastName: text.nullish(),
    phone: text.nullish(),
    email: text.nullish(),
  }),
  lines: z
    .array(
      z.object({
        productId: z.string().min(1).max(64),
        name: text,
        quantity: z.number().positive(),
        price: money,
        amount: money.optional(),
      }),
    )
    .min(1),
  total: money,
  currency: z.string().length(3),
  comment: text.nullish(),
  visitDate: z.iso.date().nullish(),
});

export const preorderCancelledData = z.object({
  preorderId: z.string().min(1).max(64),
  origin: z.unknown().optional(),
  reason: text.nullish(),
});

export const inboundEvent = z.object({
  id: z.string().min(1).max(64),
  type: z.string().min(1),
  occurredAt: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
});

export const DATA_SCHEMAS = {
  'client.changed': clientChangedData,
  'preorder.created': preorderData,
  'preorder.updated': preorderData,
  'preorder.cancelled': preorderCancelledData,
} as const;

export type InboundType = keyof typeof DATA_SCHEMAS;
export type ClientChangedData = z.infer<typeof clientChangedData>;
export type PreorderData = z.infer<typeof preorderData>;
export type PreorderCancelledData = z.infer<typeof preorderCancelledData>;

export type ParsedInbound =
  | { id: string; type: 'client.changed'; data: ClientChangedData }
  | { id: string; type: 'preorder.created' | 'preorder.updated'; data: PreorderData }
  | { id: string; type: 'preorder.cancelled'; data: PreorderCancelledData }
  | { id: string; type: 'unknown'; originalType: string };

export interface Issue {
  path: string;
  message: string;
}

const pathOf = (prefix: string, path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    prefix,
  );

/** Parses one hub event; unknown types are kept (and later ignored), not refused. */
export function parseInbound(raw: unknown, prefix: string): { event: ParsedInbound } | { issues: Issue[] } {
  const envelope = inboundEvent.safeParse(raw);
  if (!envelope.success) {
    return {
      issues: envelope.error.issues.map((issue) => ({
        path: pathOf(prefix, issue.path),
        message: issue.message,
      })),
    };
  }
  const { id, type, data } = envelope.data;
  if (!(type in DATA_SCHEMAS)) return { event: { id, type: 'unknown', originalType: type } };
  const parsed = DATA_SCHEMAS[type as InboundType].safeParse(data);
  if (!parsed.success) {
    return {
      issues: parsed.error.issues.map((issue) => ({
        path: pathOf(`${prefix}.data`, issue.path),
        message: issue.message,
      })),
    };
  }
  return { event: { id, type, data: parsed.data } as ParsedInbound };
}
