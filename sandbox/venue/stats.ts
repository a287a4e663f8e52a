/** What the simulator did, for tests and the dashboard demo. */
export interface VenueStats {
  /** Events created (bootstrap, play, answers to the hub), by type. */
  generated: Record<string, number>;
  /** Events the hub acknowledged (new or duplicate), by type. */
  sent: Record<string, number>;
  /** Batches the hub acknowledged with 2xx. */
  batches: number;
  /** HTTP attempts to deliver batches, and how many of them were retries. */
  attempts: number;
  retries: number;
  /** Batches answered with 400 (dropped), and the events they held. */
  rejected400: number;
  rejectedEvents: number;
  /** The hub's own counts from its 200 answers. */
  accepted: number;
  duplicates: number;
  /** Knob effects: events re-sent on purpose, events held back behind newer ones. */
  duplicatesInjected: number;
  reordered: number;
  /** Events waiting to be delivered and in flight right now. */
  queued: number;
  /** Webhook requests received, events in them, and what became of them. */
  pushesReceived: number;
  pushedEvents: number;
  inboundDuplicates: number;
  badSignatures: number;
  invalidPushes: number;
  /** Pushes answered with 500 or held on purpose by the fault knobs. */
  webhookFaults: number;
  webhookHangs: number;
  /** Pull mode: requests made and events received. */
  pulls: number;
  pulledEvents: number;
  clientChangesApplied: number;
  clientChangesUnknown: number;
  /** client.upserted emitted because the hub changed a client. */
  clientEchoes: number;
  preordersReceived: number;
  preordersCancelled: number;
  /** preorder.status_changed emitted, by status. */
  preordersAnswered: Record<string, number>;
  preordersRepriced: number;
  lastError: string | null;
}

export function createStats(): VenueStats {
  return {
    generated: {},
    sent: {},
    batches: 0,
    attempts: 0,
    retries: 0,
    rejected400: 0,
    rejectedEvents: 0,
    accepted: 0,
    duplicates: 0,
    duplicatesInjected: 0,
    reordered: 0,
    queued: 0,
    pushesReceived: 0,
    pushedEvents: 0,
    inboundDuplicates: 0,
    badSignatures: 0,
    invalidPushes: 0,
    webhookFaults: 0,
    webhookHangs: 0,
    pulls: 0,
    pulledEvents: 0,
    clientChangesApplied: 0,
    clientChangesUnknown: 0,
    clientEchoes: 0,
    preordersReceived: 0,
    preordersCancelled: 0,
    preordersAnswered: {},
    preordersRepriced: 0,
    lastError: null,
  };
}

export function countByType(counts: Record<string, number>, types: Iterable<string>): void {
  for (const type of types) counts[type] = (counts[type] ?? 0) + 1;
}

export function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}
