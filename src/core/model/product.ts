import type { Money } from './money.ts';
import type { Instant } from './time.ts';

export const PRODUCT_KINDS = ['ticket', 'service', 'good', 'deposit'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

/** An item of Lime's product list (a ticket, a service, a good or a deposit). */
export type Product = {
  readonly productId: string;
  readonly name: string;
  readonly price: Money;
  readonly sku: string | null;
  readonly group: string | null;
  readonly kind: ProductKind | null;
  readonly active: boolean;
  readonly deleted: boolean;
  readonly stateAt: Instant;
};
