/** One button's call to the admin API: busy while it runs, the error kept for display. */
import { useCallback, useRef, useState } from 'react';
import type { ApiFailure } from '../api/client.ts';
import { asFailure } from './use-api.ts';

export type Action<A extends unknown[], T> = {
  readonly run: (...args: A) => Promise<T | undefined>;
  readonly busy: boolean;
  readonly error: ApiFailure | null;
  readonly clearError: () => void;
};

export function useAction<A extends unknown[], T>(perform: (...args: A) => Promise<T>): Action<A, T> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const performRef = useRef(perform);
  performRef.current = perform;
  const run = useCallback(async (...args: A) => {
    setBusy(true);
    setError(null);
    try {
      return await performRef.current(...args);
    } catch (cause) {
      setError(asFailure(cause));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { run, busy, error, clearError };
}
