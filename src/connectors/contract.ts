/**
 * The one interface a CRM connector implements. A connector encodes and decodes: it never reads the
 * store, never sleeps to retry and never decides what to write — the flows and the core do that.
 */
import type { z } from 'zod';
import type { ContactCard } from '../core/derive/contact-card.ts';
import type { PersonalData } from '../core/model/client.ts';
import type { Money } from '../core/model/money.ts';
import type { Product } from '../core/model/product.ts';
import type { Instant } from '../core/model/time.ts';
import type { Result } from '../core/result.ts';
import type { PreorderDraft, PreorderStage } from '../core/sync/preorder-rules.ts';

export const CRM_KINDS = ['amocrm', 'bitrix24'] as const;
export type CrmKind = (typeof CRM_KINDS)[number];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// ---------------------------------------------------------------------------------------------
// Failures, as values (classified once, in each connector's errors.ts)

export type CrmError =
  | { readonly kind: 'rate_limited'; readonly retryAfterMs: number; readonly detail: string }
  | { readonly kind: 'unavailable'; readonly detail: string }
  | { readonly kind: 'auth'; readonly refreshable: boolean; readonly detail: string }
  /** The account is blocked for excess (amoCRM 403): stop all traffic and tell the operator. */
  | { readonly kind: 'blocked'; readonly detail: string }
  | { readonly kind: 'not_found'; readonly remoteId: string; readonly detail: string }
  | { readonly kind: 'rejected'; readonly detail: string; readonly field?: string };

export type CrmResult<T> = Result<T, CrmError>;

// ---------------------------------------------------------------------------------------------
// HTTP as the connector sees it: already rate limited, authorised and timed out by the hub

export type CrmRequest = {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the connection's API base, or an absolute URL (token endpoints). */
  readonly path: string;
  readonly query?: string;
  readonly json?: unknown;
  readonly form?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Token endpoints and other unauthenticated calls skip the credential. */
  readonly anonymous?: boolean;
  /** Which rate bucket the call spends (default `api`). */
  readonly bucket?: string;
};

export type CrmResponse = {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** The parsed body when it was JSON, else undefined (HTML error pages, 204s). */
  readonly json: unknown;
};

export type CrmHttp = (request: CrmRequest) => Promise<CrmResult<CrmResponse>>;

// ---------------------------------------------------------------------------------------------
// A connection as a connector sees it

export type PreorderStageNames = Readonly<Record<PreorderStage | 'new', string>>;

export type ConnectionOptions = {
  /** CRM field names for what a contact shows (lime-protocol.md §5); defaults per connector. */
  readonly fieldNames: Readonly<Record<string, string>>;
  readonly erasure: 'delete' | 'blank';
  readonly flows: {
    readonly products: boolean;
    readonly contacts: boolean;
    readonly notes: boolean;
    readonly preorders: boolean;
  };
  readonly preorderPipeline: string;
  readonly preorderStages: PreorderStageNames;
  /** How long changes gather before a write, so a burst of passes becomes one request. */
  readonly flushDelayMs: number;
  /** How often the CRM is polled for changes its webhooks may have lost. */
  readonly pollIntervalSeconds: number;
};

export type Conn = {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: CrmKind;
  readonly options: ConnectionOptions;
  /** What `setup` found or created (field ids, catalog, pipeline, stages), in the connector's own shape. */
  readonly schema: Json;
  /** The connection's credentials as the connector stored them (decrypted); read-only here. */
  readonly credentials: Json;
  readonly webhookUrl: string;
  readonly timeZone: string;
  readonly http: CrmHttp;
  readonly now: () => Instant;
};

// ---------------------------------------------------------------------------------------------
// What crosses the connector boundary, in wire-neutral words

export type RemoteContact = {
  readonly remoteId: string;
  readonly limeId: string | null;
  /** The personal fields this CRM can show; a missing key means "not representable here". */
  readonly personal: Partial<PersonalData>;
  readonly phones: readonly string[];
  readonly emails: readonly string[];
  /** Every card field as the CRM shows it now, for drift repair by resync. */
  readonly card: Partial<Record<keyof ContactCard, string | number | null>>;
  /** Connector-private details a later write needs (multi-field ids, other phones …). */
  readonly state: Json;
  readonly updatedAt: Instant | null;
};

export type ContactWrite = {
  readonly ref: string;
  /** null: create a new contact. */
  readonly remoteId: string | null;
  readonly fields: Partial<ContactCard>;
  /** The connector-private state last returned for this contact, if any. */
  readonly state: Json;
};

export type WriteOutcome =
  | { readonly ref: string; readonly ok: true; readonly remoteId: string; readonly state: Json }
  | { readonly ref: string; readonly ok: false; readonly error: CrmError };

export type NoteWrite = { readonly ref: string; readonly remoteContactId: string; readonly text: string };

/** A note (amoCRM) or timeline comment (Bitrix24) already on a contact. */
export type RemoteNote = {
  readonly remoteId: string;
  readonly remoteContactId: string;
  readonly text: string;
};

export type NotesRead = { readonly notes: readonly RemoteNote[]; readonly read: ReadonlySet<string> };

export type ProductWrite = {
  readonly ref: string;
  readonly remoteId: string | null;
  /** `remove`: the product was withdrawn from Lime (delete it, or hide it where the CRM cannot delete). */
  readonly action: 'upsert' | 'remove';
  readonly product: Product;
};

export type RemoteProduct = {
  readonly remoteId: string;
  readonly productId: string | null;
  readonly name: string;
  readonly price: Money | null;
};

export type RemotePreorder = PreorderDraft & {
  readonly remoteId: string;
  readonly stage: PreorderStage | 'other';
  readonly amount: Money | null;
  /** The CRM contact of the lead/deal, for the id map. */
  readonly remoteContactId: string | null;
};

export type PreorderWrite = {
  readonly remoteId: string;
  readonly stage?: PreorderStage;
  readonly amount?: Money;
  readonly notes?: readonly string[];
};

export type InboundChange =
  | { readonly kind: 'contact.snapshot'; readonly contact: RemoteContact }
  | { readonly kind: 'contact.touched'; readonly remoteId: string }
  | { readonly kind: 'contact.deleted'; readonly remoteId: string }
  | { readonly kind: 'preorder.touched'; readonly remoteId: string };

export type RawWebhook = {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly contentType: string;
  readonly body: string;
};

export type DecodeError =
  | { readonly kind: 'unauthorized'; readonly detail: string }
  | { readonly kind: 'malformed'; readonly detail: string };

export type Page<T> = { readonly items: readonly T[]; readonly next: string | null };
export type ChangePage = { readonly changes: readonly InboundChange[]; readonly cursor: string };

export type SetupItem = {
  readonly what: string;
  readonly name: string;
  readonly status: 'found' | 'created' | 'updated' | 'manual';
  readonly remoteId?: string;
  readonly note?: string;
};
/** A manual step: `code` and `params` let the dashboard translate it; `text` is the English fallback. */
export type SetupInstruction = {
  readonly code: string;
  readonly params: Readonly<Record<string, string>>;
  readonly text: string;
};
export type SetupReport = {
  readonly items: readonly SetupItem[];
  readonly instructions: readonly SetupInstruction[];
};

/** What a CRM can do through its API; the flows decide around what it cannot. */
export type CrmCapabilities = {
  /** Contacts can be deleted by API (else erasure blanks them). */
  readonly deleteContacts: boolean;
  /** Catalog products can be deleted by API (else a withdrawn product is hidden/renamed by the connector). */
  readonly deleteProducts: boolean;
};

export type CrmLimits = {
  /** The published rate and the share of it we use. */
  readonly requestsPerSecond: number;
  readonly burst: number;
  readonly contactsPerRequest: number;
  readonly notesPerRequest: number;
  readonly productsPerRequest: number;
};

// ---------------------------------------------------------------------------------------------
// Authorisation: how credentials are given, stored, applied to a request and refreshed

export type AuthAdapter = {
  /** The `auth` part of `POST /admin/v1/tenants/{id}/connections` for this CRM. */
  readonly inputSchema: z.ZodType;
  /** Turns validated input into stored credentials (an OAuth code is exchanged here). */
  establish(input: unknown, http: CrmHttp): Promise<CrmResult<Json>>;
  /** The API base URL the connection talks to. */
  apiBase(credentials: Json): string;
  apply(request: CrmRequest, credentials: Json): CrmRequest;
  /** When the access token runs out (null: it does not, or we cannot tell). */
  expiresAt(credentials: Json): Instant | null;
  /** When the access token was issued (null: unknown), so its lifetime can bound how early it is refreshed. */
  issuedAt(credentials: Json): Instant | null;
  /** One refresh of a rotating token; the hub serialises calls across processes. */
  refresh(credentials: Json, http: CrmHttp): Promise<CrmResult<Json>>;
  /** The same credentials with the secrets replaced by hints, for the dashboard. */
  describe(credentials: Json): Json;
  /**
   * Stored credentials with a few settings changed that need no new consent (Bitrix24: the events'
   * application token), so a masked secret need not be typed again. `patch` is validated here; a key
   * this CRM does not allow is `rejected` with its `field`.
   */
  amend(credentials: Json, patch: unknown): CrmResult<Json>;
  /**
   * New credentials from a re-authorisation, given what they replace: settings a consent does not give
   * back (Bitrix24: the events' application token) are kept when the new input names none.
   */
  carryOver(previous: Json, fresh: Json): Json;
  /**
   * Where to send an operator to grant access (OAuth consent), or null when this CRM's auth has no
   * consent page for these settings. `settings` is the auth input without the code.
   */
  authorizeUrl(settings: unknown, state: string): string | null;
};

/**
 * Semantics every connector honours (the flows rely on them):
 * - Batches in, one outcome per item out (same `ref`s, any order). A whole-request failure (network,
 *   429, 5xx, auth) is the method's error; a per-item failure is that item's outcome. An item that
 *   was not applied because ANOTHER item spoiled the batch gets `unavailable` (it stays owed), never
 *   `rejected` (which dead-letters it).
 * - `writeContacts`: `remoteId: null` creates; the fields of a create are the whole card (null =
 *   leave empty). An update writes exactly the keys present in `fields` (null clears the CRM field)
 *   and nothing else, merging multi-value fields (other phones/e-mails the CRM user added stay) by
 *   the private `state` it returned last time. The Lime id is always written on create.
 * - Values read back (`RemoteContact.personal` and `.card`) use the card's own representation —
 *   E.164 phones, lower-case e-mails, `YYYY-MM-DD` dates, epoch-ms instants (whole seconds),
 *   numbers for counts, the exact text for text fields — so a value we wrote reads back equal.
 * - `decodeWebhook` is pure and must not throw on bad input; it refuses deliveries whose proof of
 *   origin (Bitrix24 application token, amoCRM account id) does not match.
 * - `pollChanges(null)` answers no changes and a cursor meaning "now".
 * - `setup` is idempotent: it finds what exists by name (and reuses it) before creating anything.
 */
export interface CrmConnector {
  readonly kind: CrmKind;
  readonly limits: CrmLimits;
  readonly capabilities: CrmCapabilities;
  readonly defaultFieldNames: Readonly<Record<string, string>>;
  readonly auth: AuthAdapter;
  /** Maps an HTTP answer to a failure, or null when it is a success (errors.ts). */
  classify(response: CrmResponse): CrmError | null;

  setup(conn: Conn): Promise<CrmResult<{ schema: Json; report: SetupReport }>>;

  scanContacts(conn: Conn, cursor: string | null): Promise<CrmResult<Page<RemoteContact>>>;
  fetchContacts(conn: Conn, remoteIds: readonly string[]): Promise<CrmResult<RemoteContact[]>>;
  findContacts(
    conn: Conn,
    keys: { limeIds: string[]; phones: string[]; emails: string[] },
  ): Promise<CrmResult<RemoteContact[]>>;
  writeContacts(conn: Conn, writes: readonly ContactWrite[]): Promise<CrmResult<WriteOutcome[]>>;
  /** Outcomes carry the remote id as `ref`. */
  deleteContacts(conn: Conn, remoteIds: readonly string[]): Promise<CrmResult<WriteOutcome[]>>;
  writeNotes(conn: Conn, notes: readonly NoteWrite[]): Promise<CrmResult<WriteOutcome[]>>;
  /**
   * The notes on these contacts written at or after `since` (a CRM that cannot filter by time answers
   * older ones too): a write whose answer was lost may have gone through (no idempotency keys). It may
   * stop at a failed call once it has read some: `read` names the contacts whose notes it read in full.
   */
  readNotes(conn: Conn, remoteContactIds: readonly string[], since: Instant): Promise<CrmResult<NotesRead>>;

  scanProducts(conn: Conn, cursor: string | null): Promise<CrmResult<Page<RemoteProduct>>>;
  writeProducts(conn: Conn, writes: readonly ProductWrite[]): Promise<CrmResult<WriteOutcome[]>>;

  readPreorder(conn: Conn, remoteId: string): Promise<CrmResult<RemotePreorder | null>>;
  writePreorder(conn: Conn, write: PreorderWrite): Promise<CrmResult<void>>;

  /** Pure: a CRM webhook delivery → normalised changes (or why it was refused). */
  decodeWebhook(conn: Conn, raw: RawWebhook): Result<InboundChange[], DecodeError>;
  /** Changes since a cursor (null: start from now), the backstop for lost webhooks. */
  pollChanges(conn: Conn, cursor: string | null): Promise<CrmResult<ChangePage>>;
}
