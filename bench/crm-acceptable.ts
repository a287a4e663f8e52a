/**
 * The venue generator makes a few phones and e-mails the hub's validation refuses (e.g. `9300063712`, a
 * number outside any range libphonenumber knows), and one such event turns a whole batch of 500 away.
 * Lime would keep the client and the hub would never see the bad value, so the value is left out and the
 * event kept; an event with any other problem is dropped. Both are counted for the report.
 */
import type { LimeEvent } from '../sandbox/venue/index.ts';
import { decodeEvent } from '../src/connectors/lime/decode.ts';

const OPTIONAL = new Set(['phone', 'email']);

export type Acceptance = { readonly events: LimeEvent[]; readonly cleaned: number; readonly dropped: number };

export function acceptable(events: readonly LimeEvent[]): Acceptance {
  const kept: LimeEvent[] = [];
  let cleaned = 0;
  let dropped = 0;
  for (const event of events) {
    const problems = decodeEvent(event, 'e');
    if (problems.ok) {
      kept.push(event);
      continue;
    }
    const fields = problems.error.map((problem) => /^e\.data\.(\w+)$/.exec(problem.path)?.[1] ?? '');
    if (!fields.every((field) => OPTIONAL.has(field))) {
      dropped += 1;
      continue;
    }
    const data = Object.fromEntries(Object.entries(event.data).filter(([key]) => !fields.includes(key)));
    kept.push({ ...event, data });
    cleaned += 1;
  }
  return { events: kept, cleaned, dropped };
}
