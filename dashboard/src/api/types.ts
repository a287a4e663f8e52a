/** The admin API's shapes as the dashboard reads them (lime-protocol.md §4 and the dashboard brief). */

export type Info = {
  readonly publicUrl: string;
  readonly oauthRedirectUri: string;
  readonly engine: 'pglite' | 'postgres' | string;
  readonly version: string;
};

export type LimeDelivery = {
  readonly mode: 'push' | 'pull';
  readonly undelivered: number;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly lastSuccessAt: string | null;
  readonly nextAttemptAt: string | null;
  readonly failingSince: string | null;
};

export type Tenant = {
  readonly id: string;
  readonly name: string;
  readonly timezone: string;
  readonly limeWebhookUrl: string | null;
  readonly createdAt: string;
  readonly limeDelivery: LimeDelivery;
};

export type TenantCreated = { readonly id: string; readonly apiKey: string; readonly webhookSecret: string };

export type CrmKind = 'amocrm' | 'bitrix24';
export type ConnectionState = 'active' | 'paused' | 'needs_reauth' | 'blocked';
export type FlowName = 'products' | 'contacts' | 'notes' | 'preorders';
export type StageKey = 'new' | 'to_lime' | 'sent' | 'accepted' | 'won' | 'lost';

export type ConnectionOptions = {
  readonly fieldNames: Readonly<Record<string, string>>;
  readonly erasure: 'delete' | 'blank';
  readonly flows: Readonly<Record<FlowName, boolean>>;
  readonly preorderPipeline: string;
  readonly preorderStages: Readonly<Record<StageKey, string>>;
  readonly flushDelayMs: number;
  readonly pollIntervalSeconds: number;
};

export type SetupItem = {
  readonly what: string;
  readonly name: string;
  readonly status: 'found' | 'created' | 'updated' | 'manual';
  readonly remoteId?: string | null;
  readonly note?: string | null;
};

/** A manual step: `code` + `params` are translated here; `text` is the hub's English fallback. */
export type SetupInstruction = {
  readonly code: string;
  readonly params: Readonly<Record<string, string>>;
  readonly text: string;
};

export type SetupReport = {
  readonly items: readonly SetupItem[];
  /** Plain strings in reports stored by hubs before instructions had codes. */
  readonly instructions: readonly (SetupInstruction | string)[];
};

export type CountsByOutcome = Partial<Record<Outcome, number>>;

export type Connection = {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: CrmKind;
  readonly label: string;
  readonly state: ConnectionState;
  readonly webhookUrl: string;
  readonly auth: Readonly<Record<string, unknown>> | null;
  readonly options: ConnectionOptions;
  readonly setup: { readonly at: string | null; readonly report: SetupReport | null };
  readonly backlog: Readonly<Record<string, number>>;
  readonly lastSuccessAt: string | null;
  readonly lastError: {
    readonly kind: string;
    readonly detail: string;
    readonly flow?: string;
    readonly at?: string;
  } | null;
  readonly polledAt: string | null;
  readonly linked: Readonly<Record<string, number>>;
  readonly counts: Readonly<Record<string, CountsByOutcome>>;
};

export type Source = 'lime' | 'crm' | 'lime_out' | 'admin' | 'system';
export type Outcome = 'ok' | 'error' | 'skipped' | 'conflict' | 'duplicate' | 'stale';

export type ActivityEntry = {
  readonly id: number;
  readonly at: string;
  readonly connectionId: string | null;
  readonly source: Source | string;
  readonly operation: string;
  readonly entity: string | null;
  readonly entityId: string | null;
  readonly remoteId: string | null;
  readonly outcome: Outcome | string;
  readonly detail: unknown;
};

export type ActivityPage = { readonly entries: readonly ActivityEntry[]; readonly next: number | null };

export type ClientTrail = {
  readonly clientId: string;
  readonly known: boolean;
  readonly category: string | null;
  readonly links: readonly { connectionId: string; kind: CrmKind; remoteId: string | null }[];
  readonly entries: readonly ActivityEntry[];
};

export type DeadLetter = {
  readonly id: number;
  readonly tenantId: string;
  readonly connectionId: string | null;
  readonly flow: string;
  readonly entityId: string;
  readonly error: { readonly kind?: string; readonly detail?: string } & Readonly<Record<string, unknown>>;
  readonly attempts: number;
  readonly firstAt: string;
  readonly lastAt: string;
};

export type ResyncScope = 'products' | 'clients' | 'all';
export type ResyncRun = {
  readonly state: 'queued' | 'running' | 'done' | 'failed';
  readonly done: number;
  readonly total: number | null;
  readonly progress: number | null;
  readonly error: string | null;
};
