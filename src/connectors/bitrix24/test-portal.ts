/**
 * Test support (imported only by this folder's *.test.ts): a sandbox portal on port 0, a `Conn` over
 * the real HTTP path authorised by the portal's incoming webhook, and setup already run.
 */
import {
  type BitrixSandbox,
  type BitrixSandboxOptions,
  startBitrixSandbox,
} from '../../../sandbox/bitrix24/index.ts';
import { type TestConn, testConn } from '../../../test/support/conn.ts';
import { unwrap } from '../../core/result.ts';
import type { ConnectionOptions, Json } from '../contract.ts';
import { bitrix24 } from './index.ts';

export type TestPortal = { readonly sandbox: BitrixSandbox; readonly conn: TestConn; close(): Promise<void> };

/** A generous bucket unless a test is about the limits: functional tests should not wait for slots. */
const FAST = { bucketSize: 1_000_000, drainPerSecond: 1_000_000 };

export async function startPortal(
  input: {
    sandbox?: Partial<BitrixSandboxOptions>;
    options?: Partial<ConnectionOptions>;
    credentials?: Json;
    webhookUrl?: string;
    rate?: number;
    setup?: boolean;
  } = {},
): Promise<TestPortal> {
  const sandbox = await startBitrixSandbox({ ...FAST, ...input.sandbox });
  const conn = testConn({
    connector: bitrix24,
    credentials: input.credentials ?? { type: 'webhook', url: sandbox.webhookUrl, applicationToken: null },
    rate: input.rate ?? 1000,
    ...(input.options ? { options: input.options } : {}),
    ...(input.webhookUrl ? { webhookUrl: input.webhookUrl } : {}),
  });
  if (input.setup !== false) conn.setSchema(unwrap(await bitrix24.setup(conn)).schema);
  return { sandbox, conn, close: () => sandbox.close() };
}

/** What the sandbox counted: requests and batch commands. */
export function requestCount(sandbox: BitrixSandbox): number {
  return sandbox.stats().requests;
}
