import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatAmount,
  formatAmountForPeople,
  isCurrency,
  lineAmount,
  money,
  parseAmount,
  sumMinor,
} from './money.ts';

const RUNS = { numRuns: 300 };
const MAX_MINOR = 9_999_999_999_999_99; // 13 unit digits and 2 fraction digits

describe('parseAmount', () => {
  it.each([
    ['1500.00', 150000],
    ['0.00', 0],
    ['0.01', 1],
    ['0.99', 99],
    ['-0.50', -50],
    ['-1500.75', -150075],
    ['1.05', 105],
    ['0001.00', 100],
    ['9999999999999.99', MAX_MINOR],
    ['-9999999999999.99', -MAX_MINOR],
  ])('%s → %i kopecks', (text, minor) => {
    expect(parseAmount(text)).toEqual({ ok: true, value: minor });
  });

  it('reads "-0.00" as plain zero, not negative zero', () => {
    const parsed = parseAmount('-0.00');
    expect(parsed.ok && Object.is(parsed.value, 0)).toBe(true);
  });

  it.each([
    '',
    '1500',
    '1500.0',
    '1500.000',
    '1500,00',
    '1 500.00',
    '+1500.00',
    ' 1500.00',
    '1500.00 ',
    '.50',
    '1.',
    '1e3.00',
    '--1.00',
    '10000000000000.00', // 14 unit digits
    'NaN',
    'abc',
    '1500.00RUB',
  ])('rejects %j', (text) => {
    expect(parseAmount(text)).toEqual({ ok: false, error: 'invalid_amount' });
  });
});

describe('formatAmount (the wire format)', () => {
  it.each([
    [150000, '1500.00'],
    [0, '0.00'],
    [1, '0.01'],
    [-1, '-0.01'],
    [-150075, '-1500.75'],
    [105, '1.05'],
    [MAX_MINOR, '9999999999999.99'],
  ])('%i → %s', (minor, text) => {
    expect(formatAmount(minor)).toBe(text);
  });

  it('prints negative zero as 0.00', () => {
    expect(formatAmount(-0)).toBe('0.00');
  });
});

describe('formatAmountForPeople', () => {
  it.each([
    [150000, '1\u00a0500'],
    [150050, '1\u00a0500,50'],
    [5, '0,05'],
    [0, '0'],
    [-150000, '−1\u00a0500'],
    [123456789, '1\u00a0234\u00a0567,89'],
    [99900, '999'],
  ])('%i → %j', (minor, text) => {
    expect(formatAmountForPeople(minor)).toBe(text);
  });
});

describe('currencies and sums', () => {
  it('accepts ISO 4217-shaped codes only', () => {
    expect(isCurrency('RUB')).toBe(true);
    expect(isCurrency('EUR')).toBe(true);
    expect(isCurrency('rub')).toBe(false);
    expect(isCurrency('RUBL')).toBe(false);
    expect(isCurrency('RU')).toBe(false);
    expect(isCurrency('')).toBe(false);
  });

  it('builds Money and sums minor units exactly', () => {
    expect(money(150000, 'RUB')).toEqual({ minor: 150000, currency: 'RUB' });
    expect(sumMinor([])).toBe(0);
    expect(sumMinor([10, 20, -5])).toBe(25);
    // 0.10 + 0.20 is 0.30 exactly in kopecks (as floats of roubles it is not)
    expect(sumMinor([10, 20])).toBe(30);
  });
});

describe('lineAmount (fractional quantities)', () => {
  it.each([
    [15000, 1, 15000],
    [15000, 3, 45000],
    [15000, 1.5, 22500],
    [999, 0.5, 500], // 499.5 rounds half away from zero
    [-999, 0.5, -500],
    [101, 2.5, 253], // 252.5
    [100, 0.333, 33],
    [100, 1.005, 101], // 100.5 exactly; as floats 1.005 * 100 is 100.49999999999999
    [10, 1.15, 12], // 11.5
    [2999, 0.25, 750], // 749.75
    [0, 7, 0],
  ])('%i × %d → %i', (unit, quantity, minor) => {
    expect(lineAmount(unit, quantity)).toBe(minor);
  });

  it('rounds the exact decimal product half away from zero (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 3 }),
        (unit, quantityScaled, decimals) => {
          const scale = 10 ** decimals;
          const quantity = quantityScaled / scale;
          // exact reference in integers: unit * quantityScaled / scale, half away from zero
          const numerator = BigInt(unit) * BigInt(quantityScaled);
          const abs = numerator < 0n ? -numerator : numerator;
          const bigScale = BigInt(scale);
          let rounded = abs / bigScale;
          if ((abs % bigScale) * 2n >= bigScale) rounded += 1n;
          const expected = Number(numerator < 0n ? -rounded : rounded);
          expect(lineAmount(unit, quantity)).toBe(expected === 0 ? 0 : expected);
        },
      ),
      RUNS,
    );
  });
});

describe('round trips (property)', () => {
  it('parseAmount(formatAmount(m)) === m for every amount the protocol can carry', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_MINOR, max: MAX_MINOR }), (minor) => {
        expect(parseAmount(formatAmount(minor))).toEqual({ ok: true, value: minor });
      }),
      RUNS,
    );
  });

  it('formatAmount(parseAmount(text)) === text for canonical texts', () => {
    const canonical = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 9_999_999_999_999n }), fc.integer({ min: 0, max: 99 }))
      .filter(([negative, units, cents]) => !(negative && units === 0n && cents === 0))
      .map(([negative, units, cents]) => `${negative ? '-' : ''}${units}.${String(cents).padStart(2, '0')}`);
    fc.assert(
      fc.property(canonical, (text) => {
        const parsed = parseAmount(text);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(formatAmount(parsed.value)).toBe(text);
      }),
      RUNS,
    );
  });

  it('formatAmountForPeople keeps the digits of formatAmount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_MINOR, max: MAX_MINOR }), (minor) => {
        const people = formatAmountForPeople(minor)
          .replace(/\u00a0/g, '')
          .replace('−', '-')
          .replace(',', '.');
        const wire = formatAmount(minor);
        expect(people).toBe(wire.endsWith('.00') ? wire.slice(0, -3) : wire);
      }),
      RUNS,
    );
  });
});
