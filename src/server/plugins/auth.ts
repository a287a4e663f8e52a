/** Bearer authentication: a tenant's API key on /v1, the admin token on /admin. */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../store/db.ts';
import { safeEqual } from '../../store/secrets.ts';
import { type Tenant, tenantByApiKey } from '../../store/tenants-repo.ts';
import { ApiError } from '../errors.ts';
import { readSession } from './session.ts';

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

export async function requireTenant(db: Db, request: FastifyRequest): Promise<Tenant> {
  const token = bearerToken(request);
  const tenant = token ? await tenantByApiKey(db, token) : null;
  if (!tenant) throw new ApiError('unauthorized');
  return tenant;
}

/** The admin token as a bearer header, or the dashboard's signed session cookie. */
export function requireAdmin(adminToken: string, request: FastifyRequest): void {
  const token = bearerToken(request);
  if (token && safeEqual(token, adminToken)) return;
  if (readSession(adminToken, request.headers.cookie)) return;
  throw new ApiError('admin_unauthorized');
}
