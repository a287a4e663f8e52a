/** The ingest benchmark's section of docs/benchmarks.md. */
import type { Engine } from '../test/support/databases.ts';
import type { AbRow } from './ingest-ab.ts';
import { INGEST_FINDINGS } from './ingest-findings.ts';
import type { IngestProfile } from './ingest-profile.ts';
import { loadNow, type Machine, machineLine } from './machine.ts';

export type ScenarioResult = {
  readonly engine: Engine;
  readonly batch: number;
  readonly events: number;
  readonly requests: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly peakRssMb: number;
  readonly failures: readonly string[];
};

export type IngestReportInput = {
  readonly machine: Machine;
  readonly results: readonly ScenarioResult[];
  readonly connections: number;
  readonly mix: string;
  readonly profile: IngestProfile | null;
  readonly ab: { readonly label: string; readonly rows: readonly AbRow[] } | null;
};

const TARGET = 5_000;

export function renderIngest(input: IngestReportInput): string {
  const lines = [
    '## Ingest — `POST /v1/events` (`bench/ingest.bench.ts`)',
    '',
    `Measured ${machineLine(input.machine)}; load average at the end ${loadNow()}.`,
    'The machine is shared with other engineers’ jobs, so absolute figures move between runs: compare the',
    'rows of one run with each other.',
    '',
    `The hub runs as its own process (\`node src/cli/main.ts serve\`, LOG_LEVEL=warn, no CRM connection),`,
    'restarted on an already created database so that start-up is not measured; the load comes from the',
    `benchmark process over ${input.connections} keep-alive connections (undici), bodies serialised beforehand,`,
    `after a warm-up of 2,000 events. Events from \`generateVenue({ seed: 1 })\`: ${input.mix}.`,
    'Each row is a fresh tenant on the same hub and database (later rows write into bigger tables); a row',
    'stops when its events run out or its time is up. RSS is the hub’s',
    'resident set sampled every 100 ms during the row (PGlite’s WebAssembly heap never shrinks, so its',
    'figures only grow from row to row).',
    '',
    '| engine | batch | events | requests | seconds | events/s | p50 ack ms | p99 ack ms | peak RSS MB |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...input.results.map(
      (r) =>
        `| ${r.engine} | ${r.batch} | ${r.events} | ${r.requests} | ${r.seconds.toFixed(1)} | ` +
        `**${Math.round(r.eventsPerSecond)}** | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} | ${r.peakRssMb} |`,
    ),
    '',
    targetLine(input),
    ...failureLines(input.results),
  ];
  lines.push('', ...INGEST_FINDINGS);
  if (input.ab) lines.push('', ...abLines(input.ab.label, input.ab.rows));
  if (input.profile) lines.push('', ...profileLines(input.profile));
  return lines.join('\n');
}

function targetLine(input: IngestReportInput): string {
  const row = input.results.find((r) => r.engine === 'postgres' && r.batch === 500);
  if (!row) return '';
  const verdict = row.eventsPerSecond >= TARGET ? 'reached' : 'not reached';
  const others = [
    input.profile
      ? `${Math.round(input.profile.cpuEventsPerSecond)} events/s in the profile run (fresh database)`
      : '',
    ...(input.ab?.rows ?? [])
      .filter((r) => r.engine === 'postgres')
      .map(
        (r) => `${Math.round(Math.max(...r.currentPerSecond))} events/s at best in the before/after rounds`,
      ),
  ].filter(Boolean);
  return (
    `Target ≥ ${TARGET.toLocaleString('en')} events/s on PostgreSQL with batches of 500: **${verdict}** in the table ` +
    `(${Math.round(row.eventsPerSecond)} events/s)${others.length > 0 ? `; ${others.join('; ')}` : ''}.`
  );
}

function failureLines(results: readonly ScenarioResult[]): string[] {
  const failed = results.filter((r) => r.failures.length > 0);
  return failed.map((r) => `Non-200 answers (${r.engine}, batch ${r.batch}): ${r.failures.join(' | ')}`);
}

function profileLines(profile: IngestProfile): string[] {
  const { steps, cpu } = profile;
  const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
  return [
    '### Where the time goes (PostgreSQL, batches of 500)',
    '',
    `In-process, per batch (mean of ${steps.batches} batches after one warm-up batch, no HTTP):`,
    '',
    '| step | ms per batch |',
    '|---|---:|',
    `| \`JSON.parse\` of the body | ${steps.parseMs.toFixed(1)} |`,
    `| validation (\`decodeEventBatch\`) | ${steps.decodeMs.toFixed(1)} |`,
    `| ingest transaction (\`ingestEvents\`) | ${steps.ingestMs.toFixed(1)} |`,
    `| — of which waiting on PostgreSQL (${steps.statementsPerBatch.toFixed(0)} statements) | ${steps.sqlMs.toFixed(1)} |`,
    '',
    'Statements per batch:',
    '',
    '| statement (start) | per batch | parameters each |',
    '|---|---:|---:|',
    ...steps.statements.map((s) => `| \`${s.sql}\` | ${s.perBatch.toFixed(1)} | ${s.params.toFixed(0)} |`),
    '',
    `CPU profile of the hub process during a batch-500 run (${Math.round(profile.cpuEventsPerSecond)} events/s,`,
    `${(cpu.totalMs / 1000).toFixed(1)} s sampled), self time by package or source folder (top 12):`,
    '',
    '| where | share |',
    '|---|---:|',
    ...cpu.selfByCategory.slice(0, 12).map((s) => `| ${s.name} | ${pct(s.share)} |`),
    '',
    'Top functions by self time (a C++ builtin such as `JSON.stringify` counts in the function calling it):',
    '',
    '| function | share |',
    '|---|---:|',
    ...cpu.selfByFunction.slice(0, 10).map((s) => `| \`${s.name}\` | ${pct(s.share)} |`),
    '',
    'Time with these on the stack (overlapping):',
    '',
    ...cpu.inclusive.map((s) => `- ${s.name}: ${pct(s.share)}`),
  ];
}

function abLines(label: string, rows: readonly AbRow[]): string[] {
  const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
  const list = (values: readonly number[]) => values.map((v) => Math.round(v)).join(', ');
  return [
    `### Before / after: ${label}`,
    '',
    'Batch 500, both hubs running side by side (fresh databases), three 12-second rounds alternating',
    'between them, so both see the same load; read the ratio.',
    '',
    '| engine | baseline events/s (rounds) | this tree events/s (rounds) | ratio of medians | p50 ack ms, baseline → this tree |',
    '|---|---|---|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.engine} | ${list(r.baselinePerSecond)} | ${list(r.currentPerSecond)} | ` +
        `**${(median(r.currentPerSecond) / median(r.baselinePerSecond)).toFixed(2)}×** | ` +
        `${r.baselineP50Ms.toFixed(0)} → ${r.currentP50Ms.toFixed(0)} |`,
    ),
  ];
}
