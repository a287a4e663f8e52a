import type { ItemErrors } from '../http/problem.ts';
import type { Store } from '../state/store.ts';
import type { EntityKind } from '../state/types.ts';
import { isInt, isObject, type Json } from './input.ts';

// Tags on entities (amocrm-api.md §6.6): `tags_to_add`/`tags_to_delete` change the set,
// `_embedded.tags` replaces it (`null` clears); a tag is `{id}` or `{name}` (a new name creates it).

function resolveTags(
  store: Store,
  entity: EntityKind,
  refs: unknown,
  errors: ItemErrors,
  path: string,
  create: boolean,
): number[] | undefined {
  if (refs === null) return [];
  if (!Array.isArray(refs)) {
    errors.invalidType(path, 'array');
    return undefined;
  }
  const ids: number[] = [];
  for (const [i, ref] of refs.entries()) {
    if (!isObject(ref)) {
      errors.invalidType(`${path}.${i}`, 'object');
      continue;
    }
    if (ref.id !== undefined && ref.id !== null) {
      const tag = isInt(ref.id) ? store.tags.find((t) => t.id === ref.id && t.entity === entity) : undefined;
      if (!tag) {
        errors.notSupportedChoice(`${path}.${i}.id`);
        continue;
      }
      ids.push(tag.id);
      continue;
    }
    if (typeof ref.name !== 'string' || ref.name.trim() === '') {
      errors.missing(`${path}.${i}.name`);
      continue;
    }
    const name = ref.name.trim();
    let tag = store.tags.find((t) => t.entity === entity && t.name.toLowerCase() === name.toLowerCase());
    if (!tag && create) {
      tag = { id: store.nextId('tag'), entity, name, color: null };
      store.tags.push(tag);
    }
    if (tag) ids.push(tag.id);
  }
  return ids;
}

/** The entity's tag ids after applying the item's tag keys; `undefined` when it sends none. */
export function applyTags(
  store: Store,
  entity: EntityKind,
  current: number[],
  item: Json,
  errors: ItemErrors,
): number[] | undefined {
  let next: number[] | undefined;
  const embedded = isObject(item._embedded) ? item._embedded : {};
  if ('tags' in embedded) {
    next = resolveTags(store, entity, embedded.tags, errors, '_embedded.tags', true);
  }
  if (item.tags_to_add !== undefined) {
    const add = resolveTags(store, entity, item.tags_to_add, errors, 'tags_to_add', true) ?? [];
    next = [...new Set([...(next ?? current), ...add])];
  }
  if (item.tags_to_delete !== undefined) {
    const del = new Set(
      resolveTags(store, entity, item.tags_to_delete, errors, 'tags_to_delete', false) ?? [],
    );
    next = (next ?? current).filter((id) => !del.has(id));
  }
  return next;
}

export function toApiTags(store: Store, ids: number[]): unknown[] {
  return ids.flatMap((id) => {
    const t = store.tags.find((x) => x.id === id);
    return t ? [{ id: t.id, name: t.name, color: t.color }] : [];
  });
}
