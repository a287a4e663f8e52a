// `batch`: up to 50 sequential sub-calls, `$result[key][...]` references, halt, and PHP-shaped maps.

import qs from 'qs';
import { systemErrors } from './errors.ts';
import type { Executor } from './executor.ts';
import { isPhpArray, isRecord, type Params, phpArray, phpEntries, phpInt, phpString, yn } from './php.ts';
import type { ChangeOrigin, Portal, Principal } from './portal.ts';

export const MAX_BATCH = 50;

/** PHP parse_str-compatible options for `method?query` strings and form bodies. */
export const QS_OPTIONS = { depth: 20, arrayLimit: 10_000, parameterLimit: 100_000 } as const;

type ResultMaps = Record<'result' | 'next' | 'total' | 'time' | 'error', Record<string, unknown>>;

const REFERENCE = /\$(result|next|total|time|error)([^\s]*)/gi;

/**
 * CRestUtil::processBatchElement. A value that *is* a reference becomes the referenced value
 * (int, array…); an embedded reference is replaced only by a string or a number. A path that does
 * not resolve stops at the deepest existing node, which is injected as is.
 */
export function substitute(value: string, maps: ResultMaps): unknown {
  let out: unknown = value;
  for (const match of value.matchAll(REFERENCE)) {
    const [whole, root = '', path = ''] = match;
    const keys = [...path.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1] as string);
    if (keys.length === 0) continue;
    let node: unknown = maps[root as keyof ResultMaps];
    for (const key of keys) {
      const next = isPhpArray(node) ? (node as Record<string, unknown>)[key] : undefined;
      if (next === undefined || next === null) break;
      node = next;
    }
    if (whole === value) return node;
    if (typeof out !== 'string') continue;
    const replacement = typeof node === 'number' ? String(node) : node;
    if (typeof replacement !== 'string') continue;
    out = out.split(whole).join(replacement);
  }
  return out;
}

function substituteAll(params: unknown, maps: ResultMaps): unknown {
  if (typeof params === 'string') return substitute(params, maps);
  if (Array.isArray(params)) return params.map((item) => substituteAll(item, maps));
  if (isRecord(params)) {
    return Object.fromEntries(Object.entries(params).map(([key, item]) => [key, substituteAll(item, maps)]));
  }
  return params;
}

function parseCommand(command: string): { method: string; params: Params } {
  const [path = '', ...rest] = command.split('?');
  const method = path
    .trim()
    .replace(/\.json$/i, '')
    .toLowerCase();
  return { method, params: qs.parse(rest.join('?'), QS_OPTIONS) as Params };
}

export interface BatchEnv {
  portal: Portal;
  executor: Executor;
  principal: Principal;
  origin: ChangeOrigin;
}

export function runBatch(env: BatchEnv, params: Params): unknown {
  const halt = yn(params.halt) === 'Y' || phpInt(params.halt) === 1;
  const maps: ResultMaps = { result: {}, next: {}, total: {}, time: {}, error: {} };
  const order: Record<keyof ResultMaps, string[]> = { result: [], next: [], total: [], time: [], error: [] };
  const put = (map: keyof ResultMaps, key: string, value: unknown) => {
    maps[map][key] = value;
    order[map].push(key);
  };
  const commands = isPhpArray(params.cmd) ? phpEntries(params.cmd) : [];
  for (const [index, [key, raw]] of commands.entries()) {
    if (index >= MAX_BATCH) {
      put('error', key, systemErrors.batchLength().body());
      if (halt) break;
      continue;
    }
    env.portal.stats.batchCommands += 1;
    const { method, params: parsed } = parseCommand(phpString(raw));
    const subParams = substituteAll(parsed, maps) as Params;
    const connector = subParams.auth_connector ?? env.origin.authConnector;
    const origin = { ...env.origin, authConnector: phpString(connector) };
    const outcome = env.executor.run(method, subParams, env.principal, origin, true);
    if (!outcome.ok) {
      put('error', key, { error: outcome.error.code, error_description: outcome.error.message });
      if (halt) break;
      continue;
    }
    put('result', key, outcome.value.result);
    if (outcome.value.total !== undefined) put('total', key, outcome.value.total);
    if (outcome.value.next !== undefined) put('next', key, outcome.value.next);
    put('time', key, outcome.time);
  }
  const shaped = (map: keyof ResultMaps) => phpArray(order[map].map((key) => [key, maps[map][key]]));
  return {
    result: shaped('result'),
    result_error: shaped('error'),
    result_total: shaped('total'),
    result_next: shaped('next'),
    result_time: shaped('time'),
  };
}
