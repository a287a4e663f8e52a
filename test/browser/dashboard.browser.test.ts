/**
 * The operators' dashboard in a real browser against a real hub: login, language, a tenant and its
 * secrets, connecting a CRM (or the error shown while no connector is built in), translated setup steps,
 * re-authorisation through the CRMs' consent pages, the application token, the live feed with the hub's
 * filters and a client's trail after a Lime event, and dead letters. Screens the demo shows with real data
 * (overview, connection, feed, trail, dead letters) are documented by shoot-demo.ts; the rest are
 * screenshotted into docs/screenshots/ here.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AmoSandbox, startAmoSandbox } from '../../sandbox/amocrm/index.ts';
import { type BitrixSandbox, startBitrixSandbox } from '../../sandbox/bitrix24/index.ts';
import { connectorFor } from '../../src/connectors/registry.ts';
import { hasChromium, launchBrowser, screenshot } from './support/browser.ts';
import { ensureDashboardBuilt } from './support/dashboard-build.ts';
import {
  ADMIN_TOKEN,
  adminGet,
  adminPost,
  type BrowserHub,
  clientEvent,
  eventually,
  postJson,
  startBrowserHub,
} from './support/hub.ts';

const amoBuiltIn = connectorFor('amocrm') !== undefined;
const bitrixBuiltIn = connectorFor('bitrix24') !== undefined;
const DATE_TIME = /\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/;

describe.skipIf(!hasChromium)('dashboard', () => {
  let hub: BrowserHub;
  let browser: Browser;
  let page: Page;
  let bx: BitrixSandbox | undefined;
  let amo: AmoSandbox | undefined;
  const tenant = { id: '', apiKey: '', connectionId: '', oauthConnectionId: '', amoConnectionId: '' };
  const bxApp = { clientId: '', clientSecret: '' };

  beforeAll(async () => {
    await ensureDashboardBuilt();
    hub = await startBrowserHub();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'ru-RU' });
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    await bx?.close();
    await amo?.close();
  });

  it('asks for the admin token, refuses a wrong one with the server message, then logs in', async () => {
    await page.goto(hub.url);
    await page.getByTestId('login-token').fill('not-the-token');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('error-box').waitFor();
    expect(await page.getByTestId('error-box').textContent()).toContain('This is not the admin token.');
    await screenshot(page, 'login');

    await page.getByTestId('login-token').fill(ADMIN_TOKEN);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('intro-panel').waitFor();
    expect(await page.locator('h1').first().textContent()).toBe('Обзор');
    await screenshot(page, 'first-run');
  });

  it('switches to English and remembers the choice across a reload', async () => {
    await page.getByTestId('lang-en').click();
    expect(await page.locator('h1').first().textContent()).toBe('Overview');
    await page.reload();
    await page.getByTestId('intro-panel').waitFor();
    expect(await page.locator('h1').first().textContent()).toBe('Overview');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByTestId('lang-ru').click();
    expect(await page.locator('h1').first().textContent()).toBe('Обзор');
  });

  it('creates a tenant and shows its API key and webhook secret once', async () => {
    await page.getByTestId('new-tenant').click();
    await page.getByTestId('tenant-name').fill('Аквапарк «Волна»');
    await page.getByTestId('tenant-submit').click();
    await page.getByTestId('secrets-once').waitFor();
    tenant.apiKey = await page.getByTestId('secret-api-key').inputValue();
    expect(tenant.apiKey.length).toBeGreaterThan(10);
    expect(await page.getByTestId('secret-webhook').inputValue()).not.toBe('');
    await screenshot(page, 'tenant-created');
    await page.getByTestId('go-connect').click();
    await page.waitForURL(/#\/tenants\/[^/]+\/connect$/);
    tenant.id = decodeURIComponent(/#\/tenants\/([^/]+)\/connect/.exec(page.url())?.[1] ?? '');
    expect(tenant.id).not.toBe('');
  });

  it.skipIf(!bitrixBuiltIn)('shows the CRM refusal with its details and what to do', async () => {
    bx = await startBitrixSandbox({ port: 0 });
    await page.getByTestId('kind-bitrix24').click();
    await page.getByTestId('auth-url').fill(bx.webhookUrl.replace(/\/[^/]+\/$/, '/wrong-secret/'));
    await page.getByTestId('connect-submit').click();
    const box = page.getByTestId('error-box');
    await box.waitFor();
    const text = (await box.textContent()) ?? '';
    expect(text).toContain('crm_failed');
    expect(text).toContain('CRM отказала');
    await screenshot(page, 'connect-error');
    await page.getByRole('button', { name: 'сменить' }).click();
  });

  it.skipIf(!bitrixBuiltIn)(
    'connects Bitrix24 by incoming webhook, runs setup and shows its report',
    async () => {
      bx ??= await startBitrixSandbox({ port: 0 });
      await page.getByTestId('kind-bitrix24').click();
      // A malformed webhook URL: the hub's validation message and the field path are shown.
      await page.getByTestId('auth-url').fill('not-a-webhook-url');
      await page.getByTestId('connect-submit').click();
      await page.getByTestId('error-box').waitFor();
      expect(await page.getByTestId('error-box').textContent()).toContain('validation_failed');
      expect(await page.getByTestId('error-box').textContent()).toContain('url');

      await page.getByTestId('auth-url').fill(bx.webhookUrl);
      await page.getByTestId('connection-label').fill('Битрикс24 · отдел продаж');
      await page.getByTestId('connect-submit').click();
      await page.getByTestId('connect-done').waitFor();
      await page.getByTestId('run-setup').click();
      await page.getByTestId('setup-report').waitFor({ timeout: 30_000 });
      const report = (await page.getByTestId('setup-report').textContent()) ?? '';
      expect(report).toMatch(/создано|найдено/);
      // The manual steps come as codes and are shown in Russian, the handler URL as a field to copy.
      const steps = page.getByTestId('setup-instructions');
      expect(await steps.textContent()).toContain('Исходящий вебхук');
      expect(await steps.textContent()).toContain('Токен приложения');
      const handler = await steps.locator('input').first().inputValue();
      expect(handler).toMatch(/\/hooks\/[^/]+\/[^/]+$/);
      await screenshot(page, 'connect-setup');
      await page.getByTestId('open-connection').click();
      await page.getByTestId('connection-title').waitFor();
      tenant.connectionId = decodeURIComponent(/#\/connections\/([^/?]+)/.exec(page.url())?.[1] ?? '');
      expect(tenant.connectionId).not.toBe('');
    },
  );

  it.skipIf(!bitrixBuiltIn)('connects Bitrix24 by OAuth through the portal consent page', async () => {
    if (!bx) throw new Error('the Bitrix24 sandbox runs from the previous test');
    const app = await postJson<{ clientId: string; clientSecret: string }>(`${bx.portalUrl}/_sandbox/apps`, {
      redirectUri: `${hub.url}/oauth/callback`,
    });
    Object.assign(bxApp, app.body);
    await page.goto(`${hub.url}/#/tenants/${encodeURIComponent(tenant.id)}/connect`);
    await page.getByTestId('kind-bitrix24').click();
    await page.getByTestId('method-bitrix24.oauth').check();
    expect(await page.getByTestId('redirect-uri').inputValue()).toBe(`${hub.url}/oauth/callback`);
    await page.getByTestId('auth-portalUrl').fill(bx.portalUrl);
    await page.getByTestId('auth-clientId').fill(app.body.clientId);
    await page.getByTestId('auth-clientSecret').fill(app.body.clientSecret);
    await page.getByTestId('auth-oauthUrl').fill(bx.oauthUrl);
    await page.getByTestId('connection-label').fill('Битрикс24 · OAuth');
    await page.getByTestId('connect-submit').click();
    // The portal's consent page (the sandbox's), then the hub's callback and back to the dashboard.
    await page.locator('#allow').click();
    await page.getByTestId('connected-banner').waitFor();
    expect(page.url()).toMatch(/#\/connections\/[^/?]+\?connected=1$/);
    expect(await page.getByTestId('connection-title').textContent()).toContain('Битрикс24 · OAuth');
    await screenshot(page, 'oauth-connected');
    tenant.oauthConnectionId = decodeURIComponent(/#\/connections\/([^/?]+)/.exec(page.url())?.[1] ?? '');
  });

  it.skipIf(!bitrixBuiltIn)(
    're-authorises the Bitrix24 OAuth connection through the consent page',
    async () => {
      const id = tenant.oauthConnectionId;
      await page.goto(`${hub.url}/#/connections/${encodeURIComponent(id)}/access`);
      // The way in it uses now is preselected, with the values the hub shows; the secret is typed again.
      expect(await page.getByTestId('method-bitrix24.oauth').isChecked()).toBe(true);
      expect(await page.getByTestId('auth-portalUrl').inputValue()).toBe(bx?.portalUrl);
      expect(await page.getByTestId('auth-clientId').inputValue()).toBe(bxApp.clientId);
      await page.getByTestId('auth-clientSecret').fill(bxApp.clientSecret);
      await page.getByTestId('reauth-submit').click();
      await page.locator('#allow').click();
      await page.getByTestId('connected-banner').waitFor();
      expect(page.url()).toMatch(/#\/connections\/[^/?]+\?connected=1$/);
      expect(decodeURIComponent(page.url())).toContain(id);
      const { entries } = await adminGet<{ entries: { entityId: string; detail: { fields: string[] } }[] }>(
        hub,
        `/admin/v1/tenants/${tenant.id}/activity?operation=connection.change&entityId=${id}`,
      );
      expect(entries[0]?.detail.fields).toContain('auth');
    },
  );

  it.skipIf(!bitrixBuiltIn)(
    'gives the webhook connection its application token without retyping the webhook URL',
    async () => {
      if (!bx) throw new Error('the Bitrix24 sandbox runs from an earlier test');
      await page.goto(`${hub.url}/#/connections/${encodeURIComponent(tenant.connectionId)}/access`);
      await page.getByTestId('app-token-missing').waitFor();
      const handlerUrl = await page.getByTestId('webhook-url').inputValue();
      const hook = bx.addOutgoingWebhook({ handlerUrl, events: ['ONCRMCONTACTUPDATE'] });
      await page.getByTestId('app-token-input').fill(hook.applicationToken);
      await page.getByTestId('app-token-save').click();
      await page.getByText('Токен сохранён').waitFor();
      await page.getByTestId('app-token-missing').waitFor({ state: 'detached' });
      expect(await page.getByTestId('auth-summary').textContent()).toContain(
        hook.applicationToken.slice(0, 3),
      );
      expect(await page.getByTestId('auth-summary').textContent()).toContain('/***/');
      await screenshot(page, 'connection-access');
      // Setup no longer asks for the token.
      await page.getByRole('link', { name: 'Состояние' }).click();
      const steps = page.getByTestId('setup-instructions');
      await steps.getByText('Токен приложения').waitFor();
      await page.getByTestId('run-setup').click();
      await steps.getByText('Токен приложения').waitFor({ state: 'detached' });
      expect(await steps.locator('li').count()).toBe(2);
    },
  );

  it('shows a Lime event in the live feed and in the client trail', async () => {
    await page.goto(`${hub.url}/#/tenants/${encodeURIComponent(tenant.id)}/feed`);
    await page.getByTestId('feed-table').waitFor();
    const sent = await postJson<{ accepted: number }>(
      `${hub.url}/v1/events`,
      { events: [clientEvent('cl-1001', 'Анна')] },
      tenant.apiKey,
    );
    expect(sent).toMatchObject({ status: 200, body: { accepted: 1 } });
    // The feed polls: the event appears without a reload.
    const row = page.getByTestId('feed-row').filter({ hasText: 'cl-1001' }).first();
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('Клиент создан или изменён в Лайме');
    expect(await row.textContent()).toMatch(DATE_TIME);

    if (tenant.connectionId) {
      // Written to the connected CRM after the flush delay; the row arrives by polling too.
      const created = page.getByTestId('feed-row').filter({ hasText: 'Контакт создан в CRM' }).first();
      await created.waitFor({ timeout: 30_000 });
      expect(await created.textContent()).toContain('cl-1001');
    }
    await screenshot(page, 'feed', 'scratch');

    await row.getByRole('link', { name: /cl-1001/ }).click();
    await page.getByTestId('trail-summary').waitFor();
    expect(await page.getByTestId('trail-summary').textContent()).toContain('Клиент известен limebridge');
    expect(await page.getByTestId('trail').getByTestId('feed-row').count()).toBeGreaterThan(0);
    if (tenant.connectionId) {
      const link = page.getByTestId('trail-links').locator('tr', { hasText: 'Битрикс24 · отдел продаж' });
      expect(await link.locator('td.mono').textContent()).toMatch(/^\d+$/);
    }
    await screenshot(page, 'trail', 'scratch');
  });

  it('searches a trail by Lime client id, also for a client nobody sent', async () => {
    await page.getByTestId('trail-input').fill('cl-unknown');
    await page.getByTestId('trail-search').click();
    await page.getByText('Лайм ещё не присылал этого клиента').waitFor();
  });

  it('polls the feed with after and filters it on the hub', async () => {
    const polled = page.waitForRequest((r) => /\/activity\?(.*&)?after=\d+/.test(r.url()));
    await page.goto(`${hub.url}/#/tenants/${encodeURIComponent(tenant.id)}/feed`);
    await page.getByTestId('feed-table').waitFor();
    await polled;

    const asked = page.waitForRequest((r) => r.url().includes('operation=client.'));
    await page.getByTestId('filter-operation').selectOption('client.');
    await asked;
    await page.getByTestId('feed-row').first().waitFor();
    const operations = await page.getByTestId('feed-operation').allTextContents();
    expect(operations.length).toBeGreaterThan(0);
    for (const text of operations) expect(text).toMatch(/Клиент|Правка из CRM/);
    expect(await page.getByTestId('feed-count').textContent()).toMatch(/\d+ операци(я|и|й)/);

    await page.getByTestId('filter-outcome').selectOption('conflict');
    await page.getByTestId('feed-empty').getByText('Нет операций по этим фильтрам').waitFor();
    await page.getByTestId('feed-empty').getByRole('button', { name: 'Сбросить фильтры' }).click();
    await page.getByTestId('feed-row').first().waitFor();
    expect(await page.getByTestId('filter-operation').inputValue()).toBe('');
  });

  it.skipIf(!bitrixBuiltIn)('shows the connection: state, figures, mapping, options, resync', async () => {
    await page.goto(`${hub.url}/#/connections/${encodeURIComponent(tenant.connectionId)}`);
    await page.getByTestId('flow-counts').waitFor();
    expect(await page.getByTestId('state-badge').first().textContent()).toBe('работает');
    await page.getByTestId('resync-start').click();
    await page.getByTestId('resync-run').filter({ hasText: 'Готово' }).waitFor({ timeout: 60_000 });
    expect(await page.getByText(/\d+ клиент(а|ов)?, \d+ товар(а|ов)?, \d+ предзаказ(а|ов)?/).count()).toBe(1);
    await screenshot(page, 'connection', 'scratch');

    await page.getByRole('link', { name: 'Поля' }).click();
    await page.getByTestId('field-mapping').waitFor();
    const names = await page
      .getByTestId('field-mapping')
      .locator('input')
      .evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    expect(names).toContain('UF_CRM_LIME_CHILDREN');
    // Setup ran twice by now (the second time after the application token): the fields were found.
    expect(await page.getByTestId('field-mapping').textContent()).toMatch(/найдено|создано/);
    await screenshot(page, 'connection-mapping');

    await page.getByRole('link', { name: 'Параметры' }).click();
    await page.getByTestId('flow-notes').uncheck();
    await page.getByTestId('options-save').click();
    await page.getByText('Параметры сохранены.').waitFor();
    const saved = await adminGet<{ options: { flows: { notes: boolean } } }>(
      hub,
      `/admin/v1/connections/${tenant.connectionId}`,
    );
    expect(saved.options.flows.notes).toBe(false);
    await screenshot(page, 'connection-options');

    await page.getByTestId('pause-toggle').click();
    await page.getByTestId('state-badge').filter({ hasText: 'на паузе' }).waitFor();
    await page.getByTestId('pause-toggle').click();
    await page.getByTestId('state-badge').filter({ hasText: 'работает' }).waitFor();

    await page.getByRole('link', { name: 'Ошибки' }).click();
    await page.getByTestId('dead-letters').getByText('Отклонённых записей нет.').waitFor();
  });

  // A refused item, made through public APIs only: after setup, the manager deletes one of limebridge's
  // custom fields in amoCRM, so the next contact write names a field that no longer exists and is refused.
  // Running setup again recreates the field; Retry then writes the contact.
  it.skipIf(!amoBuiltIn)('shows a refused contact as a dead letter and retries it after a fix', async () => {
    amo = await startAmoSandbox({ port: 0 });
    const { token } = (await postJson<{ token: string }>(`${amo.baseUrl}/_sandbox/long-lived-tokens`, {}))
      .body;
    const venue = await adminPost<{ id: string; apiKey: string }>(hub, '/admin/v1/tenants', {
      name: 'Парк «Лимон»',
    });
    const connection = await adminPost<{ id: string }>(hub, `/admin/v1/tenants/${venue.id}/connections`, {
      kind: 'amocrm',
      label: 'amoCRM · парк',
      baseUrl: amo.baseUrl,
      auth: { type: 'long_lived_token', token },
      options: { flushDelayMs: 0 },
    });
    const report = await adminPost<{ items: { what: string; name: string; remoteId?: string }[] }>(
      hub,
      `/admin/v1/connections/${connection.id}/setup`,
      {},
    );
    const visits = report.items.find((item: { name: string }) => item.name === 'Визитов');
    expect(visits?.remoteId).toBeDefined();
    const removed = await fetch(`${amo.baseUrl}/api/v4/contacts/custom_fields/${visits?.remoteId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(removed.status).toBe(204);
    const refused = ['cl-2002', 'cl-2003', 'cl-2004'];
    const events = refused.map((id, index) =>
      clientEvent(id, 'Борис', { phone: `+7 916 200-00-0${index}`, email: `${id}@example.ru` }),
    );
    await postJson(`${hub.url}/v1/events`, { events }, venue.apiKey);
    await eventually(async () => {
      const { deadLetters } = await adminGet<{ deadLetters: unknown[] }>(
        hub,
        `/admin/v1/dead-letters?connectionId=${connection.id}`,
      );
      return deadLetters.length === refused.length;
    }, 30_000);

    tenant.amoConnectionId = connection.id;
    await page.goto(`${hub.url}/#/connections/${connection.id}/problems`);
    const letter = page.getByTestId('dead-letter').filter({ hasText: 'cl-2002' });
    await letter.waitFor();
    expect(await letter.textContent()).toContain('CRM отклонила');
    expect(await page.getByTestId('dead-count').textContent()).toBe('3 отклонённые записи');
    await screenshot(page, 'dead-letters', 'scratch');

    await page.getByRole('link', { name: 'Состояние' }).click();
    await page.getByTestId('run-setup').click();
    await page.getByTestId('setup-report').getByText('Визитов').waitFor();
    await page.getByRole('link', { name: /Ошибки/ }).click();
    await letter.getByTestId('dead-retry').click();
    await page.getByTestId('dead-count').filter({ hasText: '2 отклонённые записи' }).waitFor();
    await page.getByTestId('dead-retry-all').click();
    await page.getByTestId('dead-letters').getByText('Отклонённых записей нет.').waitFor();
    await page.getByRole('link', { name: 'Лента' }).click();
    await page.getByTestId('feed-row').filter({ hasText: 'Повтор отклонённой записи' }).first().waitFor();
    for (const id of refused) {
      await page
        .getByTestId('feed-row')
        .filter({ hasText: 'Контакт создан в CRM' })
        .filter({ hasText: id })
        .first()
        .waitFor({ timeout: 30_000 });
    }
  });

  it.skipIf(!amoBuiltIn)(
    're-authorises the amoCRM connection by OAuth through its consent page',
    async () => {
      if (!amo) throw new Error('the amoCRM sandbox runs from the previous test');
      const integration = await postJson<{ clientId: string; clientSecret: string }>(
        `${amo.baseUrl}/_sandbox/integrations`,
        { redirectUri: `${hub.url}/oauth/callback` },
      );
      await page.goto(`${hub.url}/#/connections/${tenant.amoConnectionId}/access`);
      expect(await page.getByTestId('method-amocrm.token').isChecked()).toBe(true);
      await page.getByTestId('method-amocrm.oauth').check();
      expect(await page.getByTestId('auth-baseUrl').inputValue()).toBe(amo.baseUrl);
      await page.getByTestId('auth-clientId').fill(integration.body.clientId);
      await page.getByTestId('auth-clientSecret').fill(integration.body.clientSecret);
      await page.getByTestId('auth-authorizeUrl').fill(`${amo.baseUrl}/oauth`);
      await page.getByTestId('reauth-submit').click();
      await page.locator('#allow').click();
      await page.getByTestId('connected-banner').waitFor();
      expect(decodeURIComponent(page.url())).toContain(`#/connections/${tenant.amoConnectionId}?connected=1`);
      await page.getByRole('link', { name: 'Доступ' }).click();
      await page.getByTestId('auth-summary').getByText('OAuth', { exact: true }).waitFor();
      expect(await page.getByTestId('method-amocrm.oauth').isChecked()).toBe(true);
      expect(await page.getByTestId('state-badge').first().textContent()).toBe('работает');
    },
  );

  it('lists the tenants on the overview with their Lime delivery', async () => {
    await page.goto(`${hub.url}/#/`);
    const block = page.getByTestId('tenant-block').filter({ hasText: 'Аквапарк «Волна»' });
    await block.waitFor();
    await block.getByTestId('lime-delivery').waitFor();
    await page.getByRole('button', { name: 'Скрыть' }).click();
    await page.getByTestId('intro-panel').waitFor({ state: 'detached' });
    await screenshot(page, 'overview', 'scratch');
    await page.getByTestId('lang-en').click();
    await screenshot(page, 'overview-en', 'scratch');
    await page.getByTestId('lang-ru').click();
  });

  it('logs out', async () => {
    await page.getByTestId('logout').click();
    await page.getByTestId('login-token').waitFor();
  });
});
