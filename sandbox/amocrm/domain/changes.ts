import { toEventCfItems } from '../fields/present.ts';
import type { CfWrite } from '../fields/values.ts';
import type { AccountContext } from './context.ts';

// The events an edit of a contact or a lead leaves in the feed (amocrm-api.md §9): one per changed
// name, custom field (one item per value) and responsible user.

interface Edited {
  name: string;
  responsible_user_id: number;
}

export function emitEditEvents(
  ctx: AccountContext,
  base: { entity_id: number; entity_type: string; created_by: number },
  prev: Edited,
  next: Edited,
  cf: CfWrite,
): void {
  if (prev.name !== next.name) {
    ctx.event({
      ...base,
      type: 'name_field_changed',
      value_before: [{ name_field_value: { name: prev.name } }],
      value_after: [{ name_field_value: { name: next.name } }],
    });
  }
  for (const ch of cf.changed) {
    ctx.event({
      ...base,
      type: 'custom_field_value_changed',
      field_id: ch.field.id,
      value_before: toEventCfItems(ch.field, ch.before),
      value_after: toEventCfItems(ch.field, ch.after),
    });
  }
  if (prev.responsible_user_id !== next.responsible_user_id) {
    ctx.event({
      ...base,
      type: 'entity_responsible_changed',
      value_before: [{ responsible_user: { id: prev.responsible_user_id } }],
      value_after: [{ responsible_user: { id: next.responsible_user_id } }],
    });
  }
}
