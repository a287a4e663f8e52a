/** Prometheus metrics of one process (a registry per instance, so tests can run several). */
import { sql } from 'drizzle-orm';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type Db, rows } from '../store/db.ts';

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(db: Db) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'limebridge_' });
  const httpDuration = new Histogram({
    name: 'limebridge_http_request_duration_seconds',
    help: 'HTTP requests served, by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const limeEvents = new Counter({
    name: 'limebridge_lime_events_total',
    help: 'Events received from Lime, by type and outcome',
    labelNames: ['type', 'outcome'],
    registers: [registry],
  });
  const crmRequests = new Histogram({
    name: 'limebridge_crm_request_duration_seconds',
    help: 'Requests to CRMs, by CRM kind and HTTP status',
    labelNames: ['kind', 'status'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'limebridge_jobs_total',
    help: 'Jobs run, by name and outcome',
    labelNames: ['name', 'outcome'],
    registers: [registry],
  });
  new Gauge({
    name: 'limebridge_sync_backlog',
    help: 'Items owed to CRMs, by connection and flow',
    labelNames: ['connection', 'flow'],
    registers: [registry],
    async collect() {
      this.reset();
      const found = await rows<{ connection_id: string; flow: string; count: number }>(
        db,
        sql`select connection_id, flow, count(*)::int as count from dirty group by connection_id, flow`,
      );
      for (const row of found) this.set({ connection: row.connection_id, flow: row.flow }, Number(row.count));
    },
  });
  new Gauge({
    name: 'limebridge_lime_outbound_undelivered',
    help: 'Events to Lime not yet acknowledged by its webhook, by tenant',
    labelNames: ['tenant'],
    registers: [registry],
    async collect() {
      this.reset();
      const found = await rows<{ tenant_id: string; count: number }>(
        db,
        sql`select o.tenant_id, count(*)::int as count from outbound_events o
            left join lime_delivery d on d.tenant_id = o.tenant_id
            where o.seq > coalesce(d.delivered_seq, 0) group by o.tenant_id`,
      );
      for (const row of found) this.set({ tenant: row.tenant_id }, Number(row.count));
    },
  });
  return {
    registry,
    observeHttp: (method: string, route: string, status: number, seconds: number) =>
      httpDuration.observe({ method, route, status: String(status) }, seconds),
    countLimeEvents: (type: string, outcome: string, count = 1) => limeEvents.inc({ type, outcome }, count),
    observeCrm: (kind: string, status: number | 'network', ms: number) =>
      crmRequests.observe({ kind, status: String(status) }, ms / 1000),
    countJob: (name: string, outcome: string) => jobs.inc({ name, outcome }),
  };
}
