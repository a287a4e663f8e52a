import type { Money } from './money.ts';
import type { Instant } from './time.ts';

export const TRANSACTION_KINDS = ['purchase', 'deposit_topup', 'pass', 'refund'] as const;
export const SERVICE_POINT_KINDS = [
  'cashdesk',
  'validator',
  'turnstile',
  'mobile_operator',
  'website',
  'mobile_app',
] as const;

export type TransactionKind = (typeof TRANSACTION_KINDS)[number];
export type ServicePointKind = (typeof SERVICE_POINT_KINDS)[number];

export type ServicePoint = { readonly id: string; readonly name: string; readonly kind: ServicePointKind };

export type TransactionItem = {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly price: Money;
};

/** A card transaction: a purchase, a deposit top-up, a pass at a service point, or a refund. */
export type Transaction = {
  readonly transactionId: string;
  readonly clientId: string;
  readonly kind: TransactionKind;
  readonly amount: Money;
  readonly servicePoint: ServicePoint;
  readonly cardNumber: string | null;
  readonly items: readonly TransactionItem[];
  readonly occurredAt: Instant;
};

/** Labels the CRM shows (lime-protocol.md §5). */
export const TRANSACTION_KIND_LABELS: Readonly<Record<TransactionKind, string>> = {
  purchase: 'Покупка',
  deposit_topup: 'Пополнение депозита',
  pass: 'Проход',
  refund: 'Возврат',
};
