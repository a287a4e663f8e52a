// The control API under /_sandbox/ (JSON, no auth, never rate limited): knobs, stats, apps,
// outgoing webhooks, dumps and UI actions.

import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { BitrixKnobs } from './options.ts';
import type { BitrixStateView } from './state-view.ts';
import type { BitrixStats } from './stats.ts';
import { type BitrixUi, UiError } from './ui.ts';

export interface AppCredentials {
  clientId: string;
  clientSecret: string;
  applicationToken: string;
}

export interface InstallResult {
  accessToken: string;
  refreshToken: string;
  applicationToken: string;
  memberId: string;
}

export interface SandboxControl {
  stats(): BitrixStats;
  configure(knobs: Partial<BitrixKnobs>): BitrixKnobs;
  reset(): Promise<void>;
  advanceClock(ms: number): number;
  createApp(input: { redirectUri: string; installUrl?: string; scope?: string }): AppCredentials;
  installApp(clientId: string): Promise<InstallResult>;
  issueAuthCode(clientId: string): string;
  addOutgoingWebhook(input: { handlerUrl: string; events: string[] }): {
    id: number;
    applicationToken: string;
  };
  removeOutgoingWebhook(id: number): boolean;
  deliveriesIdle(): Promise<void>;
  ui: BitrixUi;
  state: BitrixStateView;
}

const appSchema = z.object({
  redirectUri: z.url(),
  installUrl: z.url().optional(),
  scope: z.string().optional(),
});
const codeSchema = z.object({ clientId: z.string() });
const hookSchema = z.object({ handlerUrl: z.url(), events: z.array(z.string()).min(1) });
const rowsSchema = z.array(
  z.object({ productId: z.number().int(), quantity: z.number(), price: z.number().optional() }),
);
const dealSchema = z.object({
  title: z.string(),
  categoryId: z.number().int().optional(),
  stageId: z.string().optional(),
  contactId: z.number().int().optional(),
  rows: rowsSchema.optional(),
});
const stageSchema = z.object({ stageId: z.string() });
const clockSchema = z.object({ advanceMs: z.number() });
const fieldsSchema = z.record(z.string(), z.unknown());

function fail(reply: FastifyReply, error: unknown) {
  if (error instanceof z.ZodError)
    return reply.code(400).send({ error: 'invalid_body', details: error.issues });
  if (error instanceof UiError) return reply.code(error.status).send({ error: error.message });
  if (error instanceof Error) return reply.code(400).send({ error: error.message });
  throw error;
}

/** `{fields: {...}}` or the fields object itself. */
function contactFields(body: unknown): Record<string, unknown> {
  const parsed = fieldsSchema.parse(body ?? {});
  return fieldsSchema.safeParse(parsed.fields).success ? (parsed.fields as Record<string, unknown>) : parsed;
}

export function registerControlRoutes(app: FastifyInstance, control: SandboxControl): void {
  const guard =
    <T>(
      run: (request: { body: unknown; params: Record<string, string>; query: unknown }) => T | Promise<T>,
    ) =>
    async (request: { body: unknown; params: unknown; query: unknown }, reply: FastifyReply) => {
      try {
        return await run({ ...request, params: (request.params ?? {}) as Record<string, string> });
      } catch (error) {
        return fail(reply, error);
      }
    };
  const id = (params: Record<string, string>) => Number(params.id);

  app.get('/_sandbox/stats', async () => control.stats());
  app.post(
    '/_sandbox/config',
    guard(({ body }) => control.configure((body ?? {}) as Partial<BitrixKnobs>)),
  );
  app.post(
    '/_sandbox/reset',
    guard(async () => {
      await control.reset();
      return { ok: true };
    }),
  );
  app.post(
    '/_sandbox/clock',
    guard(({ body }) => ({ now: control.advanceClock(clockSchema.parse(body).advanceMs) })),
  );
  app.post(
    '/_sandbox/apps',
    guard(({ body }) => control.createApp(appSchema.parse(body))),
  );
  app.post(
    '/_sandbox/apps/:clientId/install',
    guard(({ params }) => control.installApp(params.clientId ?? '')),
  );
  app.post(
    '/_sandbox/oauth/codes',
    guard(({ body }) => ({ code: control.issueAuthCode(codeSchema.parse(body).clientId) })),
  );
  app.post(
    '/_sandbox/outgoing-webhooks',
    guard(({ body }) => control.addOutgoingWebhook(hookSchema.parse(body))),
  );
  app.delete(
    '/_sandbox/outgoing-webhooks/:id',
    guard(({ params }) => ({ ok: control.removeOutgoingWebhook(id(params)) })),
  );
  app.get(
    '/_sandbox/events/idle',
    guard(async () => {
      await control.deliveriesIdle();
      return { ok: true };
    }),
  );

  const view = control.state;
  app.get('/_sandbox/contacts', async () => view.contacts());
  app.get('/_sandbox/deals', async () => view.deals());
  app.get('/_sandbox/products', async () => view.products());
  app.get('/_sandbox/productrows', async (request) => {
    const dealId = (request.query as Record<string, string | undefined>).dealId;
    return view.productRows(dealId === undefined ? undefined : Number(dealId));
  });
  app.get('/_sandbox/timeline', async () => view.timeline());
  app.get('/_sandbox/userfields', async () => view.userFields());
  app.get('/_sandbox/categories', async () => view.categories());
  app.get('/_sandbox/statuses', async (request) =>
    view.statuses((request.query as Record<string, string>).entityId),
  );
  app.get('/_sandbox/bindings', async () => view.bindings());

  const ui = control.ui;
  app.post(
    '/_sandbox/ui/contacts',
    guard(({ body }) => ({ id: ui.createContact(contactFields(body)) })),
  );
  app.patch(
    '/_sandbox/ui/contacts/:id',
    guard(({ body, params }) => {
      ui.updateContact(id(params), contactFields(body));
      return { ok: true };
    }),
  );
  app.delete(
    '/_sandbox/ui/contacts/:id',
    guard(({ params }) => {
      ui.deleteContact(id(params));
      return { ok: true };
    }),
  );
  app.post(
    '/_sandbox/ui/deals',
    guard(({ body }) => ({ id: ui.createDeal(dealSchema.parse(body)) })),
  );
  app.post(
    '/_sandbox/ui/deals/:id/stage',
    guard(({ body, params }) => {
      ui.moveDealStage(id(params), stageSchema.parse(body).stageId);
      return { ok: true };
    }),
  );
  app.put(
    '/_sandbox/ui/deals/:id/rows',
    guard(({ body, params }) => {
      const rows = Array.isArray(body) ? body : (body as { rows?: unknown } | null)?.rows;
      ui.setDealRows(id(params), rowsSchema.parse(rows));
      return { ok: true };
    }),
  );
}
