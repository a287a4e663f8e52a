/** `POST /lime/control` for the dashboard demo: start or stop the day, change the pace and the knobs. */
import { z } from 'zod';
import type { Pace } from './day-player.ts';

export interface ControlTargets<K extends object> {
  setPace: (pace: Partial<Pace>) => void;
  setKnobs: (knobs: Partial<K>) => void;
  start: () => void;
  stop: () => void;
  running: () => boolean;
  knownKnobs: K;
}

const controlBody = z.object({
  running: z.boolean().optional(),
  pace: z
    .object({
      eventsPerSecond: z.number().min(0).max(100_000),
      batchSize: z.int().min(1).max(500),
      speed: z.number().positive().max(100_000),
    })
    .partial()
    .optional(),
  knobs: z.record(z.string(), z.union([z.number(), z.boolean()])).optional(),
});

/** Applies `{"running"?, "pace"?, "knobs"?}`; unknown knob names are ignored. */
export function control<K extends object>(
  body: unknown,
  targets: ControlTargets<K>,
): { status: number; body: unknown } {
  const parsed = controlBody.safeParse(body ?? {});
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }));
    return {
      status: 400,
      body: { error: { code: 'invalid_control', message: 'invalid control request', details } },
    };
  }
  const request = parsed.data;
  if (request.pace) targets.setPace(request.pace);
  if (request.knobs) {
    const known = Object.entries(request.knobs).filter(([key]) => key in targets.knownKnobs);
    targets.setKnobs(Object.fromEntries(known) as Partial<K>);
  }
  if (request.running === true) targets.start();
  if (request.running === false) targets.stop();
  return { status: 200, body: { running: targets.running() } };
}
