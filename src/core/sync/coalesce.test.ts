import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunk, newestPerKey, uniqueBy } from './coalesce.ts';

type Ev = { key: string; at: number; n: number };
const ev = (key: string, at: number, n: number): Ev => ({ key, at, n });

describe('newestPerKey', () => {
  it('keeps only the newest state per key, whatever the arrival order', () => {
    const kept = newestPerKey(
      [ev('a', 3, 1), ev('b', 1, 2), ev('a', 5, 3), ev('a', 4, 4), ev('b', 0, 5)],
      (e) => e.key,
      (e) => e.at,
    );
    expect(kept).toEqual([ev('a', 5, 3), ev('b', 1, 2)]);
  });

  it('gives a tie to the later item (two states made in one second arrive in order)', () => {
    expect(
      newestPerKey(
        [ev('a', 5, 1), ev('a', 5, 2)],
        (e) => e.key,
        (e) => e.at,
      ),
    ).toEqual([ev('a', 5, 2)]);
  });

  it('is empty for nothing', () => {
    expect(
      newestPerKey(
        [],
        (e: Ev) => e.key,
        (e) => e.at,
      ),
    ).toEqual([]);
  });

  it('never loses the newest state of a key (property)', () => {
    const events = fc.array(
      fc.record({ key: fc.constantFrom('a', 'b', 'c'), at: fc.integer({ min: 0, max: 5 }), n: fc.nat() }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(events, (list) => {
        const numbered = list.map((e, i) => ({ ...e, n: i }));
        const kept = newestPerKey(
          numbered,
          (e) => e.key,
          (e) => e.at,
        );
        const keys = [...new Set(numbered.map((e) => e.key))];
        expect(kept.map((e) => e.key).sort()).toEqual(keys.sort());
        for (const e of kept) {
          const same = numbered.filter((o) => o.key === e.key);
          const newest = Math.max(...same.map((o) => o.at));
          expect(e.at).toBe(newest);
          // the last of those made at that time
          expect(e.n).toBe(Math.max(...same.filter((o) => o.at === newest).map((o) => o.n)));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('chunk', () => {
  it('splits preserving order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([1, 2], 5)).toEqual([[1, 2]]);
    expect(chunk([], 3)).toEqual([]);
  });

  it('loses and reorders nothing (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 50 }), fc.integer({ min: 1, max: 10 }), (items, size) => {
        const parts = chunk(items, size);
        expect(parts.flat()).toEqual(items);
        for (const part of parts) expect(part.length).toBeLessThanOrEqual(size);
        for (const part of parts.slice(0, -1)) expect(part.length).toBe(size);
      }),
      { numRuns: 200 },
    );
  });
});

describe('uniqueBy', () => {
  it('keeps the first item per key, in order', () => {
    expect(uniqueBy([ev('a', 1, 1), ev('b', 1, 2), ev('a', 2, 3)], (e) => e.key)).toEqual([
      ev('a', 1, 1),
      ev('b', 1, 2),
    ]);
  });
});
