import { describe, expect, it } from 'vitest';
import { err, ok, unwrap } from './result.ts';

describe('Result', () => {
  it('builds plain serialisable values', () => {
    expect(ok(1)).toEqual({ ok: true, value: 1 });
    expect(err('invalid_amount')).toEqual({ ok: false, error: 'invalid_amount' });
    expect(JSON.parse(JSON.stringify(err({ kind: 'no_rows' })))).toEqual({
      ok: false,
      error: { kind: 'no_rows' },
    });
  });

  it('unwraps a success and throws on a failure (a broken invariant is a bug)', () => {
    expect(unwrap(ok('x'))).toBe('x');
    expect(() => unwrap(err('invalid_phone'))).toThrow('unwrap of a failed result: "invalid_phone"');
  });
});
