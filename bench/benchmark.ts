/**
 * The shape every benchmark in `bench/` has. A benchmark is a file `bench/<name>.bench.ts` exporting
 * `benchmark`; `bench/run.ts` finds it, runs it and puts its markdown between
 * `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->` in docs/benchmarks.md.
 */
import type { Machine } from './machine.ts';

export type BenchContext = {
  readonly machine: Machine;
  /**
   * Options other than the runner's own, each benchmark reads its own: `--quick` → `quick: true`,
   * `--baseline=<dir>` → `baseline: '<dir>'`.
   */
  readonly flags: ReadonlyMap<string, string | true>;
  log(line: string): void;
};

export type BenchReport = {
  /** The section's markdown, without the markers (the runner adds them). */
  readonly markdown: string;
};

export type Benchmark = {
  readonly name: string;
  readonly description: string;
  run(context: BenchContext): Promise<BenchReport>;
};
