/**
 * The contract suites are written once for every CRM: each CRM brings an adapter that starts its
 * sandbox, tells how to connect it, and reads/edits the sandbox's state in CRM-neutral terms.
 */
export type NeutralContact = {
  readonly remoteId: string;
  readonly limeId: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly phones: readonly string[];
  readonly emails: readonly string[];
  readonly birthDate: string | null;
  readonly children: string | null;
  readonly lastTransactions: string | null;
  readonly lastVisit: number | null;
  readonly visits: number | null;
  readonly nextChildBirthday: string | null;
  readonly channel: string | null;
};

export type NeutralProduct = {
  readonly remoteId: string;
  readonly limeId: string | null;
  readonly name: string;
  readonly priceRub: number | null;
};

export type NeutralPreorder = {
  readonly stage: string;
  readonly amountRub: number;
  readonly notes: readonly string[];
};

/** What a manager changes on a contact by hand (only the keys given). */
export type ContactPatch = {
  readonly phone?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  /** `YYYY-MM-DD`. */
  readonly birthDate?: string;
  /** A Lime-only field (what the card shows as the last 10 transactions). */
  readonly lastTransactions?: string;
};

/** The stages of the pre-order pipeline a manager moves a lead/deal to by hand. */
export type ManagerStage = 'new' | 'to_lime' | 'lost';

export type PreorderLineInput = { readonly productRemoteId: string; readonly quantity: number };

export type ThrottleStats = {
  readonly requests: number;
  readonly throttled: number;
  readonly blocked: number;
};

export interface CrmUnderTest {
  readonly kind: 'amocrm' | 'bitrix24';
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The body of `POST /admin/v1/tenants/{id}/connections` (without options). */
  connectionBody(): Record<string, unknown>;
  /** What an operator does after connecting (e.g. registering Bitrix24's outgoing webhook). */
  afterConnect(hub: { url: string }, connection: { id: string; webhookUrl: string }): Promise<void>;
  contacts(): NeutralContact[];
  products(): NeutralProduct[];
  notesOf(remoteContactId: string): string[];
  /** A manager edits the contact in the CRM's UI. */
  editContact(remoteId: string, patch: ContactPatch): void;
  /** A manager creates a contact by hand; answers its id. */
  createContact(input: { firstName: string; lastName?: string; phone?: string; email?: string }): string;
  /** A manager deletes a contact in the CRM's UI. */
  deleteContact(remoteId: string): void;
  /** A manager adds a product to the CRM's catalog by hand (not a Lime product); answers its id. */
  createForeignProduct(input: { name: string; priceRub: number }): Promise<string>;
  /** A manager builds a pre-order in the CRM's UI (in the pre-order pipeline's first stage). */
  createPreorder(input: { contactRemoteId: string; lines: readonly PreorderLineInput[] }): string;
  /** …and moves it to «Передать в Лайм». */
  handToLime(remoteId: string): void;
  /** A manager moves the pre-order to another stage of its pipeline (`lost`: closed as lost). */
  moveToStage(remoteId: string, stage: ManagerStage): void;
  /** A manager replaces the pre-order's product lines. */
  setPreorderLines(remoteId: string, lines: readonly PreorderLineInput[]): void;
  /** How many contact creates and updates the CRM's API has served so far (one item each). */
  contactWrites(): number;
  preorder(remoteId: string): NeutralPreorder;
  /** Sandbox knobs in the CRM's own words (see each sandbox's options). */
  configure(knobs: Record<string, unknown>): void;
  throttleStats(): ThrottleStats;
  /** Waits until the sandbox has sent the webhooks/events it owes. */
  settle(): Promise<void>;
  /** The sandbox's base URL; its control API lives under `/_sandbox` (README.md of each sandbox). */
  sandboxUrl(): string;
}
