// Assembles one portal: state, clock, limits, event deliveries, HTTP server.

import Fastify, { type FastifyInstance } from 'fastify';
import qs from 'qs';
import { QS_OPTIONS } from './batch.ts';
import { type InstallResult, registerControlRoutes, type SandboxControl } from './control-routes.ts';
import { createPortalDates } from './dates.ts';
import { createDeliverer } from './deliveries.ts';
import { createEmitter } from './event-bus.ts';
import { KNOWN_EVENTS } from './events.ts';
import { createExecutor } from './executor.ts';
import { registerOAuthRoutes } from './oauth-routes.ts';
import {
  type BitrixKnobs,
  type BitrixSandboxOptions,
  DEFAULT_KNOBS,
  DEFAULT_OPTIONS,
  partialKnobsSchema,
  pickKnobs,
} from './options.ts';
import { createPersister, loadState } from './persistence.ts';
import type { Portal } from './portal.ts';
import { LeakyBucket, OperatingLimiter } from './rate-limit.ts';
import { METHODS } from './registry.ts';
import { registerRestRoutes } from './rest-route.ts';
import { createSeedState } from './seed.ts';
import { ADMIN_USER_ID, nextId, randomToken } from './state.ts';
import { createStateView } from './state-view.ts';
import { emptyStats, snapshotStats } from './stats.ts';
import { createApp, issueCode, issuePair } from './tokens.ts';
import { createUi } from './ui.ts';

export interface BitrixSandbox extends Omit<SandboxControl, 'stats'> {
  /** Stands in for https://x.bitrix24.ru */
  portalUrl: string;
  /** http://127.0.0.1:<port>/rest/1/<secret>/ */
  webhookUrl: string;
  /** <portalUrl>/oauth-server — token endpoint at <oauthUrl>/oauth/token/ */
  oauthUrl: string;
  stats(): ReturnType<SandboxControl['stats']>;
  close(): Promise<void>;
}

const OAUTH_PATH = '/oauth-server';

function createServer(): FastifyInstance {
  const app = Fastify({
    logger: false,
    forceCloseConnections: true,
    bodyLimit: 64 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, querystringParser: (text) => qs.parse(text, QS_OPTIONS) },
  });
  // JSON only with a JSON content type (an invalid body silently becomes {}); anything else is PHP form syntax.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body === '' ? {} : JSON.parse(String(body)));
    } catch {
      done(null, {});
    }
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, qs.parse(String(body), QS_OPTIONS));
  });
  return app;
}

export async function startBitrixSandbox(
  overrides: Partial<BitrixSandboxOptions> = {},
): Promise<BitrixSandbox> {
  const options: BitrixSandboxOptions = { ...DEFAULT_OPTIONS, ...DEFAULT_KNOBS, ...overrides };
  const initialKnobs = pickKnobs(options);
  const dates = createPortalDates(options.timezone);
  let clockOffset = 0;
  const now = () => (options.now ?? Date.now)() + clockOffset;
  const loaded = loadState(options.stateFile);
  const initialState = loaded ?? createSeedState(options.webhookSecret);
  if (options.webhookSecret) initialState.webhook.secret = options.webhookSecret;

  const deliverer = createDeliverer(() => portal);
  const persister = createPersister(options.stateFile, () => portal.state, options.persistDebounceMs);
  const emit = createEmitter(() => portal, deliverer);
  const portal: Portal = {
    state: initialState,
    knobs: { ...initialKnobs },
    stats: emptyStats(),
    urls: { portalUrl: '', domain: '', clientEndpoint: '', oauthUrl: '', serverEndpoint: '' },
    get codec() {
      return { dates, dateStyle: this.knobs.dateOutput };
    },
    now,
    emit: (event, data, origin) => emit(event, data, origin),
    changed: () => persister.schedule(),
  };
  const limiter = new OperatingLimiter();
  const bucket = new LeakyBucket(now());
  const hangs = new Set<() => void>();
  const executor = createExecutor(() => portal, METHODS, limiter);
  const ui = createUi(() => portal);
  const state = createStateView(() => portal);

  const control: SandboxControl = {
    stats: () => snapshotStats(portal.stats),
    configure(knobs: Partial<BitrixKnobs>) {
      portal.knobs = { ...portal.knobs, ...partialKnobsSchema.parse(knobs) };
      return { ...portal.knobs };
    },
    async reset() {
      const { secret } = portal.state.webhook;
      const { memberId } = portal.state;
      portal.state = { ...createSeedState(secret), memberId };
      portal.stats = emptyStats();
      portal.knobs = { ...initialKnobs };
      bucket.reset(now());
      limiter.clear();
      persister.schedule();
    },
    advanceClock(ms: number) {
      clockOffset += ms;
      return now();
    },
    createApp(input) {
      const app = createApp(
        portal,
        input.redirectUri,
        input.installUrl ?? null,
        input.scope ?? 'crm,catalog,user',
      );
      return {
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        applicationToken: app.applicationToken,
      };
    },
    async installApp(clientId: string): Promise<InstallResult> {
      const app = portal.state.apps[clientId];
      if (!app) throw new Error(`Application ${clientId} not found`);
      app.installed = true;
      const pair = issuePair(portal, clientId, ADMIN_USER_ID);
      if (app.installUrl) {
        const body = qs.stringify(
          {
            event: 'ONAPPINSTALL',
            data: { VERSION: '1', ACTIVE: 'Y', INSTALLED: 'Y', LANGUAGE_ID: 'ru' },
            ts: String(Math.floor(now() / 1000)),
            auth: {
              domain: portal.urls.domain,
              scope: app.scope,
              access_token: pair.accessToken,
              refresh_token: pair.refreshToken,
              expires_in: String(portal.knobs.accessTokenTtlSec),
              server_endpoint: portal.urls.serverEndpoint,
              status: 'L',
              client_endpoint: portal.urls.clientEndpoint,
              member_id: portal.state.memberId,
              application_token: app.applicationToken,
            },
          },
          { format: 'RFC1738' },
        );
        deliverer.deliver(app.installUrl, () => body);
      }
      return {
        accessToken: pair.accessToken,
        refreshToken: pair.refreshToken,
        applicationToken: app.applicationToken,
        memberId: portal.state.memberId,
      };
    },
    issueAuthCode(clientId: string) {
      const app = portal.state.apps[clientId];
      if (!app) throw new Error(`Application ${clientId} not found`);
      app.installed = true;
      return issueCode(portal, clientId, ADMIN_USER_ID);
    },
    addOutgoingWebhook(input) {
      const events = input.events.map((event) => event.toUpperCase());
      const unknown = events.filter((event) => !KNOWN_EVENTS.includes(event));
      if (unknown.length > 0) throw new Error(`Unknown events: ${unknown.join(', ')}`);
      const id = nextId(portal.state, 'outgoingWebhook');
      const applicationToken = randomToken(32);
      portal.state.outgoingWebhooks[String(id)] = {
        id,
        handlerUrl: input.handlerUrl,
        events,
        applicationToken,
      };
      for (const event of events) {
        const bindingId = nextId(portal.state, 'binding');
        portal.state.bindings[String(bindingId)] = {
          id: bindingId,
          kind: 'outgoing',
          event,
          handler: input.handlerUrl,
          clientId: null,
          outgoingId: id,
          authType: 0,
          offline: false,
          authConnector: '',
          applicationToken,
        };
      }
      portal.changed();
      return { id, applicationToken };
    },
    removeOutgoingWebhook(id: number) {
      const existed = portal.state.outgoingWebhooks[String(id)] !== undefined;
      delete portal.state.outgoingWebhooks[String(id)];
      for (const binding of Object.values(portal.state.bindings)) {
        if (binding.outgoingId === id) delete portal.state.bindings[String(binding.id)];
      }
      portal.changed();
      return existed;
    },
    deliveriesIdle: () => deliverer.idle(),
    ui,
    state,
  };

  const server = createServer();
  registerRestRoutes(server, { portal: () => portal, executor, bucket, hangs });
  registerOAuthRoutes(server, portal, OAUTH_PATH);
  registerControlRoutes(server, control);
  await server.listen({ port: options.port, host: options.host });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const portalUrl = `http://${options.host}:${port}`;
  portal.urls = {
    portalUrl,
    domain: `${options.host}:${port}`,
    clientEndpoint: `${portalUrl}/rest/`,
    oauthUrl: `${portalUrl}${OAUTH_PATH}`,
    serverEndpoint: `${portalUrl}${OAUTH_PATH}/rest/`,
  };
  if (!loaded) persister.schedule();

  return {
    ...control,
    portalUrl,
    get webhookUrl() {
      return `${portalUrl}/rest/${portal.state.webhook.userId}/${portal.state.webhook.secret}/`;
    },
    oauthUrl: portal.urls.oauthUrl,
    async close() {
      for (const release of [...hangs]) release();
      await deliverer.close();
      await server.close();
      await persister.flush();
    },
  };
}
