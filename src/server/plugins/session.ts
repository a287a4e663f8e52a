/**
 * The dashboard's login: the operator types the admin token once and gets an HttpOnly cookie signed
 * with it (so changing the token logs everybody out). Nothing is stored on the server.
 */
import { createHmac } from 'node:crypto';
import { safeEqual } from '../../store/secrets.ts';

export const SESSION_COOKIE = 'lb_session';
const SESSION_TTL_SECONDS = 12 * 60 * 60;

export function issueSession(adminToken: string, nowMs: number): string {
  const expires = Math.floor(nowMs / 1000) + SESSION_TTL_SECONDS;
  const value = `v1.${expires}.${sign(adminToken, `v1.${expires}`)}`;
  return `${SESSION_COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_TTL_SECONDS}`;
}

export function clearSession(): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
}

export function readSession(
  adminToken: string,
  cookieHeader: string | undefined,
  nowMs = Date.now(),
): boolean {
  const value = cookieHeader
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${SESSION_COOKIE}=`))
    ?.slice(SESSION_COOKIE.length + 1);
  const [version, expires, signature] = value?.split('.') ?? [];
  if (version !== 'v1' || !expires || !signature) return false;
  if (Number(expires) * 1000 < nowMs) return false;
  return safeEqual(signature, sign(adminToken, `v1.${expires}`));
}

function sign(key: string, text: string): string {
  return createHmac('sha256', key).update(text).digest('base64url');
}
