/** A recording hub and a simulator wired to it, with quick delays and a silent logger. */
import { startVenueSimulator, type VenueSimulator, type VenueSimulatorOptions } from '../simulator.ts';
import { type RecordingHub, startRecordingHub } from './recording-hub.ts';

export const API_KEY = 'test-key';
export const SECRET = 'whsec-test-secret';

export interface Harness {
  hub: RecordingHub;
  sim: VenueSimulator;
  close(): Promise<void>;
}

export async function startHarness(options: Partial<VenueSimulatorOptions> = {}): Promise<Harness> {
  const hub = await startRecordingHub(API_KEY);
  const sim = await startVenueSimulator({
    hubUrl: hub.url,
    apiKey: API_KEY,
    webhookSecret: SECRET,
    clients: 5,
    transactionsPerClient: 0,
    logLevel: 'silent',
    ...options,
    pace: { eventsPerSecond: 0, ...options.pace },
    knobs: {
      retryBaseMs: 5,
      retryMaxMs: 50,
      preorderDelayMs: 10,
      echoDelayMs: 10,
      pullIntervalMs: 20,
      ...options.knobs,
    },
  });
  return {
    hub,
    sim,
    close: async () => {
      await sim.close();
      await hub.close();
    },
  };
}

/** The sequence number at the end of an event id minted by the simulator. */
export function sequenceOf(id: string): number {
  return Number(id.slice(id.lastIndexOf('-') + 1));
}
