/**
 * Time for the simulator: a scheduler clock (real or manual, so tests control time) and the
 * venue clock that stamps events (runs `speed` times faster than the scheduler clock).
 */
export interface Clock {
  now(): number;
  /** Runs `fn` after `ms`; the returned function cancels it. */
  setTimer(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (ms, fn) => {
    const handle = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(handle);
  },
};

export interface ManualClock extends Clock {
  /** Moves time forward, firing every timer that falls due, in order. */
  advance(ms: number): void;
  pendingTimers(): number;
}

interface ManualTimer {
  due: number;
  order: number;
  fn: () => void;
}

export function createManualClock(startMs = Date.parse('2026-11-29T10:00:00+03:00')): ManualClock {
  let now = startMs;
  let order = 0;
  const timers = new Set<ManualTimer>();

  const nextDue = (limit: number): ManualTimer | undefined => {
    let best: ManualTimer | undefined;
    for (const timer of timers) {
      if (timer.due > limit) continue;
      if (!best || timer.due < best.due || (timer.due === best.due && timer.order < best.order)) best = timer;
    }
    return best;
  };

  return {
    now: () => now,
    setTimer: (ms, fn) => {
      const timer = { due: now + Math.max(0, ms), order: order++, fn };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    advance: (ms) => {
      const target = now + ms;
      for (let timer = nextDue(target); timer; timer = nextDue(target)) {
        timers.delete(timer);
        now = Math.max(now, timer.due);
        timer.fn();
      }
      now = target;
    },
    pendingTimers: () => timers.size,
  };
}

/** Timers that can all be cancelled at once (on stop or close). */
export interface TimerGroup {
  set(ms: number, fn: () => void): void;
  sleep(ms: number): Promise<void>;
  clear(): void;
}

export function createTimerGroup(clock: Clock): TimerGroup {
  const cancels = new Set<() => void>();
  const sleepers = new Set<() => void>();
  const set = (ms: number, fn: () => void): void => {
    const cancel = clock.setTimer(ms, () => {
      cancels.delete(cancel);
      fn();
    });
    cancels.add(cancel);
  };
  return {
    set,
    // A cleared sleep resolves at once, so loops waiting on it can notice they were stopped.
    sleep: (ms) =>
      new Promise((resolve) => {
        const wake = (): void => {
          sleepers.delete(wake);
          resolve();
        };
        sleepers.add(wake);
        set(ms, wake);
      }),
    clear: () => {
      for (const cancel of cancels) cancel();
      cancels.clear();
      for (const wake of [...sleepers]) wake();
    },
  };
}

/** The venue's wall clock: continuous, `speed` times the scheduler clock, never going back. */
export interface VenueClock {
  now(): number;
  speed(): number;
  setSpeed(speed: number): void;
}

export function createVenueClock(clock: Clock, startMs: number, initialSpeed = 1): VenueClock {
  let baseVenue = startMs;
  let baseClock = clock.now();
  let speed = initialSpeed;
  const now = (): number => baseVenue + (clock.now() - baseClock) * speed;
  return {
    now: () => Math.floor(now()),
    speed: () => speed,
    setSpeed: (next) => {
      baseVenue = now();
      baseClock = clock.now();
      speed = next;
    },
  };
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** RFC 3339 with the venue's UTC offset and whole seconds: `2026-11-29T14:05:00+03:00`. */
export function formatTimestamp(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The venue-local calendar date (`YYYY-MM-DD`) of an instant. */
export function localDate(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 10);
}
