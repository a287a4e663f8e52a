/** The records of the simulated Lime database and the event envelope of lime-protocol.md. */

export const VENUE_TYPES = ['water_park', 'ice_rink', 'trampoline_park', 'kids_centre'] as const;
export type VenueType = (typeof VENUE_TYPES)[number];

export type ProductKind = 'ticket' | 'service' | 'good' | 'deposit';
export type RegistrationChannel = 'cashdesk' | 'mobile_app' | 'website' | 'other';
export type Gender = 'male' | 'female';
export type ClientCategory = 'adult' | 'child';
export type FamilyRelation = 'child' | 'grandchild' | 'ward';
export type TransactionKind = 'purchase' | 'deposit_topup' | 'pass' | 'refund';
export type ServicePointKind =
  | 'cashdesk'
  | 'validator'
  | 'turnstile'
  | 'mobile_operator'
  | 'website'
  | 'mobile_app';
export type PreorderStatus = 'accepted' | 'paid' | 'completed' | 'cancelled' | 'rejected';

export interface Product {
  productId: string;
  name: string;
  /** Kopecks. */
  price: number;
  sku: string;
  group: string;
  kind: ProductKind;
  active: boolean;
}

export interface Client {
  clientId: string;
  firstName: string;
  lastName?: string;
  middleName?: string;
  birthDate?: string;
  gender?: Gender;
  /** As the person typed it. */
  phone?: string;
  email?: string;
  category: ClientCategory;
  registrationChannel: RegistrationChannel;
  cards: string[];
  marketingConsent: boolean;
}

export interface FamilyLink {
  parentId: string;
  childId: string;
  relation: FamilyRelation;
}

export interface ServicePoint {
  id: string;
  name: string;
  kind: ServicePointKind;
}

export interface TransactionItem {
  productId: string;
  name: string;
  quantity: number;
  /** Kopecks per unit. */
  price: number;
}

export interface Transaction {
  transactionId: string;
  clientId: string;
  kind: TransactionKind;
  /** Kopecks, never negative (a refund says so by its kind). */
  amount: number;
  servicePoint: ServicePoint;
  cardNumber?: string;
  items?: TransactionItem[];
  at: number;
}

export interface PreorderLine {
  productId: string;
  name: string;
  quantity: number;
  /** Kopecks per unit. */
  price: number;
}

export interface PreorderClient {
  clientId: string | null;
  firstName?: string;
  lastName?: string;
  phone?: string;
  email?: string;
}

/** A pre-order as Lime's desk keeps it: what the hub asked for and how Lime answered. */
export interface Preorder {
  preorderId: string;
  client: PreorderClient;
  lines: PreorderLine[];
  currency: string;
  comment?: string;
  visitDate?: string;
  origin: unknown;
  /** `received` until Lime has answered; then the last status Lime sent. */
  status: 'received' | PreorderStatus;
  limeOrderNumber?: string;
  reason?: string;
  /** How many times the hub sent the pre-order (created + updates). */
  revisions: number;
  /** Lime's final lines when it re-priced the order. */
  limeLines?: PreorderLine[];
  /** The client Lime filed the order under. */
  limeClientId?: string;
}

/** The envelope shared by both directions (lime-protocol.md §2, §3). */
export interface LimeEvent {
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export const TERMINAL_PREORDER_STATUSES: ReadonlySet<string> = new Set([
  'paid',
  'completed',
  'cancelled',
  'rejected',
]);
