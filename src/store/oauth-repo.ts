import { and, eq, gt, sql } from 'drizzle-orm';
import type { DbOrTx } from './db.ts';
import { oauthStates } from './schema/index.ts';
import { newToken, type SecretBox } from './secrets.ts';

const STATE_TTL_MINUTES = 30;

export async function saveOauthState(
  db: DbOrTx,
  box: SecretBox,
  tenantId: string,
  input: unknown,
): Promise<string> {
  const state = newToken('st', 18);
  await db.insert(oauthStates).values({ state, tenantId, inputEnc: box.seal(JSON.stringify(input)) });
  return state;
}

/** Takes a state once (it cannot be replayed) if it is not older than 30 minutes. */
export async function takeOauthState(db: DbOrTx, box: SecretBox, state: string) {
  const [row] = await db
    .delete(oauthStates)
    .where(
      and(
        eq(oauthStates.state, state),
        gt(oauthStates.createdAt, sql`now() - make_interval(mins => ${STATE_TTL_MINUTES})`),
      ),
    )
    .returning();
  return row
    ? { tenantId: row.tenantId, input: JSON.parse(box.open(row.inputEnc)) as Record<string, unknown> }
    : null;
}
