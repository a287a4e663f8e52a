/** Wall clock with a test-controlled offset: entity timestamps, token and code lifetimes use it. */
export interface Clock {
  nowMs(): number;
  nowSec(): number;
  advance(seconds: number): void;
}

export function createClock(): Clock {
  let offsetMs = 0;
  const nowMs = () => Date.now() + offsetMs;
  return {
    nowMs,
    nowSec: () => Math.floor(nowMs() / 1000),
    advance: (seconds) => {
      offsetMs += seconds * 1000;
    },
  };
}
