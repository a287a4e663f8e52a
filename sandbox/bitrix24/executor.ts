// Runs one REST method (top-level or inside batch): lookup, auth-type check, operating limit,
// timing, error mapping. Produces the `time` block of the envelope.

import { performance } from 'node:perf_hooks';
import { BxError, systemErrors } from './errors.ts';
import type { Params } from './php.ts';
import type { ChangeOrigin, MethodResult, MethodTable, Portal, Principal } from './portal.ts';
import type { OperatingLimiter } from './rate-limit.ts';
import { countMethod } from './stats.ts';

export interface TimeBlock {
  start: number;
  finish: number;
  duration: number;
  processing: number;
  date_start: string;
  date_finish: string;
  operating_reset_at: number;
  operating: number;
}

export type CallOutcome = { ok: true; value: MethodResult; time: TimeBlock } | { ok: false; error: BxError };

export interface Executor {
  run(
    method: string,
    params: Params,
    principal: Principal,
    origin: ChangeOrigin,
    inBatch: boolean,
  ): CallOutcome;
}

export function timeBlock(
  portal: Portal,
  startMs: number,
  processingSec: number,
  operating: number,
  resetAt: number,
) {
  const finishMs = startMs + processingSec * 1000;
  return {
    start: startMs / 1000,
    finish: finishMs / 1000,
    duration: processingSec,
    processing: processingSec,
    date_start: portal.codec.dates.formatDateTime(startMs),
    date_finish: portal.codec.dates.formatDateTime(finishMs),
    operating_reset_at: resetAt,
    operating,
  };
}

function toBxError(error: unknown): BxError {
  if (error instanceof BxError) return error;
  // A bug in the emulator: surface it like the portal's generic failure, and keep the trace visible.
  console.error('[bitrix24 sandbox] unexpected error', error);
  return systemErrors.internal();
}

export function createExecutor(
  portal: () => Portal,
  methods: MethodTable,
  limiter: OperatingLimiter,
): Executor {
  return {
    run(method, params, principal, origin, inBatch) {
      const current = portal();
      countMethod(current.stats, method);
      const def = methods[method];
      if (!def) return { ok: false, error: systemErrors.methodNotFound() };
      if (inBatch && def.notInBatch) return { ok: false, error: systemErrors.batchNotAllowed() };
      if (def.appOnly && principal.kind !== 'oauth')
        return { ok: false, error: systemErrors.wrongAuthType() };
      const key = `${principal.key}|${method}`;
      const startMs = current.now();
      if (
        current.knobs.operatingLimitSec > 0 &&
        limiter.blocked(key, startMs, current.knobs.operatingLimitSec)
      ) {
        current.stats.operationTimeLimit += 1;
        return { ok: false, error: systemErrors.operationTimeLimit() };
      }
      const began = performance.now();
      let outcome: { ok: true; value: MethodResult } | { ok: false; error: BxError };
      try {
        outcome = { ok: true, value: def.run({ portal: current, params, principal, origin, method }) };
      } catch (error) {
        outcome = { ok: false, error: toBxError(error) };
      }
      const processing = (performance.now() - began) / 1000;
      const cost =
        current.knobs.operatingCostByMethod[method] ?? (current.knobs.operatingCostSec || processing);
      const snapshot = limiter.add(key, startMs, cost);
      if (!outcome.ok) return outcome;
      return {
        ok: true,
        value: outcome.value,
        time: timeBlock(current, startMs, processing, snapshot.operating, snapshot.resetAt),
      };
    },
  };
}
