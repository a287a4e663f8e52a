import type { Tenant } from '../store/tenants-repo.ts';

declare module 'fastify' {
  interface FastifyRequest {
    tenant?: Tenant;
  }
}
