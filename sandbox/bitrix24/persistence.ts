// Optional state file: loaded at start, written (debounced, atomically) after changes.

import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PortalState } from './state.ts';

export function loadState(file: string | undefined): PortalState | null {
  if (!file || !existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as PortalState;
  return parsed.version === 1 ? parsed : null;
}

export interface Persister {
  schedule(): void;
  flush(): Promise<void>;
}

export function createPersister(
  file: string | undefined,
  state: () => PortalState,
  debounceMs: number,
): Persister {
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  const write = async (): Promise<void> => {
    if (!file) return;
    const text = JSON.stringify(state());
    const temp = `${file}.${process.pid}.tmp`;
    await mkdir(dirname(file), { recursive: true });
    await writeFile(temp, text);
    await rename(temp, file);
  };

  const run = (): Promise<void> => {
    timer = null;
    writing = writing.then(write).catch((error: unknown) => {
      console.error('[bitrix24 sandbox] cannot persist state', error);
    });
    return writing;
  };

  return {
    schedule() {
      if (!file || timer) return;
      timer = setTimeout(() => void run(), debounceMs);
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        await run();
      }
      await writing;
    },
  };
}
