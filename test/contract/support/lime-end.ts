/** Lime's side of a test hub: events in through `/v1/events`, everything Lime-bound pulled from `/v1/outbound`. */
import { call, postEvents, type TestHub } from '../../support/hub.ts';

export type PulledEvent = { id: string; type: string; data: Record<string, unknown> };

export type LimeEnd = {
  send(events: unknown[]): Promise<void>;
  /** Every event pulled so far, the new ones fetched now. */
  pulled(): Promise<PulledEvent[]>;
};

export function limeEnd(hub: TestHub, apiKey: string): LimeEnd {
  const seen: PulledEvent[] = [];
  let cursor = '';
  return {
    async send(events) {
      const answer = await postEvents(hub, apiKey, events);
      if (answer.status !== 200)
        throw new Error(`events refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    },
    async pulled() {
      for (;;) {
        const page = await call<{ events: PulledEvent[]; cursor: string }>(
          hub.url,
          'GET',
          `/v1/outbound?limit=500${cursor ? `&after=${cursor}` : ''}`,
          { token: apiKey },
        );
        seen.push(...page.body.events);
        cursor = page.body.cursor;
        if (page.body.events.length < 500) return [...seen];
      }
    },
  };
}
