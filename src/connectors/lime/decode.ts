import { z } from 'zod';
import { err, ok, type Result } from '../../core/result.ts';
import {
  EVENT_DATA,
  instant,
  LIME_EVENT_TYPES,
  type LimeEvent,
  limeId,
  MAX_EVENTS_PER_REQUEST,
} from './wire.ts';

export type FieldProblem = { readonly path: string; readonly message: string };

const Envelope = z.object({
  id: limeId,
  type: z.enum(LIME_EVENT_TYPES as [string, ...string[]], {
    error: () => `must be one of ${LIME_EVENT_TYPES.join(', ')}`,
  }),
  occurredAt: instant,
  data: z.record(z.string(), z.unknown()),
});

/** Validates a whole `POST /v1/events` body; every problem of every event is reported, nothing partial. */
export function decodeEventBatch(body: unknown): Result<LimeEvent[], FieldProblem[]> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return err([{ path: '', message: 'the body must be a JSON object {"events": [...]}' }]);
  }
  const events = (body as { events?: unknown }).events;
  if (!Array.isArray(events)) return err([{ path: 'events', message: 'must be an array of events' }]);
  if (events.length === 0 || events.length > MAX_EVENTS_PER_REQUEST) {
    return err([
      { path: 'events', message: `must hold 1 to ${MAX_EVENTS_PER_REQUEST} events, got ${events.length}` },
    ]);
  }
  const decoded: LimeEvent[] = [];
  const problems: FieldProblem[] = [];
  events.forEach((raw, index) => {
    const result = decodeEvent(raw, `events[${index}]`);
    if (result.ok) decoded.push(result.value);
    else problems.push(...result.error);
  });
  return problems.length > 0 ? err(problems) : ok(decoded);
}

/** The envelope and the data are checked independently, so one answer lists every problem. */
export function decodeEvent(raw: unknown, at: string): Result<LimeEvent, FieldProblem[]> {
  const envelope = Envelope.safeParse(raw);
  const problems = envelope.success ? [] : toProblems(envelope.error, at);
  const record = (typeof raw === 'object' && raw !== null ? raw : {}) as { type?: unknown; data?: unknown };
  const schema =
    typeof record.type === 'string' ? EVENT_DATA[record.type as keyof typeof EVENT_DATA] : undefined;
  const isObject = typeof record.data === 'object' && record.data !== null && !Array.isArray(record.data);
  const parsed = schema && isObject ? schema.safeParse(record.data) : undefined;
  if (parsed && !parsed.success) problems.push(...toProblems(parsed.error, `${at}.data`));
  if (!envelope.success || !parsed?.success) return err(problems);
  const { id, type, occurredAt } = envelope.data;
  return ok({ id, type, occurredAt, data: parsed.data } as LimeEvent);
}

export function toProblems(error: z.ZodError, prefix: string): FieldProblem[] {
  return error.issues.map((issue) => ({ path: joinPath(prefix, issue.path), message: issue.message }));
}

/** `['events', 3, 'data', 'phone']` → `events[3].data.phone`. */
export function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text ? `${text}.${String(key)}` : String(key);
  }, prefix);
}
