/** What `setup` found or created in the portal, stored as the connection's schema. */
import { z } from 'zod';
import { DERIVED_CARD_FIELDS } from '../../core/derive/contact-card.ts';
import { ok } from '../../core/result.ts';
import { PREORDER_STAGES } from '../../core/sync/preorder-rules.ts';
import type { Conn, CrmResult, Json } from '../contract.ts';
import { readConnectorSchema } from '../shared/connector-schema.ts';

/** The contact card fields kept in user fields (the rest are standard contact fields). */
export const CARD_USER_FIELDS = DERIVED_CARD_FIELDS;
export type CardUserField = (typeof CARD_USER_FIELDS)[number];

/** lime-protocol.md §5; the operator may rename them per connection (`options.fieldNames`). */
export const DEFAULT_USER_FIELD_NAMES: Readonly<Record<CardUserField, string>> = {
  children: 'UF_CRM_LIME_CHILDREN',
  lastTransactions: 'UF_CRM_LIME_LAST_TX',
  lastVisit: 'UF_CRM_LIME_LAST_VISIT',
  registrationChannel: 'UF_CRM_LIME_CHANNEL',
  nextChildBirthday: 'UF_CRM_LIME_CHILD_BDAY_NEXT',
  visits: 'UF_CRM_LIME_VISITS',
};

const stageIds = z.object(
  Object.fromEntries([...PREORDER_STAGES, 'new'].map((stage) => [stage, z.string()])),
);

export const BxSchema = z.object({
  version: z.literal(1),
  /** Card field → the portal's user field name (`UF_CRM_…`). */
  userFields: z.object(Object.fromEntries(CARD_USER_FIELDS.map((field) => [field, z.string()]))),
  categoryId: z.number().int().min(0),
  /** Pre-order stage → `STATUS_ID` (`C5:LB_SENT`; no prefix in the default pipeline). */
  stages: stageIds,
  events: z.enum(['bound', 'manual']),
});
export type BxSchema = {
  readonly version: 1;
  readonly userFields: Readonly<Record<CardUserField, string>>;
  readonly categoryId: number;
  readonly stages: Readonly<Record<(typeof PREORDER_STAGES)[number] | 'new', string>>;
  readonly events: 'bound' | 'manual';
};

export function readSchema(conn: Conn): CrmResult<BxSchema> {
  const parsed = readConnectorSchema(conn, BxSchema);
  return parsed.ok ? ok(parsed.value as BxSchema) : parsed;
}

export function schemaJson(schema: BxSchema): Json {
  return {
    version: schema.version,
    userFields: { ...schema.userFields },
    categoryId: schema.categoryId,
    stages: { ...schema.stages },
    events: schema.events,
  };
}
