import { err, ok, type Result } from '../result.ts';

/** Money in minor units (kopecks) so that sums are exact; never a float. */
export type Money = { readonly minor: number; readonly currency: string };

const MONEY_PATTERN = /^(-?)(\d{1,13})\.(\d{2})$/;
const CURRENCY_PATTERN = /^[A-Z]{3}$/;

export function parseAmount(text: string): Result<number, 'invalid_amount'> {
  const match = MONEY_PATTERN.exec(text);
  if (!match) return err('invalid_amount');
  const [, sign, units, cents] = match;
  const minor = Number(units) * 100 + Number(cents);
  return ok(sign === '-' && minor !== 0 ? -minor : minor);
}

export function isCurrency(text: string): boolean {
  return CURRENCY_PATTERN.test(text);
}

export function money(minor: number, currency: string): Money {
  return { minor, currency };
}

/** `150000` → `"1500.00"` (the wire format of the Lime protocol). */
export function formatAmount(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `150000` → `"1 500"` / `"1 500,50"`: how an amount is shown to people in Russian. */
export function formatAmountForPeople(minor: number): string {
  const sign = minor < 0 ? '−' : '';
  const abs = Math.abs(minor);
  const units = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  const cents = abs % 100;
  return cents === 0 ? `${sign}${units}` : `${sign}${units},${String(cents).padStart(2, '0')}`;
}

export function sumMinor(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/**
 * Quantity may be fractional (1.5 kg); the line amount is rounded half away from zero to kopecks.
 * The product is taken on the quantity's decimal digits (as typed), not on its binary float, which
 * would round 100 × 1.005 = 100.5 down (the float product is 100.49999999999999).
 */
export function lineAmount(unitMinor: number, quantity: number): number {
  const decimal = /^(\d+)(?:\.(\d+))?$/.exec(String(Math.abs(quantity)));
  if (!decimal || !Number.isSafeInteger(unitMinor)) {
    const exact = unitMinor * quantity;
    return plainZero(Math.sign(exact) * Math.round(Math.abs(exact)));
  }
  const fraction = decimal[2] ?? '';
  const scale = 10n ** BigInt(fraction.length);
  const product = BigInt(Math.abs(unitMinor)) * BigInt(`${decimal[1]}${fraction}`);
  const rounded = product / scale + ((product % scale) * 2n >= scale ? 1n : 0n);
  return plainZero(Math.sign(unitMinor) * Math.sign(quantity) * Number(rounded));
}

function plainZero(value: number): number {
  return value === 0 ? 0 : value;
}
