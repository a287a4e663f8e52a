/**
 * `npm run bench [-- --only ingest[,other]] [--list] [--no-write] [--<benchmark option>[=<value>] …]`
 * Runs every `bench/<name>.bench.ts` (or the ones named) and writes each one's section of
 * docs/benchmarks.md. Run it with the repo's Node 24: `npx node bench/run.ts`.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Benchmark } from './benchmark.ts';
import { writeSection } from './docs-section.ts';
import { describeMachine } from './machine.ts';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const DOCS_FILE = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));

async function main(): Promise<void> {
  const { values, tokens } = parseArgs({
    options: {
      only: { type: 'string' },
      list: { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
    },
    strict: false,
    tokens: true,
  });
  const known = await loadBenchmarks();
  if (values.list) {
    for (const bench of known) process.stdout.write(`${bench.name}\t${bench.description}\n`);
    return;
  }
  const chosen = choose(known, typeof values.only === 'string' ? values.only : undefined);
  const flags = new Map(
    tokens.flatMap((token): [string, string | true][] =>
      token.kind === 'option' && !['only', 'list', 'no-write'].includes(token.name)
        ? [[token.name, token.value ?? true]]
        : [],
    ),
  );
  for (const bench of chosen) {
    const log = (line: string) => process.stdout.write(`[${bench.name}] ${line}\n`);
    log(bench.description);
    const report = await bench.run({ machine: describeMachine(), flags, log });
    process.stdout.write(`\n${report.markdown}\n\n`);
    if (values['no-write'] !== true) {
      writeSection(DOCS_FILE, bench.name, report.markdown);
      log(`written to docs/benchmarks.md`);
    }
  }
}

async function loadBenchmarks(): Promise<Benchmark[]> {
  const files = readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith('.bench.ts'))
    .sort();
  const found: Benchmark[] = [];
  for (const file of files) {
    const module: { benchmark?: Benchmark } = await import(pathToFileURL(`${BENCH_DIR}${file}`).href);
    if (!module.benchmark) throw new Error(`bench/${file} does not export \`benchmark\``);
    found.push(module.benchmark);
  }
  return found;
}

function choose(known: readonly Benchmark[], only: string | undefined): Benchmark[] {
  if (!only) return [...known];
  const names = only.split(',').map((name) => name.trim());
  const missing = names.filter((name) => !known.some((bench) => bench.name === name));
  if (missing.length > 0) {
    throw new Error(
      `no benchmark named ${missing.join(', ')} (known: ${known.map((b) => b.name).join(', ')})`,
    );
  }
  return known.filter((bench) => names.includes(bench.name));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
