/**
 * A connector's stored setup result (`conn.schema`), validated at the start of every call: without
 * it (setup not run, or run by an older version) nothing but setup and auth can work.
 */
import type { z } from 'zod';
import { err, ok } from '../../core/result.ts';
import type { Conn, CrmResult } from '../contract.ts';

export const SETUP_MISSING = 'setup has not been run';

export function readConnectorSchema<T>(conn: Conn, schema: z.ZodType<T>): CrmResult<T> {
  if (conn.schema === null || conn.schema === undefined)
    return err({ kind: 'rejected', detail: SETUP_MISSING });
  const parsed = schema.safeParse(conn.schema);
  if (!parsed.success) {
    return err({
      kind: 'rejected',
      detail: `${SETUP_MISSING} with this version (the stored schema is outdated)`,
    });
  }
  return ok(parsed.data);
}
