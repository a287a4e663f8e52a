/**
 * Bitrix24 REST v2 JSON as it arrives (bitrix24-api.md §2–§9). Legacy CRM methods answer strings for
 * almost everything and PHP's `[]` for empty maps, so the schemas accept both shapes and leave
 * conversion to decode.ts.
 */
import { z } from 'zod';

/** An id or a number as legacy methods send it: `"43"` or `43`. */
export const bxId = z.union([z.string(), z.number()]).transform(String);
const text = z.string().nullish();
const scalar = z.union([z.string(), z.number()]).nullish();

/** PHP serialises an empty map as `[]` and a map with keys 0..n as a list: both become a record. */
export const phpMap = z
  .union([z.array(z.unknown()), z.record(z.string(), z.unknown())])
  .transform(
    (value): Record<string, unknown> =>
      Array.isArray(value) ? Object.fromEntries(value.map((item, index) => [String(index), item])) : value,
  );

export const BxTime = z.looseObject({
  date_start: z.string().optional(),
  operating_reset_at: z.number().optional(),
});

export const BxEnvelope = z.looseObject({
  result: z.unknown(),
  total: z.number().optional(),
  next: z.number().optional(),
  time: BxTime.optional(),
});
export type BxEnvelope = z.infer<typeof BxEnvelope>;

export const BxErrorBody = z.looseObject({
  error: z.union([z.string(), z.number()]),
  error_description: z.string().nullish(),
  time: BxTime.optional(),
});
export type BxErrorBody = z.infer<typeof BxErrorBody>;

export const BxBatchResult = z.looseObject({
  result: phpMap,
  result_error: phpMap,
  result_time: phpMap.optional(),
});

export const BxMultiField = z.looseObject({
  ID: bxId,
  VALUE: text,
  VALUE_TYPE: text,
});
export type BxMultiField = z.infer<typeof BxMultiField>;

/** A legacy contact; user fields are read by name from the loose record. */
export const BxContact = z.looseObject({
  ID: bxId,
  NAME: text,
  LAST_NAME: text,
  SECOND_NAME: text,
  BIRTHDATE: text,
  ORIGINATOR_ID: text,
  ORIGIN_ID: text,
  DATE_MODIFY: text,
  PHONE: z.array(BxMultiField).nullish(),
  EMAIL: z.array(BxMultiField).nullish(),
});
export type BxContact = z.infer<typeof BxContact>;

export const BxDeal = z.looseObject({
  ID: bxId,
  TITLE: text,
  CATEGORY_ID: scalar,
  STAGE_ID: text,
  OPPORTUNITY: scalar,
  CURRENCY_ID: text,
  CONTACT_ID: scalar,
  COMMENTS: text,
  DATE_MODIFY: text,
});
export type BxDeal = z.infer<typeof BxDeal>;

export const BxProductRow = z.looseObject({
  PRODUCT_ID: scalar,
  PRODUCT_NAME: text,
  PRICE: scalar,
  QUANTITY: scalar,
});
export type BxProductRow = z.infer<typeof BxProductRow>;

export const BxProduct = z.looseObject({
  ID: bxId,
  NAME: text,
  PRICE: scalar,
  CURRENCY_ID: text,
  XML_ID: text,
  ACTIVE: text,
});
export type BxProduct = z.infer<typeof BxProduct>;

export const BxStatus = z.looseObject({
  ID: bxId,
  STATUS_ID: z.string(),
  NAME: z.string(),
  SORT: scalar,
  SEMANTICS: text,
  EXTRA: z.looseObject({ SEMANTICS: text }).nullish(),
});
export type BxStatus = z.infer<typeof BxStatus>;

export const BxCategoryList = z.looseObject({
  categories: z.array(z.looseObject({ id: bxId, name: z.string() })),
});

export const BxUserField = z.looseObject({ ID: bxId, FIELD_NAME: z.string(), USER_TYPE_ID: text });
export type BxUserField = z.infer<typeof BxUserField>;

export const BxEventBinding = z.looseObject({ event: z.string(), handler: text });

export const BxTimelineComment = z.looseObject({ ID: bxId, COMMENT: text });
export type BxTimelineComment = z.infer<typeof BxTimelineComment>;

/** `crm.duplicate.findbycomm`: `[]` when nothing matched, else ids per entity type. */
export const BxDuplicates = z.union([
  z.array(z.unknown()).transform(() => ({ CONTACT: [] as string[] })),
  z
    .looseObject({ CONTACT: z.array(bxId).optional() })
    .transform((found) => ({ CONTACT: found.CONTACT ?? [] })),
]);

export const BxToken = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.union([z.number(), z.string()]).transform(Number),
  member_id: z.string().optional(),
  client_endpoint: z.string().optional(),
});
export type BxToken = z.infer<typeof BxToken>;

/** An event delivery (`application/x-www-form-urlencoded`, parsed from PHP bracket notation). */
export const BxEventDelivery = z.looseObject({
  event: z.string(),
  data: z.looseObject({ FIELDS: z.looseObject({ ID: z.unknown() }).optional() }).optional(),
  auth: z.looseObject({ application_token: z.string().optional() }).optional(),
});
export type BxEventDelivery = z.infer<typeof BxEventDelivery>;
