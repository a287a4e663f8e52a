/**
 * What the kill test sends: a generated venue (products, clients, families, transactions) plus newer
 * and older re-states of some clients scattered through the stream, cut into batches of 1–500.
 */
import { createPrng, generateVenue, type LimeEvent, type Prng } from '../../sandbox/venue/index.ts';

export type Batch = { readonly index: number; readonly ids: readonly string[]; readonly body: string };

export type Expected = {
  readonly eventIds: ReadonlySet<string>;
  readonly transactionIds: ReadonlySet<string>;
  /** The newest state of each client: what the store must hold whatever order the events arrived in. */
  readonly newestClient: ReadonlyMap<string, { readonly lastName: string | null; readonly at: number }>;
};

export type Workload = { readonly batches: readonly Batch[]; readonly expected: Expected };

export function buildWorkload(seed: number, clients: number): Workload {
  const prng = createPrng(`durability:${seed}`);
  const events = withRestatements(generateVenue({ seed, clients, transactionsPerClient: 6 }), prng);
  return { batches: cut(events, prng.fork('batches')), expected: expectationsOf(events) };
}

/** A quarter of the clients are re-stated twice, an hour and two hours later, at random places. */
function withRestatements(events: readonly LimeEvent[], prng: Prng): LimeEvent[] {
  const stream = [...events];
  for (const event of events) {
    if (event.type !== 'client.upserted' || !prng.chance(0.25)) continue;
    for (const version of [2, 3]) {
      const restated: LimeEvent = {
        id: `${event.id}-v${version}`,
        type: event.type,
        occurredAt: new Date(Date.parse(event.occurredAt) + (version - 1) * 3_600_000).toISOString(),
        data: { ...event.data, lastName: `${String(event.data.lastName ?? 'Без фамилии')}-v${version}` },
      };
      stream.splice(prng.int(0, stream.length), 0, restated);
    }
  }
  return stream;
}

function cut(events: readonly LimeEvent[], prng: Prng): Batch[] {
  const batches: Batch[] = [];
  for (let start = 0; start < events.length; ) {
    const size = prng.weighted<[number, number]>([
      [[1, 1], 2],
      [[2, 20], 3],
      [[21, 150], 3],
      [[151, 500], 2],
    ]);
    const slice = events.slice(start, start + prng.int(size[0], size[1]));
    batches.push({
      index: batches.length,
      ids: slice.map((e) => e.id),
      body: JSON.stringify({ events: slice }),
    });
    start += slice.length;
  }
  return batches;
}

function expectationsOf(events: readonly LimeEvent[]): Expected {
  const newestClient = new Map<string, { lastName: string | null; at: number }>();
  const transactionIds = new Set<string>();
  for (const event of events) {
    if (event.type === 'transaction.recorded') transactionIds.add(String(event.data.transactionId));
    if (event.type !== 'client.upserted') continue;
    const clientId = String(event.data.clientId);
    const at = Date.parse(event.occurredAt);
    const known = newestClient.get(clientId);
    if (!known || known.at <= at) {
      const lastName = typeof event.data.lastName === 'string' ? event.data.lastName : null;
      newestClient.set(clientId, { lastName, at });
    }
  }
  return { eventIds: new Set(events.map((e) => e.id)), transactionIds, newestClient };
}
