/** What a figure was measured on: shared 2-core machines make absolute numbers move, so say it. */
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export type Machine = {
  readonly cpu: string;
  readonly cores: number;
  readonly ramGiB: number;
  readonly node: string;
  readonly date: string;
  readonly loadAtStart: readonly number[];
};

export function describeMachine(now = new Date()): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    date: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    loadAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

export function machineLine(machine: Machine): string {
  return (
    `${machine.date} · ${machine.cpu} · ${machine.cores} cores · ${machine.ramGiB} GiB RAM · ` +
    `Node ${machine.node} · load average at start ${machine.loadAtStart.join(' / ')} (1 / 5 / 15 min)`
  );
}

/** The load average now, for "load at the end" lines. */
export function loadNow(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');
}
