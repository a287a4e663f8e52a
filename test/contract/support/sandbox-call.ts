import { call } from '../../support/hub.ts';
import type { CrmUnderTest } from './crm-under-test.ts';

/** One call to a sandbox's control API (`/_sandbox/...`: JSON, no auth, never rate limited). */
export async function sandboxCall<T>(
  crm: CrmUnderTest,
  method: 'GET' | 'POST',
  path: string,
  json?: unknown,
) {
  const answer = await call<T>(
    crm.sandboxUrl(),
    method,
    `/_sandbox${path}`,
    json === undefined ? {} : { json },
  );
  if (answer.status >= 300)
    throw new Error(`sandbox ${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
