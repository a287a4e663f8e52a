/**
 * The CLI's admin commands talk to a running hub over the admin API — the same API the dashboard
 * uses, so the terminal can do exactly what the UI can (and nothing behind its back).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { request } from 'undici';
import { readConfig } from '../config.ts';

export type AdminTarget = { readonly url: string; readonly token: string };

export function adminTarget(flags: { url?: string; token?: string }): AdminTarget {
  const config = readConfig();
  const url = (flags.url ?? process.env.LIMEBRIDGE_URL ?? `http://${config.host}:${config.port}`).replace(
    /\/+$/,
    '',
  );
  const tokenFile = join(resolve(config.dataDir), 'admin-token');
  const token =
    flags.token ??
    config.adminToken ??
    (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : undefined);
  if (!token)
    throw new Error(
      'No admin token: pass --token, set LIMEBRIDGE_ADMIN_TOKEN, or run where the data directory is.',
    );
  return { url, token };
}

export async function callAdmin(
  target: AdminTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const answer = await request(`${target.url}${path}`, {
    method: method as 'GET',
    headers: {
      authorization: `Bearer ${target.token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await answer.body.text();
  const json = text ? (JSON.parse(text) as unknown) : null;
  if (answer.statusCode >= 400) {
    const error = (
      json as { error?: { code: string; message: string; details?: { path: string; message: string }[] } }
    )?.error;
    const details = (error?.details ?? []).map((d) => `\n  ${d.path}: ${d.message}`).join('');
    throw new Error(`${answer.statusCode} ${error?.code ?? ''}: ${error?.message ?? text}${details}`);
  }
  return json;
}
