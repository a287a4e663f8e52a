// Records as the sandbox stores them. They are plain JSON so the whole state can be written to the
// state file as is; the API shapes are built from them by the presenters.

export type EntityKind = 'contacts' | 'leads';
export type FieldOwner = 'contacts' | 'leads' | 'catalogs';

export interface CfStoredValue {
  value?: string | number | boolean;
  enum_id?: number;
}

export interface CfEntry {
  field_id: number;
  values: CfStoredValue[];
}

export interface AccountRecord {
  id: number;
  name: string;
  subdomain: string;
  created_at: number;
  timezone: string;
  currency: string;
  amojo_id: string;
  uuid: string;
}

export interface UserRecord {
  id: number;
  name: string;
  email: string;
  is_admin: boolean;
  is_active: boolean;
}

export interface EnumRecord {
  id: number;
  value: string;
  sort: number;
  code?: string | null;
}

export interface FieldRecord {
  id: number;
  owner: FieldOwner;
  catalog_id: number | null;
  name: string;
  code: string | null;
  sort: number;
  type: string;
  is_predefined: boolean;
  is_deletable: boolean;
  is_api_only: boolean;
  is_visible: boolean;
  is_required: boolean;
  remind: string | null;
  enums: EnumRecord[] | null;
}

export interface StatusRecord {
  id: number;
  name: string;
  sort: number;
  is_editable: boolean;
  color: string;
  type: 0 | 1;
}

export interface PipelineRecord {
  id: number;
  name: string;
  sort: number;
  is_main: boolean;
  is_unsorted_on: boolean;
  is_archive: boolean;
  statuses: StatusRecord[];
}

export interface CatalogRecord {
  id: number;
  name: string;
  type: 'regular' | 'invoices' | 'products';
  sort: number;
  can_add_elements: boolean;
  can_show_in_cards: boolean;
  can_link_multiple: boolean;
  can_be_deleted: boolean;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
}

export interface ElementRecord {
  id: number;
  catalog_id: number;
  name: string;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  is_deleted: boolean;
  custom_fields_values: CfEntry[];
}

export interface ContactRecord {
  id: number;
  name: string;
  first_name: string;
  last_name: string;
  responsible_user_id: number;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  is_deleted: boolean;
  custom_fields_values: CfEntry[];
  tags: number[];
}

export interface LeadRecord {
  id: number;
  name: string;
  price: number;
  responsible_user_id: number;
  status_id: number;
  pipeline_id: number;
  loss_reason_id: number | null;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  is_deleted: boolean;
  custom_fields_values: CfEntry[];
  tags: number[];
}

export interface LinkMetadata {
  main_contact?: boolean;
  catalog_id?: number;
  quantity?: number;
  price_id?: number | null;
}

/** A lead → contact or lead/contact → catalog element link, stored from the owning side. */
export interface LinkRecord {
  entity_type: EntityKind;
  entity_id: number;
  to_entity_type: 'contacts' | 'catalog_elements';
  to_entity_id: number;
  metadata: LinkMetadata;
}

export interface NoteRecord {
  id: number;
  entity_type: EntityKind;
  entity_id: number;
  note_type: string;
  params: Record<string, unknown>;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  responsible_user_id: number;
  is_pinned: boolean;
}

export interface EventRecord {
  id: string;
  seq: number;
  type: string;
  entity_id: number;
  entity_type: string;
  created_by: number;
  created_at: number;
  value_after: unknown[];
  value_before: unknown[];
  /** set on custom_field_value_changed so `custom_field_{id}_value_changed` filters can match */
  field_id?: number;
}

export interface WebhookRecord {
  id: number;
  destination: string;
  created_at: number;
  updated_at: number;
  created_by: number;
  sort: number;
  disabled: boolean;
  settings: string[];
}

export interface TagRecord {
  id: number;
  entity: EntityKind;
  name: string;
  color: string | null;
}

export interface IntegrationRecord {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface CodeRecord {
  code: string;
  clientId: string;
  expiresAt: number;
  used: boolean;
}

/** One installation of an integration: its live refresh token (and the previous one in grace mode). */
export interface GrantRecord {
  id: string;
  clientId: string;
  refreshToken: string;
  previousRefreshToken: string | null;
  refreshExpiresAt: number;
  revoked: boolean;
  usedRefreshTokens: string[];
}

export interface AccessTokenRecord {
  jti: string;
  grantId: string | null;
  expiresAt: number;
  revoked: boolean;
}

export interface AuthData {
  integrations: IntegrationRecord[];
  codes: CodeRecord[];
  grants: GrantRecord[];
  accessTokens: AccessTokenRecord[];
  signingKey: string;
}

export type SeqKind =
  | 'contact'
  | 'lead'
  | 'field'
  | 'enum'
  | 'pipeline'
  | 'status'
  | 'catalog'
  | 'element'
  | 'note'
  | 'event'
  | 'webhook'
  | 'tag';

export interface AccountData {
  seq: Record<SeqKind, number>;
  account: AccountRecord;
  users: UserRecord[];
  fields: FieldRecord[];
  pipelines: PipelineRecord[];
  catalogs: CatalogRecord[];
  productsEnabled: boolean;
  elements: ElementRecord[];
  contacts: ContactRecord[];
  leads: LeadRecord[];
  links: LinkRecord[];
  notes: NoteRecord[];
  events: EventRecord[];
  webhooks: WebhookRecord[];
  tags: TagRecord[];
}

export interface PersistedState {
  version: 1;
  data: AccountData;
  auth: AuthData;
}
