import type { ItemErrors } from '../http/problem.ts';
import type { Store } from '../state/store.ts';
import { isInt, type Json, optInt } from './input.ts';

/** A user id that must name an active user of the account (`0` allowed where `allowRobot`). */
export function optUser(
  store: Store,
  item: Json,
  key: string,
  errors: ItemErrors,
  allowRobot = false,
): number | undefined {
  const v = optInt(item, key, errors);
  if (v === undefined) return undefined;
  if (allowRobot && v === 0) return 0;
  const user = store.user(v);
  if (!user?.is_active) {
    errors.notSupportedChoice(key);
    return undefined;
  }
  return v;
}

/** Audit fields an integration may set explicitly on write. */
export function auditFields(store: Store, item: Json, errors: ItemErrors) {
  return {
    createdBy: optUser(store, item, 'created_by', errors, true),
    updatedBy: optUser(store, item, 'updated_by', errors, true),
    createdAt: optInt(item, 'created_at', errors),
    updatedAt: optInt(item, 'updated_at', errors),
  };
}

/** `{"id": …}` of a PATCH batch item. */
export function requireId(item: Json, errors: ItemErrors): number | undefined {
  if (item.id === undefined || item.id === null) {
    errors.missing('id');
    return undefined;
  }
  if (!isInt(item.id)) {
    errors.invalidType('id', 'int');
    return undefined;
  }
  return item.id;
}
