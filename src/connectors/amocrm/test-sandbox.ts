/**
 * Test helper (not used by the connector): an amoCRM sandbox on port 0, a webhook receiver on
 * port 0 and a `testConn` over the real HTTP path, with setup already run.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AmoKnobs, type AmoSandbox, startAmoSandbox } from '../../../sandbox/amocrm/index.ts';
import { type TestConn, testConn } from '../../../test/support/conn.ts';
import type { ConnectionOptions, RawWebhook } from '../contract.ts';
import { amocrm } from './index.ts';
import { type AmoSchema, readSchema } from './schema.ts';

export type HookReceiver = { url: string; deliveries: RawWebhook[]; close(): Promise<void> };

export async function startHookReceiver(): Promise<HookReceiver> {
  const deliveries: RawWebhook[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([key, value]) => [
          key,
          Array.isArray(value) ? value.join(', ') : value,
        ]),
      );
      deliveries.push({
        headers,
        contentType: request.headers['content-type'] ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/cn_test/secret`,
    deliveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type AmoWorld = {
  sandbox: AmoSandbox;
  conn: TestConn;
  hooks: HookReceiver;
  schema: () => AmoSchema;
  /** Requests the sandbox counted so far (API only). */
  requests: () => number;
  close(): Promise<void>;
};

export async function startAmoWorld(
  input: {
    knobs?: Partial<AmoKnobs>;
    timezone?: string;
    options?: Partial<ConnectionOptions>;
    setup?: boolean;
  } = {},
): Promise<AmoWorld> {
  const sandbox = await startAmoSandbox({
    rateLimitPerSecond: 0,
    webhookBatchMs: 50,
    ...(input.timezone ? { timezone: input.timezone } : {}),
    ...input.knobs,
  });
  const hooks = await startHookReceiver();
  const conn = testConn({
    connector: amocrm,
    credentials: {
      baseUrl: sandbox.baseUrl,
      auth: { type: 'long_lived_token', token: sandbox.longLivedToken() },
    },
    webhookUrl: hooks.url,
    rate: 500,
    ...(input.options ? { options: input.options } : {}),
  });
  if (input.setup !== false) {
    const done = await amocrm.setup(conn);
    if (!done.ok) throw new Error(`setup failed: ${JSON.stringify(done.error)}`);
    conn.setSchema(done.value.schema);
  }
  return {
    sandbox,
    conn,
    hooks,
    schema: () => {
      const schema = readSchema(conn);
      if (!schema.ok) throw new Error('no schema');
      return schema.value;
    },
    requests: () => sandbox.stats().requests,
    async close() {
      await sandbox.close();
      await hooks.close();
    },
  };
}
