// The portal's data: plain JSON-serialisable records (persisted as-is to the state file).

import { randomBytes } from 'node:crypto';

export interface FmItem {
  ID: number;
  TYPE_ID: string;
  VALUE_TYPE: string;
  VALUE: string;
}

/** A contact or a deal: standard and UF values in their stored (internal) form. */
export interface CrmRecord {
  ID: number;
  fields: Record<string, unknown>;
  fm: FmItem[];
}

export interface ContactBinding {
  CONTACT_ID: number;
  SORT: number;
  ROLE_ID: number;
  IS_PRIMARY: 'Y' | 'N';
}

export interface DealRecord extends CrmRecord {
  contacts: ContactBinding[];
}

export interface ProductRecord {
  ID: number;
  fields: Record<string, unknown>;
  price: { id: number; price: number; currency: string; updatedAt: number } | null;
}

export interface ProductRowRecord {
  ID: number;
  OWNER_TYPE: string;
  OWNER_ID: number;
  PRODUCT_ID: number;
  PRODUCT_NAME: string;
  ORIGINAL_PRODUCT_NAME: string;
  PRICE: number;
  PRICE_EXCLUSIVE: number;
  PRICE_NETTO: number;
  PRICE_BRUTTO: number;
  QUANTITY: number;
  DISCOUNT_TYPE_ID: number;
  DISCOUNT_RATE: number;
  DISCOUNT_SUM: number;
  TAX_RATE: number | null;
  TAX_INCLUDED: 'Y' | 'N';
  CUSTOMIZED: 'Y' | 'N';
  MEASURE_CODE: number;
  MEASURE_NAME: string;
  SORT: number;
}

export interface UserFieldEnumItem {
  ID: number;
  VALUE: string;
  XML_ID: string;
  SORT: number;
  DEF: 'Y' | 'N';
}

export interface UserFieldRecord {
  ID: number;
  ENTITY_ID: string;
  FIELD_NAME: string;
  USER_TYPE_ID: string;
  XML_ID: string | null;
  SORT: number;
  MULTIPLE: 'Y' | 'N';
  MANDATORY: 'Y' | 'N';
  SHOW_FILTER: string;
  SHOW_IN_LIST: 'Y' | 'N';
  EDIT_IN_LIST: 'Y' | 'N';
  IS_SEARCHABLE: 'Y' | 'N';
  SETTINGS: Record<string, unknown>;
  EDIT_FORM_LABEL: string;
  LIST_COLUMN_LABEL: string;
  LIST_FILTER_LABEL: string;
  LIST: UserFieldEnumItem[];
}

export interface CategoryRecord {
  id: number;
  name: string;
  sort: number;
  entityTypeId: number;
  isDefault: 'Y' | 'N';
  originId: string;
  originatorId: string;
}

export interface StatusRecord {
  ID: number;
  ENTITY_ID: string;
  STATUS_ID: string;
  NAME: string;
  NAME_INIT: string;
  SORT: number;
  SYSTEM: 'Y' | 'N';
  CATEGORY_ID: number | null;
  COLOR: string;
  SEMANTICS: 'S' | 'F' | null;
}

export interface CommentRecord {
  ID: number;
  ENTITY_ID: number;
  ENTITY_TYPE: string;
  CREATED: number;
  COMMENT: string;
  AUTHOR_ID: number;
}

export interface LogMessageRecord {
  id: number;
  entityTypeId: number;
  entityId: number;
  created: number;
  authorId: number;
  title: string;
  text: string;
  iconCode: string;
}

export interface AppRecord {
  id: number;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  installUrl: string | null;
  applicationToken: string;
  scope: string;
  installed: boolean;
}

export interface TokenRecord {
  kind: 'access' | 'refresh' | 'code';
  clientId: string;
  userId: number;
  expiresAt: number;
  revoked: boolean;
}

export interface BindingRecord {
  id: number;
  kind: 'app' | 'outgoing';
  event: string;
  handler: string;
  clientId: string | null;
  outgoingId: number | null;
  authType: number;
  offline: boolean;
  authConnector: string;
  applicationToken: string;
}

export interface OutgoingWebhookRecord {
  id: number;
  handlerUrl: string;
  events: string[];
  applicationToken: string;
}

export interface OfflineEventRecord {
  ID: number;
  TIMESTAMP_X: number;
  EVENT_NAME: string;
  EVENT_DATA: Record<string, unknown>;
  EVENT_ADDITIONAL: Record<string, unknown>;
  MESSAGE_ID: string;
  clientId: string;
  connector: string;
  PROCESS_ID: string;
  ERROR: number;
}

export interface UserRecord {
  ID: number;
  NAME: string;
  LAST_NAME: string;
  EMAIL: string;
  ADMIN: boolean;
}

export interface PortalState {
  version: 1;
  memberId: string;
  webhook: { userId: number; secret: string };
  seq: Record<string, number>;
  users: UserRecord[];
  contacts: Record<string, CrmRecord>;
  deals: Record<string, DealRecord>;
  products: Record<string, ProductRecord>;
  productRows: Record<string, ProductRowRecord>;
  userFields: Record<string, UserFieldRecord>;
  categories: Record<string, CategoryRecord>;
  statuses: Record<string, StatusRecord>;
  comments: Record<string, CommentRecord>;
  logMessages: Record<string, LogMessageRecord>;
  apps: Record<string, AppRecord>;
  tokens: Record<string, TokenRecord>;
  bindings: Record<string, BindingRecord>;
  outgoingWebhooks: Record<string, OutgoingWebhookRecord>;
  offline: Record<string, OfflineEventRecord>;
}

export const ADMIN_USER_ID = 1;
export const MANAGER_USER_ID = 2;
export const CRM_CATALOG_ID = 23;
export const CRM_OFFERS_CATALOG_ID = 24;

export function randomToken(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

export function nextId(state: PortalState, sequence: string): number {
  const next = (state.seq[sequence] ?? 0) + 1;
  state.seq[sequence] = next;
  return next;
}
