/**
 * The real server as a child process (`node src/cli/main.ts serve`), for the tests and benchmarks that
 * must kill it, run two of it, or measure it apart from the load. Always the repo's Node 24 binary.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const NODE_24 = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));
export const HUB_ADMIN_TOKEN = 'durability-admin-token-0123456789';
export const HUB_SECRET_KEY = 'ab'.repeat(32);

export type HubProcessOptions = {
  /** Embedded data directory (PGlite) — also used for the secret key when no DATABASE_URL is set. */
  readonly dataDir: string;
  readonly databaseUrl?: string | undefined;
  readonly env?: Record<string, string>;
  /** Extra Node flags, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  readonly readyTimeoutMs?: number;
  /** Another checkout to run the server from (A/B comparisons); default this one. */
  readonly root?: string;
};

export type Exit = { readonly code: number | null; readonly signal: NodeJS.Signals | null };

export type HubProcess = {
  readonly pid: number;
  readonly url: string;
  readonly exited: Promise<Exit>;
  /** The last lines the process wrote (stdout and stderr), for failure messages. */
  output(): string;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then the exit (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<Exit>;
  memory(): { rssKb: number; peakRssKb: number } | null;
};

const BANNER = /Lime API\s+(http:\/\/\S+)\/v1\/events/;

const running = new Set<ChildProcess>();

/**
 * SIGKILLs every hub this process started that still runs — for `afterAll` after a timeout, when a
 * restart may have been under way (vitest ends its workers without an 'exit' event, so nothing else would).
 */
export async function killHubProcesses(): Promise<void> {
  const exits = [...running].map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(exits);
}

export async function startHubProcess(options: HubProcessOptions): Promise<HubProcess> {
  const child = spawn(NODE_24, [...(options.nodeArgs ?? []), 'src/cli/main.ts', 'serve'], {
    cwd: options.root ?? REPO_ROOT,
    env: hubEnv(options),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the hub process did not start');
  const tail = outputTail(child);
  running.add(child);
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  let url: string;
  try {
    url = await waitForBanner(child, tail, exited, readyTimeoutMs);
    await waitHealthy(url, exited, readyTimeoutMs);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    pid,
    url,
    exited,
    output: () => tail.text(),
    kill: (signal) => {
      child.kill(signal);
    },
    async stop(timeoutMs = 30_000) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
    memory: () => readMemory(pid),
  };
}

function hubEnv(options: HubProcessOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    LIMEBRIDGE_ADMIN_TOKEN: HUB_ADMIN_TOKEN,
    LIMEBRIDGE_SECRET_KEY: HUB_SECRET_KEY,
    LIMEBRIDGE_DATA_DIR: options.dataDir,
    ...options.env,
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  return env;
}

function outputTail(child: ChildProcess) {
  let text = '';
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-16_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { text: () => text };
}

async function waitForBanner(
  child: ChildProcess,
  tail: { text(): string },
  exited: Promise<Exit>,
  timeoutMs: number,
): Promise<string> {
  let seen = '';
  const banner = new Promise<string>((resolve) => {
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = BANNER.exec(seen);
      if (match?.[1]) {
        child.stdout?.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
  });
  const failed = exited.then((exit) => {
    throw new Error(`the hub exited before it was ready (${JSON.stringify(exit)}):\n${tail.text()}`);
  });
  return Promise.race([banner, failed, timeout<string>(timeoutMs, () => tail.text())]);
}

async function waitHealthy(url: string, exited: Promise<Exit>, timeoutMs: number): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gone) {
    const status = await request(`${url}/healthz`)
      .then(async (answer) => {
        await answer.body.dump();
        return answer.statusCode;
      })
      .catch(() => 0);
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url}/healthz did not answer 200 ${gone ? '(the process exited)' : 'in time'}`);
}

function timeout<T>(ms: number, detail: () => string): Promise<T> {
  return new Promise<T>((_, reject) => {
    setTimeout(() => reject(new Error(`the hub was not ready within ${ms} ms:\n${detail()}`)), ms).unref();
  });
}

/** VmRSS and VmHWM (the peak since the process started), from /proc (Linux). */
export function readMemory(pid: number): { rssKb: number; peakRssKb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssKb: field('VmRSS'), peakRssKb: field('VmHWM') };
  } catch {
    return null;
  }
}
