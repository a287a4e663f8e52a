import { describe, expect, it } from 'vitest';
import { listOf, parsePhpForm, pathOf, recordsOf, textAt } from './bracket-form.ts';

describe('PHP bracket forms', () => {
  it('keeps deep nesting and more than twenty list items in order', () => {
    const pairs = Array.from({ length: 25 }, (_, i) => `a[list][${i}][values][0][value]=v${i}`);
    const form = parsePhpForm(pairs.join('&'));
    const items = recordsOf(pathOf(form, 'a', 'list'));
    expect(items).toHaveLength(25);
    expect(items.map((item) => textAt(recordsOf(item.values)[0], 'value'))).toEqual(
      Array.from({ length: 25 }, (_, i) => `v${i}`),
    );
  });

  it('reads bare values, single records and URL-encoded text', () => {
    const form = parsePhpForm(
      'f[values][0]=1700000000&r[values][value]=A&r[values][enum]=5&t=%D0%94%D0%B0+%2B',
    );
    expect(listOf(pathOf(form, 'f', 'values'))).toEqual(['1700000000']);
    expect(recordsOf(pathOf(form, 'r', 'values'))).toEqual([{ value: 'A', enum: '5' }]);
    expect(textAt(form, 't')).toBe('Да +');
  });

  it('never throws and ignores prototype keys', () => {
    expect(parsePhpForm('%%%[[[=')).toBeTypeOf('object');
    const form = parsePhpForm('__proto__[x]=1&a=2');
    expect(textAt(form, 'a')).toBe('2');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
