/**
 * The real server as a child process (`node src/cli/main.ts serve`), so a test can SIGKILL it and start it
 * again on the same database and port (the CRM keeps delivering webhooks to the URL setup gave it).
 * Always the repo's Node 24; the admin token is the test harness's, so `admin()` works against it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ADMIN_TOKEN, eventually, SECRET_KEY } from '../../support/hub.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const NODE = fileURLToPath(new URL('../../../node_modules/.bin/node', import.meta.url));

export type ChildHub = {
  readonly url: string;
  /** SIGKILL, and wait until the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
  /** The last lines it wrote, for failure messages. */
  output(): string;
};

export type ChildHubTarget = {
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl?: string;
};

/** A port nobody listens on now, to give the hub the same one on every start. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function startChildHub(target: ChildHubTarget): Promise<ChildHub> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(target.port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    LIMEBRIDGE_ADMIN_TOKEN: ADMIN_TOKEN,
    LIMEBRIDGE_SECRET_KEY: SECRET_KEY,
    LIMEBRIDGE_DATA_DIR: target.dataDir,
  };
  if (target.databaseUrl) env.DATABASE_URL = target.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(NODE, ['src/cli/main.ts', 'serve'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const url = `http://127.0.0.1:${target.port}`;
  const ready = await eventually(
    async () => {
      if (gone) return 'exited';
      const answer = await fetch(`${url}/healthz`).catch(() => null);
      return answer?.status === 200 ? 'ready' : undefined;
    },
    120_000,
    200,
  ).catch(() => 'late');
  if (ready !== 'ready') {
    child.kill('SIGKILL');
    throw new Error(`the hub did not start (${ready}):\n${tail}`);
  }
  return {
    url,
    output: () => tail,
    kill: () => signal(child, 'SIGKILL', exited),
    stop: () => signal(child, 'SIGTERM', exited),
  };
}

async function signal(child: ChildProcess, name: NodeJS.Signals, exited: Promise<void>) {
  if (child.exitCode === null && child.signalCode === null) child.kill(name);
  await exited;
}
