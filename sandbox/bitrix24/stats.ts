// Counters exposed by GET /_sandbox/stats.

export interface BitrixStats {
  requests: number;
  byMethod: Record<string, number>;
  batchCommands: number;
  status: Record<string, number>;
  queryLimitExceeded: number;
  operationTimeLimit: number;
  maxBucketLevel: number;
  events: { sent: number; failed: number; dropped: number; duplicated: number };
  oauth: { codeExchanges: number; refreshes: number; refreshFailures: number };
}

export function emptyStats(): BitrixStats {
  return {
    requests: 0,
    byMethod: {},
    batchCommands: 0,
    status: {},
    queryLimitExceeded: 0,
    operationTimeLimit: 0,
    maxBucketLevel: 0,
    events: { sent: 0, failed: 0, dropped: 0, duplicated: 0 },
    oauth: { codeExchanges: 0, refreshes: 0, refreshFailures: 0 },
  };
}

export function countMethod(stats: BitrixStats, method: string): void {
  stats.byMethod[method] = (stats.byMethod[method] ?? 0) + 1;
}

export function countStatus(stats: BitrixStats, status: number): void {
  const key = String(status);
  stats.status[key] = (stats.status[key] ?? 0) + 1;
}

export function snapshotStats(stats: BitrixStats): BitrixStats {
  return structuredClone(stats);
}
