/**
 * Keeps, per key, only the newest item; on equal times the later one wins (Lime's clock has second
 * resolution, so two states in one second arrive in the order they were made).
 */
export function newestPerKey<T>(items: readonly T[], key: (item: T) => string, at: (item: T) => number): T[] {
  const newest = new Map<string, T>();
  for (const item of items) {
    const current = newest.get(key(item));
    if (current === undefined || at(item) >= at(current)) newest.set(key(item), item);
  }
  return [...newest.values()];
}

/** Splits work into requests of at most `size` items, preserving order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
