/** A boolean remembered in localStorage (e.g. "the first-run explanation was dismissed"). */
import { useCallback, useState } from 'react';

export function useStoredFlag(key: string): [boolean, (value: boolean) => void] {
  const [value, setValue] = useState(() => {
    try {
      return localStorage.getItem(key) === '1';
    } catch {
      return false;
    }
  });
  const set = useCallback(
    (next: boolean) => {
      setValue(next);
      try {
        if (next) localStorage.setItem(key, '1');
        else localStorage.removeItem(key);
      } catch {
        // Private mode: remembered for this page only.
      }
    },
    [key],
  );
  return [value, set];
}
