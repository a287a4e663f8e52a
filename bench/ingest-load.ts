/**
 * The load side of the ingest benchmark: pre-serialised `POST /v1/events` bodies sent over a few
 * keep-alive connections until they run out or the time is up, each acknowledgement timed.
 */
import { Pool } from 'undici';

export type Body = { readonly json: string; readonly events: number };

export type LoadOptions = {
  readonly url: string;
  readonly apiKey: string;
  readonly bodies: readonly Body[];
  readonly connections: number;
  readonly maxSeconds: number;
  /** Called about every 100 ms while the load runs (memory sampling). */
  readonly onTick?: () => void;
};

export type LoadResult = {
  readonly events: number;
  readonly requests: number;
  readonly seconds: number;
  readonly latenciesMs: readonly number[];
  readonly failures: readonly string[];
};

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const pool = new Pool(options.url, { connections: options.connections, pipelining: 1 });
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  let next = 0;
  let events = 0;
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;
  const ticker = options.onTick ? setInterval(options.onTick, 100) : undefined;
  const worker = async () => {
    for (
      let body = options.bodies[next++];
      body && performance.now() < deadline;
      body = options.bodies[next++]
    ) {
      const sent = performance.now();
      const answer = await pool.request({
        path: '/v1/events',
        method: 'POST',
        headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
        body: body.json,
      });
      const text = await answer.body.text();
      latenciesMs.push(performance.now() - sent);
      if (answer.statusCode === 200) events += body.events;
      else if (failures.length < 10) failures.push(`${answer.statusCode} ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(ticker);
  await pool.close();
  return { events, requests: latenciesMs.length, seconds, latenciesMs, failures };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
