/** The markdown of the CRM benchmark's section of docs/benchmarks.md. */
import type { CrmLimits } from '../src/connectors/contract.ts';
import type { Engine } from '../test/support/databases.ts';
import type { CrmPlan } from './crm-bulk.bench.ts';
import { CRM_FINDINGS } from './crm-findings.ts';
import { BATCH, type BulkResult, type SteadyResult } from './crm-load.ts';
import type { CrmName, Published } from './crm-rig.ts';
import { type Machine, machineLine } from './machine.ts';

export type CrmRow = {
  readonly crm: CrmName;
  readonly engine: Engine;
  /** Which checkout's hub ran: 'this tree' or the baseline's label. */
  readonly hub: string;
  readonly limiter: CrmLimits;
  readonly published: Published;
  readonly setupRequests: number;
  readonly adults: number;
  readonly transactions: number;
  readonly products: number;
  /** Events whose phone/e-mail the hub refuses (left out), and events dropped. */
  readonly cleaned: number;
  readonly dropped: number;
  readonly bulk: BulkResult;
  readonly steady: SteadyResult | null;
};

export type CrmReportInput = {
  readonly machine: Machine;
  readonly plan: CrmPlan;
  readonly rows: readonly CrmRow[];
  readonly mix: string;
  readonly loadAtEnd: string;
};

const TARGET_RATIO = 1.15;
const TARGET_PER_CHANGE = 0.05;

/** Seconds the published limit needs for `requests` (Bitrix24: the bucket's first `free` go at once). */
export function boundSeconds(requests: number, published: Published): number {
  return Math.max(0, requests - published.free) / published.perSecond;
}

/** The fewest requests that can carry the load: every contact once, every note once, full batches. */
export function idealRequests(row: CrmRow): number {
  const { limiter } = row;
  return (
    Math.ceil(row.adults / limiter.contactsPerRequest) +
    Math.ceil(row.bulk.verdict.expectedNotes / limiter.notesPerRequest) +
    Math.ceil(row.products / limiter.productsPerRequest)
  );
}

export function renderCrmBench(input: CrmReportInput): string {
  const { machine, plan, rows } = input;
  const lines = [
    '## CRM bulk load and steady state — amoCRM, Bitrix24 (`bench/crm-bulk.bench.ts`)',
    '',
    `Measured ${machineLine(machine)}; load average at the end ${input.loadAtEnd}.`,
    'The machine is shared with other engineers’ jobs: compare rows of one run, read ratios.',
    '',
    setupText(plan),
    '',
    '### Bulk load',
    '',
    '| CRM | engine | hub | adults / transactions / notes | seconds | posting s | CRM requests | per client | 429 / 503 | peak | bound s | **time ÷ bound** | fewest requests (bound s) | mean request ms | CRM right |',
    '|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(bulkLine),
    '',
    'Bound = CRM requests ÷ the published rate (Bitrix24: the first 50 free, then 2/s). Peak: amoCRM’s most',
    'requests in any sliding second (limit 7); Bitrix24’s fullest bucket (limit 50). Fewest requests: every',
    'contact written once and every note once, in full batches — the floor for any hub.',
    `Targets (amoCRM issue): time ≤ ${TARGET_RATIO} × bound, zero 429, ≤ ${TARGET_PER_CHANGE} requests per steady-state change.`,
    '',
    '### Where the requests went (bulk)',
    '',
    '| CRM | hub | requests by route / method |',
    '|---|---|---|',
    ...rows.map((row) => `| ${row.crm} | ${row.hub} | ${routes(row.bulk.delta.byRoute)} |`),
    '',
    '### Timeline (bulk)',
    '',
    '| CRM | hub | first CRM request s | posting done s | last CRM request s | all shown s | requests/s while writing | limiter rate |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(timelineLine),
    '',
  ];
  const steady = rows.filter((row) => row.steady);
  if (steady.length > 0) {
    lines.push(
      '### Steady state',
      '',
      `${plan.steadyRate} changes/s for ${plan.steadySeconds} s, posted every ${plan.tickMs} ms, right after the bulk load`,
      `converged (${input.mix}). Requests are every CRM request from the first change until the CRM shows the`,
      'last one (polls included); lag is from the last change’s acknowledgement to that moment.',
      '',
      '| CRM | engine | hub | changes | CRM requests | **per change** | lag s | 429 / 503 | CRM right | requests by route |',
      '|---|---|---|---:|---:|---:|---:|---:|---|---|',
      ...steady.map(steadyLine),
      '',
    );
  }
  lines.push(...CRM_FINDINGS);
  return lines.join('\n');
}

function setupText(plan: CrmPlan): string {
  return [
    'Each row: the CRM’s sandbox in the benchmark process at its default (published) limits; the hub as its',
    'own process (`node src/cli/main.ts serve`, LOG_LEVEL=warn, 4 workers) so the sandbox, the load and the',
    'checks do not share its event loop; a tenant and a connection made and set up through the admin API',
    'with default options (3 s flush delay, 60 s polls). The venue is `buildVenue({ seed: 1, clients:',
    `${plan.clients.toLocaleString('en')}, transactionsPerClient: ${plan.transactionsPerClient} })`,
    `posted in batches of ${BATCH}, one in flight (in order, as Lime sends a backlog). “Seconds” runs from the`,
    'first POST until the hub owes nothing and a full read of the CRM shows one contact per adult with the',
    'right card (transaction lines, newest line, visits, children) and every note on its contact.',
  ].join('\n');
}

function bulkLine(row: CrmRow): string {
  const { bulk } = row;
  const bound = boundSeconds(bulk.delta.requests, row.published);
  const ideal = idealRequests(row);
  const v = bulk.verdict;
  return cells([
    row.crm,
    row.engine,
    row.hub,
    `${row.adults} / ${row.transactions} / ${v.expectedNotes}`,
    bulk.seconds.toFixed(1),
    bulk.ingestSeconds.toFixed(1),
    String(bulk.delta.requests),
    (bulk.delta.requests / row.adults).toFixed(4),
    String(bulk.delta.throttled),
    String(bulk.delta.peak),
    bound.toFixed(1),
    `**${(bulk.seconds / bound).toFixed(2)}**`,
    `${ideal} (${boundSeconds(ideal, row.published).toFixed(1)})`,
    bulk.latencyMs.toFixed(0),
    verdictText(v),
  ]);
}

function timelineLine(row: CrmRow): string {
  const { bulk } = row;
  const writing = bulk.lastRequestAt - bulk.firstRequestAt;
  return cells([
    row.crm,
    row.hub,
    bulk.firstRequestAt.toFixed(1),
    bulk.ingestSeconds.toFixed(1),
    bulk.lastRequestAt.toFixed(1),
    bulk.seconds.toFixed(1),
    writing > 0 ? (bulk.delta.requests / writing).toFixed(2) : '—',
    `${row.limiter.requestsPerSecond}/s, burst ${row.limiter.burst}`,
  ]);
}

function steadyLine(row: CrmRow): string {
  const steady = row.steady as SteadyResult;
  return cells([
    row.crm,
    row.engine,
    row.hub,
    String(steady.changes),
    String(steady.delta.requests),
    `**${(steady.delta.requests / steady.changes).toFixed(4)}**`,
    steady.lagSeconds.toFixed(1),
    String(steady.delta.throttled),
    verdictText(steady.verdict),
    routes(steady.delta.byRoute),
  ]);
}

function verdictText(v: BulkResult['verdict']): string {
  const wrong = [
    v.missing > 0 ? `${v.missing} missing` : '',
    v.duplicated > 0 ? `${v.duplicated} duplicated` : '',
    v.childContacts > 0 ? `${v.childContacts} child contacts` : '',
    v.wrongCards > 0 ? `${v.wrongCards} wrong cards` : '',
    v.wrongNoteCounts > 0 ? `${v.wrongNoteCounts} wrong note counts` : '',
  ].filter(Boolean);
  return wrong.length === 0
    ? `yes (${v.contacts} contacts, ${v.notes} notes)`
    : `**no**: ${wrong.join(', ')}`;
}

function routes(byRoute: Readonly<Record<string, number>>): string {
  return Object.entries(byRoute)
    .sort((a, b) => b[1] - a[1])
    .map(([route, n]) => `${route.replace(/^\/api\/v4/, '')} ${n}`)
    .join(' · ')
    .replaceAll('|', '\\|');
}

const cells = (values: readonly string[]) => `| ${values.join(' | ')} |`;
