/** Writes the state file now and then and on close, one write at a time. */
import type { Logger } from 'pino';
import type { TimerGroup } from './clock.ts';
import { type SavedState, saveState } from './state-store.ts';

export interface StateSaver {
  /** Saves now (after any save in progress). */
  save(): Promise<void>;
  /** Saves every `intervalMs` until `stop()`. */
  startLoop(): void;
  stop(): void;
}

export function createStateSaver(options: {
  file: string | undefined;
  intervalMs: number;
  timers: TimerGroup;
  logger: Logger;
  snapshot: () => SavedState;
}): StateSaver {
  const { file, timers, logger } = options;
  let saving: Promise<void> = Promise.resolve();
  let stopped = false;

  // Writes share one temporary file, so they are chained, never concurrent.
  const save = (): Promise<void> => {
    if (!file) return saving;
    saving = saving.catch(() => {}).then(() => saveState(file, options.snapshot()));
    return saving;
  };

  const loop = (): void => {
    timers.set(options.intervalMs, () => {
      save()
        .catch((error: unknown) => logger.error({ err: error }, 'saving the venue state failed'))
        .finally(() => {
          if (!stopped) loop();
        });
    });
  };

  return {
    save,
    startLoop: () => {
      if (file) loop();
    },
    stop: () => {
      stopped = true;
    },
  };
}
