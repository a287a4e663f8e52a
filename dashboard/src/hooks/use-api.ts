/** Loads one admin API resource, optionally re-polling it; keeps the last good data while a reload runs. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiFailure } from '../api/client.ts';

export type ApiState<T> = {
  readonly data: T | undefined;
  readonly error: ApiFailure | null;
  readonly loading: boolean;
  readonly reload: () => Promise<void>;
};

export function useApi<T>(
  load: (() => Promise<T>) | null,
  deps: readonly unknown[],
  pollMs?: number,
): ApiState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [loading, setLoading] = useState(load !== null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const current = loadRef.current;
    if (!current) return;
    const mine = ++generation.current;
    try {
      const value = await current();
      if (mine !== generation.current) return;
      setData(value);
      setError(null);
    } catch (cause) {
      if (mine !== generation.current) return;
      setError(asFailure(cause));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    setData(undefined);
    setError(null);
    setLoading(loadRef.current !== null);
    void reload();
    if (!pollMs) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') void reload();
    }, pollMs);
    return () => window.clearInterval(timer);
  }, [...deps, pollMs, reload]);

  return { data, error, loading, reload };
}

export function asFailure(cause: unknown): ApiFailure {
  if (cause instanceof ApiFailure) return cause;
  return new ApiFailure('internal', cause instanceof Error ? cause.message : String(cause), 0);
}
