/** The one fetch wrapper: JSON in and out, the session cookie, and the spec's error body as an `ApiFailure`. */

export type ErrorDetail = { readonly path: string; readonly message: string };

/** A failed call: the server's `{error: {code, message, details}}`, or a network failure (`code` = `network`). */
export class ApiFailure extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: readonly ErrorDetail[];

  constructor(code: string, message: string, status: number, details: readonly ErrorDetail[] = []) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called whenever the server says the session is gone, so the app can show the login page. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const QUIET_401 = new Set(['/admin/v1/session', '/admin/v1/info']);

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiFailure('network', cause instanceof Error ? cause.message : String(cause), 0);
  }
  const text = await response.text();
  const json = parseJson(text);
  if (response.ok) return json as T;
  const failure = toFailure(response.status, json, text);
  // The session and info calls are how the app learns it is logged out; they do not notify (no loop).
  if (response.status === 401 && !QUIET_401.has(path)) {
    for (const listener of unauthorizedListeners) listener();
  }
  throw failure;
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function toFailure(status: number, json: unknown, text: string): ApiFailure {
  const error = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string') {
    const details = Array.isArray(error.details)
      ? error.details.filter(isDetail).map((d) => ({ path: d.path, message: d.message }))
      : [];
    return new ApiFailure(error.code, String(error.message ?? ''), status, details);
  }
  return new ApiFailure(`http_${status}`, text.slice(0, 300), status);
}

function isDetail(value: unknown): value is ErrorDetail {
  const d = value as ErrorDetail | null;
  return typeof d?.path === 'string' && typeof d.message === 'string';
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
};
