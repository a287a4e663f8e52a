// Helpers for the sandbox's own tests: HTTP calls in, HTTP event receivers out.

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import qs from 'qs';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  body: any;
}

async function answer(response: Response): Promise<HttpAnswer> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** POSTs `params` to `<base><method>`: JSON by default, PHP bracket form when `form`. */
export async function rest(
  base: string,
  method: string,
  params: unknown = {},
  options: { form?: boolean; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const body = options.form ? qs.stringify(params) : JSON.stringify(params);
  const contentType = options.form ? 'application/x-www-form-urlencoded' : 'application/json';
  const response = await fetch(`${base}${method}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...options.headers },
    body,
  });
  return answer(response);
}

export async function http(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  return answer(await fetch(url, { redirect: 'manual', ...init }));
}

export async function postJson(url: string, body: unknown, method = 'POST'): Promise<HttpAnswer> {
  return http(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export interface ReceivedEvent {
  headers: IncomingHttpHeaders;
  raw: string;
  // biome-ignore lint/suspicious/noExplicitAny: parsed PHP-style form bodies
  parsed: any;
}

export interface Receiver {
  url: string;
  received: ReceivedEvent[];
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedEvent[]>;
  close(): Promise<void>;
}

/** An HTTP server on a random port that records every request body (the integration's handler). */
export async function startReceiver(status = 200): Promise<Receiver> {
  const received: ReceivedEvent[] = [];
  const server = createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      raw += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, raw, parsed: qs.parse(raw, { depth: 5 }) });
      response.statusCode = status;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
