import type { Money } from './money.ts';
import type { Instant, LocalDate } from './time.ts';

export const LIME_PREORDER_STATUSES = ['accepted', 'paid', 'completed', 'cancelled', 'rejected'] as const;
export type LimePreorderStatus = (typeof LIME_PREORDER_STATUSES)[number];

export type PreorderLine = {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly price: Money;
  readonly amount: Money;
};

export type PreorderClient = {
  readonly clientId: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly phone: string | null;
  readonly email: string | null;
};

/** A pre-order a manager built in the CRM, as Lime receives it. */
export type PreorderComposition = {
  readonly client: PreorderClient;
  readonly lines: readonly PreorderLine[];
  readonly total: Money;
  readonly comment: string | null;
  readonly visitDate: LocalDate | null;
};

/** Lime's answer about a pre-order (`preorder.status_changed`). */
export type PreorderStatusChange = {
  readonly preorderId: string;
  readonly status: LimePreorderStatus;
  readonly limeOrderNumber: string | null;
  readonly reason: string | null;
  readonly prepaidAmount: Money | null;
  readonly repriced: { readonly lines: readonly PreorderLine[]; readonly total: Money } | null;
  readonly occurredAt: Instant;
};
