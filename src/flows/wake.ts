/** Waking every flow of a connection (after setup, a resume, a resync, a re-authorisation). */
import { FLOWS, type Flow } from '../store/dirty-repo.ts';
import type { Runtime } from './runtime.ts';

export async function wakeAllFlows(runtime: Runtime, connectionId: string): Promise<void> {
  await runtime.db.transaction((tx) =>
    runtime.wake(tx, [
      ...FLOWS.map((flow: Flow) => ({ job: 'crm.flush' as const, connectionId, flow, delayMs: 0 })),
      { job: 'crm.inbox' as const, connectionId },
    ]),
  );
}
