/**
 * The raw JSON of amoCRM REST API v4 (amocrm-api.md), as far as limebridge reads it. Lenient on
 * purpose: unknown keys are dropped, optional keys may be absent or null.
 */
import { z } from 'zod';

const id = z.number().int();
const maybeText = z.string().nullish();
const numberish = z.union([z.number(), z.string()]);

export const AmoValue = z.object({
  value: z.unknown().optional(),
  enum_id: id.nullish(),
  enum_code: maybeText,
});
export type AmoValue = z.infer<typeof AmoValue>;

export const AmoFieldValues = z.object({
  field_id: id,
  field_code: maybeText,
  field_type: maybeText,
  values: z.array(AmoValue).nullish(),
});
export type AmoFieldValues = z.infer<typeof AmoFieldValues>;

export const AmoContact = z.object({
  id,
  name: maybeText,
  first_name: maybeText,
  last_name: maybeText,
  updated_at: z.number().nullish(),
  is_deleted: z.boolean().nullish(),
  custom_fields_values: z.array(AmoFieldValues).nullish(),
});
export type AmoContact = z.infer<typeof AmoContact>;

export const AmoLinkedElement = z.object({
  id,
  metadata: z
    .object({ quantity: numberish.nullish(), catalog_id: id.nullish(), price_id: id.nullish() })
    .nullish(),
});

export const AmoLead = z.object({
  id,
  name: maybeText,
  price: z.number().nullish(),
  status_id: id,
  pipeline_id: id,
  updated_at: z.number().nullish(),
  _embedded: z
    .object({
      contacts: z.array(z.object({ id, is_main: z.boolean().nullish() })).nullish(),
      catalog_elements: z.array(AmoLinkedElement).nullish(),
    })
    .nullish(),
});
export type AmoLead = z.infer<typeof AmoLead>;

export const AmoElement = z.object({
  id,
  name: z.string(),
  catalog_id: id.nullish(),
  custom_fields_values: z.array(AmoFieldValues).nullish(),
});
export type AmoElement = z.infer<typeof AmoElement>;

export const AmoCustomField = z.object({
  id,
  name: z.string(),
  code: maybeText,
  type: z.string(),
  enums: z.array(z.object({ id, value: z.string() })).nullish(),
});
export type AmoCustomField = z.infer<typeof AmoCustomField>;

export const AmoCatalog = z.object({ id, name: z.string(), type: z.string() });
export type AmoCatalog = z.infer<typeof AmoCatalog>;

export const AmoStatus = z.object({ id, name: z.string(), sort: z.number().nullish() });
export const AmoPipeline = z.object({
  id,
  name: z.string(),
  _embedded: z.object({ statuses: z.array(AmoStatus).nullish() }).nullish(),
});
export type AmoPipeline = z.infer<typeof AmoPipeline>;

export const AmoAccount = z.object({
  id,
  subdomain: maybeText,
  currency: maybeText,
  is_api_filter_enabled: z.boolean().nullish(),
  _embedded: z.object({ datetime_settings: z.object({ timezone: maybeText }).nullish() }).nullish(),
});
export type AmoAccount = z.infer<typeof AmoAccount>;

export const AmoWebhookSubscription = z.object({
  id: id.nullish(),
  destination: z.string(),
  settings: z.array(z.string()).nullish(),
  disabled: z.boolean().nullish(),
});
export type AmoWebhookSubscription = z.infer<typeof AmoWebhookSubscription>;

export const AmoEvent = z.object({
  id: z.string(),
  type: z.string(),
  entity_id: id,
  entity_type: z.string(),
  created_at: z.number(),
  value_after: z.array(z.record(z.string(), z.unknown())).nullish(),
  value_before: z.array(z.record(z.string(), z.unknown())).nullish(),
});
export type AmoEvent = z.infer<typeof AmoEvent>;

export const AmoTokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number(),
  server_time: z.number().nullish(),
});
export type AmoTokenAnswer = z.infer<typeof AmoTokenAnswer>;

export const AmoNote = z.object({
  id,
  entity_id: id,
  note_type: z.string().nullish(),
  params: z.object({ text: z.string().nullish() }).passthrough().nullish(),
});
export type AmoNote = z.infer<typeof AmoNote>;

/** What a batch write answers per created/updated item. */
export const AmoWritten = z.object({
  id,
  request_id: z.union([z.string(), z.number()]).nullish(),
  updated_at: z.number().nullish(),
});
export type AmoWritten = z.infer<typeof AmoWritten>;

export const AmoValidationErrors = z.object({
  'validation-errors': z.array(
    z.object({
      request_id: z.union([z.string(), z.number()]).nullish(),
      errors: z.array(z.object({ code: maybeText, path: maybeText, detail: maybeText })).nullish(),
    }),
  ),
});
export type AmoValidationErrors = z.infer<typeof AmoValidationErrors>;

/** A HAL list: `{_page, _links: {next?}, _embedded: {<key>: [...]}}`. */
export function amoList<T extends z.ZodType>(key: string, item: T) {
  return z.object({
    _links: z.object({ next: z.object({ href: z.string() }).nullish() }).nullish(),
    _embedded: z.object({ [key]: z.array(item) }),
  });
}
