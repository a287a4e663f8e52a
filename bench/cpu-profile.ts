/**
 * Reads a V8 `.cpuprofile` (written by `node --cpu-prof`) and says where the time went inside a time
 * window: self time by package or source folder, and time with a given function anywhere on the stack.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type CallFrame = { readonly functionName: string; readonly url: string; readonly lineNumber?: number };
type ProfileNode = {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
};
export type CpuProfile = {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
};

export type Share = { readonly name: string; readonly ms: number; readonly share: number };
export type ProfileSummary = {
  readonly totalMs: number;
  readonly selfByCategory: readonly Share[];
  /** Self time by function (`name file:line`). */
  readonly selfByFunction: readonly Share[];
  /** Time with a matching frame anywhere on the stack (overlapping: these do not add up). */
  readonly inclusive: readonly Share[];
};

/** Stack predicates for the inclusive figures: a name and a test on one frame. */
export type StackProbe = { readonly name: string; readonly matches: (frame: CallFrame) => boolean };

export function readProfile(dir: string): CpuProfile {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
}

/** `window` in microseconds of the monotonic clock (`process.hrtime`), as V8 stamps samples on Linux. */
export function summarize(
  profile: CpuProfile,
  probes: readonly StackProbe[],
  window?: { readonly fromUs: number; readonly toUs: number },
): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const self = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalUs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    const node = byId.get(id);
    if (!node) return;
    totalUs += delta;
    add(self, categoryOf(node.callFrame), delta);
    add(selfByFunction, functionOf(node.callFrame), delta);
    const stack = stackOf(id, byId, parents);
    for (const probe of probes) if (stack.some(probe.matches)) add(inclusive, probe.name, delta);
  });
  const shares = (map: Map<string, number>) =>
    [...map]
      .map(([name, us]) => ({ name, ms: us / 1000, share: totalUs > 0 ? us / totalUs : 0 }))
      .sort((a, b) => b.ms - a.ms);
  return {
    totalMs: totalUs / 1000,
    selfByCategory: shares(self),
    selfByFunction: shares(selfByFunction),
    inclusive: shares(inclusive),
  };
}

function stackOf(id: number, byId: Map<number, ProfileNode>, parents: Map<number, number>): CallFrame[] {
  const frames: CallFrame[] = [];
  for (let current: number | undefined = id; current !== undefined; current = parents.get(current)) {
    const node = byId.get(current);
    if (node) frames.push(node.callFrame);
  }
  return frames;
}

function add(map: Map<string, number>, key: string, us: number) {
  map.set(key, (map.get(key) ?? 0) + us);
}

function functionOf(frame: CallFrame): string {
  const file = frame.url.slice(frame.url.lastIndexOf('/') + 1);
  const where = file ? ` ${categoryOf(frame)}/${file}:${(frame.lineNumber ?? 0) + 1}` : '';
  return `${frame.functionName || '(anonymous)'}${where}`;
}

/** `node_modules/<package>`, `src/<folder>`, `node:` core, or the V8 pseudo-frames and builtins. */
export function categoryOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName.startsWith('(')) return functionName;
    if (/^(parse|stringify)$/.test(functionName)) return 'JSON (builtin)';
    return 'V8 builtins / native';
  }
  if (url.startsWith('node:')) return 'node core';
  const modules = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (modules?.[1]) return modules[1];
  const source = /\/(src|sandbox|bench|test)\/([^/]+)/.exec(url);
  if (source) return `${source[1]}/${source[2]}`;
  return 'other';
}
