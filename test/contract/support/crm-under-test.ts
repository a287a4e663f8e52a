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
  editContact(
    remoteId: string,
    patch: { phone?: string; firstName?: string; lastName?: string; email?: string },
  ): void;
  /** A manager builds a pre-order in the CRM's UI (in the pre-order pipeline's first stage). */
  createPreorder(input: {
    contactRemoteId: string;
    lines: { productRemoteId: string; quantity: number }[];
  }): string;
  /** …and moves it to «Передать в Лайм». */
  handToLime(remoteId: string): void;
  preorder(remoteId: string): NeutralPreorder;
  /** Sandbox knobs in the CRM's own words (see each sandbox's options). */
  configure(knobs: Record<string, unknown>): void;
  throttleStats(): ThrottleStats;
  /** Waits until the sandbox has sent the webhooks/events it owes. */
  settle(): Promise<void>;
}
