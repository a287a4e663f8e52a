/**
 * What `setup` found or created in the amoCRM account, stored as the connection's schema and read
 * (validated) at the start of every other call.
 */
import { z } from 'zod';
import { DERIVED_CARD_FIELDS } from '../../core/derive/contact-card.ts';
import type { Conn, CrmResult } from '../contract.ts';
import { readConnectorSchema } from '../shared/connector-schema.ts';

/** The contact card fields kept in amoCRM custom fields, keyed as in `ContactCard`. */
export const CARD_FIELD_KEYS = ['limeId', 'birthDate', ...DERIVED_CARD_FIELDS] as const;
export type CardFieldKey = (typeof CARD_FIELD_KEYS)[number];

const field = z.object({ id: z.number().int(), type: z.string() });
export type SchemaField = z.infer<typeof field>;

const multitext = z.object({
  fieldId: z.number().int(),
  /** enum code → enum id (`MOB` → 1234), so webhook values (ids only) can be read. */
  enums: z.record(z.string(), z.number().int()),
});
export type SchemaMultitext = z.infer<typeof multitext>;

export const AmoSchema = z.object({
  version: z.literal(1),
  account: z.object({
    id: z.number().int(),
    subdomain: z.string(),
    currency: z.string(),
    timeZone: z.string(),
    /** `is_api_filter_enabled`: without it `filter[...]` is silently ignored. */
    filters: z.boolean(),
  }),
  contactFields: z.object(
    Object.fromEntries(CARD_FIELD_KEYS.map((key) => [key, field])) as Record<CardFieldKey, typeof field>,
  ),
  phone: multitext,
  email: multitext,
  catalog: z.object({
    id: z.number().int(),
    sku: z.number().int(),
    price: z.number().int(),
    externalId: z.number().int(),
  }),
  pipeline: z.object({
    id: z.number().int(),
    stages: z.object({
      new: z.number().int(),
      to_lime: z.number().int(),
      sent: z.number().int(),
      accepted: z.number().int(),
    }),
  }),
  webhook: z.object({ destination: z.string() }),
});
export type AmoSchema = z.infer<typeof AmoSchema>;

/** amoCRM's system stages, the same ids in every pipeline. */
export const WON_STATUS_ID = 142;
export const LOST_STATUS_ID = 143;

export function readSchema(conn: Conn): CrmResult<AmoSchema> {
  return readConnectorSchema(conn, AmoSchema);
}
