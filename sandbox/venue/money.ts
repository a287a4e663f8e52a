/** Money is kept in kopecks (integers) and crosses the wire as `"1500.00"`. */
export function formatMoney(kopecks: number): string {
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(Math.round(kopecks));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function rub(roubles: number): number {
  return Math.round(roubles * 100);
}

const MONEY = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** Parses `"1500.00"` (or a number, leniently) into kopecks; null when it is not money. */
export function parseMoney(value: unknown): number | null {
  const text = typeof value === 'number' ? value.toFixed(2) : value;
  if (typeof text !== 'string') return null;
  const match = MONEY.exec(text.trim());
  if (!match) return null;
  const kopecks = Number(match[2]) * 100 + Number((match[3] ?? '0').padEnd(2, '0'));
  return match[1] === '-' ? -kopecks : kopecks;
}
