/** A connection's options: what the operator chose, over the connector's defaults. */
import { z } from 'zod';
import type { ConnectionOptions } from '../connectors/contract.ts';
import { defaultFieldNames } from '../connectors/registry.ts';
import { PREORDER_STAGES } from '../core/sync/preorder-rules.ts';

const stageNames = z.object(
  Object.fromEntries([...PREORDER_STAGES, 'new'].map((stage) => [stage, z.string().min(1).max(100)])),
);

/** The `options` of `POST …/connections` and `PATCH /admin/v1/connections/{id}` (every key optional). */
export const ConnectionOptionsInput = z
  .object({
    fieldNames: z.record(z.string(), z.string().min(1).max(100)),
    erasure: z.enum(['delete', 'blank']),
    flows: z
      .object({ products: z.boolean(), contacts: z.boolean(), notes: z.boolean(), preorders: z.boolean() })
      .partial(),
    preorderPipeline: z.string().min(1).max(100),
    preorderStages: stageNames.partial(),
    flushDelayMs: z.number().int().min(0).max(600_000),
    pollIntervalSeconds: z.number().int().min(10).max(86_400),
  })
  .partial()
  .strict();
export type ConnectionOptionsInput = z.infer<typeof ConnectionOptionsInput>;

export const DEFAULT_PREORDER_STAGES = {
  new: 'Новый предзаказ',
  to_lime: 'Передать в Лайм',
  sent: 'Передан в Лайм',
  accepted: 'Принят в Лайме',
  won: 'Успешно реализовано',
  lost: 'Закрыто и не реализовано',
} as const;

export function resolveOptions(kind: string, stored: unknown): ConnectionOptions {
  const input = ConnectionOptionsInput.safeParse(stored ?? {});
  const given: ConnectionOptionsInput = input.success ? input.data : {};
  return {
    fieldNames: { ...defaultFieldNames(kind), ...given.fieldNames },
    erasure: given.erasure ?? 'delete',
    flows: { products: true, contacts: true, notes: true, preorders: true, ...given.flows },
    preorderPipeline: given.preorderPipeline ?? 'Предзаказы',
    preorderStages: { ...DEFAULT_PREORDER_STAGES, ...given.preorderStages },
    flushDelayMs: given.flushDelayMs ?? 3000,
    pollIntervalSeconds: given.pollIntervalSeconds ?? 60,
  };
}

/** Merges a PATCH into stored options (nested objects merge key by key). */
export function mergeOptions(stored: unknown, patch: ConnectionOptionsInput): ConnectionOptionsInput {
  const current = ConnectionOptionsInput.safeParse(stored ?? {});
  const base: ConnectionOptionsInput = current.success ? current.data : {};
  return {
    ...base,
    ...patch,
    ...(patch.fieldNames ? { fieldNames: { ...base.fieldNames, ...patch.fieldNames } } : {}),
    ...(patch.flows ? { flows: { ...base.flows, ...patch.flows } } : {}),
    ...(patch.preorderStages ? { preorderStages: { ...base.preorderStages, ...patch.preorderStages } } : {}),
  };
}
