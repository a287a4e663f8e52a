import { z } from 'zod';
import type { TokenService } from '../auth/tokens.ts';
import { isInt, isObject, type Json } from '../domain/input.ts';
import { badRequest, notFound } from '../http/problem.ts';
import { idParam, noContent, ok, type Router } from '../http/router.ts';
import type { StatsSnapshot } from '../http/stats.ts';
import type { AmoKnobs } from '../options.ts';
import type { ManagerUi, UiLeadInput, UiProductLine } from '../ui/manager.ts';
import type { DeliveryLog } from '../webhooks/dispatcher.ts';
import type { AmoSandboxState } from './dumps.ts';

// The control API under /_sandbox (JSON, no auth, never limited): stats, knobs, reset, tokens for
// tests, read-only dumps, and UI actions as the manager.

export interface ControlPort {
  stats(): StatsSnapshot;
  knobs(): AmoKnobs;
  configure(partial: unknown): AmoKnobs;
  reset(): void;
  tokens(): TokenService;
  state: AmoSandboxState;
  ui: ManagerUi;
  advanceClock(seconds: number): number;
  deliveries(): DeliveryLog[];
  flushWebhooks(): Promise<void>;
  seed: Record<string, unknown>;
}

const body = (b: unknown): Json => (isObject(b) ? b : {});

const uiLeadSchema = z.object({
  name: z.string().optional(),
  price: z.number().int().optional(),
  pipelineId: z.number().int().optional(),
  statusId: z.number().int().optional(),
  contactId: z.number().int().optional(),
  products: z
    .array(
      z.object({
        elementId: z.number().int(),
        quantity: z.number(),
        priceId: z.number().int().nullable().optional(),
      }),
    )
    .optional(),
});

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw badRequest(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}

export function controlRoutes(r: Router, port: ControlPort): void {
  const base = '/_sandbox';
  r.get(base, () => ok({ seed: port.seed, knobs: port.knobs() }));
  r.get(`${base}/stats`, () => ok(port.stats()));
  r.get(`${base}/config`, () => ok(port.knobs()));
  r.post(`${base}/config`, (req) => ok(port.configure(req.body ?? {})));
  r.post(`${base}/reset`, () => {
    port.reset();
    return ok({ ok: true });
  });
  r.post(`${base}/clock`, (req) => {
    const seconds = body(req.body).advanceSec;
    if (typeof seconds !== 'number') throw badRequest('advanceSec must be a number');
    return ok({ now: port.advanceClock(seconds) });
  });

  r.post(`${base}/integrations`, (req) => {
    const redirectUri = body(req.body).redirectUri;
    if (typeof redirectUri !== 'string' || !URL.canParse(redirectUri))
      throw badRequest('redirectUri must be a URL');
    const i = port.tokens().createIntegration(redirectUri);
    return ok({ clientId: i.clientId, clientSecret: i.clientSecret, redirectUri: i.redirectUri });
  });
  r.post(`${base}/oauth/codes`, (req) => {
    const clientId = body(req.body).clientId;
    if (typeof clientId !== 'string') throw badRequest('clientId is required');
    return ok({ code: port.tokens().issueCode(clientId) });
  });
  r.post(`${base}/long-lived-tokens`, (req) => {
    const ttl = body(req.body).ttlSec;
    const ttlSec = typeof ttl === 'number' && ttl > 0 ? ttl : 365 * 86_400;
    return ok({ token: port.tokens().issueLongLived(ttlSec), expiresInSec: ttlSec });
  });
  r.post(`${base}/tokens/revoke`, (req) => {
    const token = body(req.body).token;
    if (typeof token !== 'string') throw badRequest('token is required');
    return ok({ revoked: port.tokens().revoke(token) });
  });

  const dumps: Record<string, () => unknown[]> = {
    contacts: port.state.contacts,
    leads: port.state.leads,
    notes: port.state.notes,
    'catalog-elements': port.state.catalogElements,
    webhooks: port.state.webhooks,
    events: port.state.events,
    'custom-fields': port.state.customFields,
    links: port.state.links,
    pipelines: port.state.pipelines,
    'webhook-deliveries': port.deliveries,
  };
  for (const [name, dump] of Object.entries(dumps)) r.get(`${base}/${name}`, () => ok(dump()));
  r.post(`${base}/webhooks/flush`, async () => {
    await port.flushWebhooks();
    return ok({ ok: true });
  });

  const ui = `${base}/ui`;
  r.post(`${ui}/contacts`, (req) => ok(port.ui.createContact(body(req.body))));
  r.patch(`${ui}/contacts/:id`, (req) => {
    port.ui.updateContact(idParam(req), body(req.body));
    return ok({ id: idParam(req) });
  });
  r.delete(`${ui}/contacts/:id`, (req) => {
    port.ui.deleteContact(idParam(req));
    return noContent();
  });
  r.post(`${ui}/leads`, (req) => ok(port.ui.createLead(parse(uiLeadSchema, req.body) as UiLeadInput)));
  r.post(`${ui}/leads/:id/status`, (req) => {
    const b = body(req.body);
    if (!isInt(b.statusId)) throw badRequest('statusId must be an int');
    port.ui.moveLead(idParam(req), {
      statusId: b.statusId,
      ...(isInt(b.pipelineId) ? { pipelineId: b.pipelineId } : {}),
    });
    return ok({ id: idParam(req) });
  });
  r.put(`${ui}/leads/:id/products`, (req) => {
    const b = req.body;
    const products = Array.isArray(b) ? b : body(b).products;
    port.ui.setLeadProducts(idParam(req), products as UiProductLine[]);
    return ok({ id: idParam(req) });
  });
  for (const entity of ['leads', 'contacts'] as const) {
    r.post(`${ui}/${entity}/:id/notes`, (req) => {
      const text = body(req.body).text;
      if (typeof text !== 'string') throw badRequest('text is required');
      return ok(port.ui.addNote(entity, idParam(req), text));
    });
  }
  r.delete(`${ui}/catalog-elements/:id`, (req) => {
    port.ui.deleteCatalogElement(idParam(req));
    return noContent();
  });
  r.get(`${base}/contacts/:id`, (req) => {
    const c = port.state.contact(idParam(req));
    if (!c) throw notFound();
    return ok(c);
  });
}
