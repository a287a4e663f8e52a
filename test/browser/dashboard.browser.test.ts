/**
 * The operators' dashboard in a real browser against a real hub: login, language, a tenant and its
 * secrets, connecting a CRM (or the error shown while no connector is built in), the live feed and a
 * client's trail after a Lime event, and screenshots of the main screens into docs/screenshots/.
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
  const tenant = { id: '', apiKey: '', connectionId: '' };

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

  it.skipIf(amoBuiltIn)('shows the hub error and its details when the CRM cannot be connected', async () => {
    await page.getByTestId('kind-amocrm').click();
    await page.getByTestId('auth-baseUrl').fill('http://127.0.0.1:9/');
    await page.getByTestId('auth-token').fill('a-long-lived-token');
    await page.getByTestId('connect-submit').click();
    const box = page.getByTestId('error-box');
    await box.waitFor();
    const text = (await box.textContent()) ?? '';
    expect(text).toContain('not_implemented');
    expect(text).toContain('amocrm');
    await screenshot(page, 'connect-error');
    await page.getByRole('button', { name: 'сменить' }).click();
  });

  it.skipIf(!bitrixBuiltIn)(
    'connects Bitrix24 by incoming webhook, runs setup and shows its report',
    async () => {
      bx = await startBitrixSandbox({ port: 0 });
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
  });

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
    await screenshot(page, 'feed');

    await row.getByRole('link', { name: /cl-1001/ }).click();
    await page.getByTestId('trail-summary').waitFor();
    expect(await page.getByTestId('trail-summary').textContent()).toContain('Клиент известен limebridge');
    expect(await page.getByTestId('trail').getByTestId('feed-row').count()).toBeGreaterThan(0);
    if (tenant.connectionId) {
      const link = page.getByTestId('trail-links').locator('tr', { hasText: 'Битрикс24 · отдел продаж' });
      expect(await link.locator('td.mono').textContent()).toMatch(/^\d+$/);
    }
    await screenshot(page, 'trail');
  });

  it('searches a trail by Lime client id, also for a client nobody sent', async () => {
    await page.getByTestId('trail-input').fill('cl-unknown');
    await page.getByTestId('trail-search').click();
    await page.getByText('Лайм ещё не присылал этого клиента').waitFor();
  });

  it.skipIf(!bitrixBuiltIn)('shows the connection: state, figures, mapping, options, resync', async () => {
    await page.goto(`${hub.url}/#/connections/${encodeURIComponent(tenant.connectionId)}`);
    await page.getByTestId('flow-counts').waitFor();
    expect(await page.getByTestId('state-badge').first().textContent()).toBe('работает');
    await page.getByTestId('resync-start').click();
    await page.getByTestId('resync-run').filter({ hasText: 'Готово' }).waitFor({ timeout: 60_000 });
    await screenshot(page, 'connection');

    await page.getByRole('link', { name: 'Поля' }).click();
    await page.getByTestId('field-mapping').waitFor();
    const names = await page
      .getByTestId('field-mapping')
      .locator('input')
      .evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    expect(names).toContain('UF_CRM_LIME_CHILDREN');
    expect(await page.getByTestId('field-mapping').textContent()).toContain('создано');
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
    await postJson(`${hub.url}/v1/events`, { events: [clientEvent('cl-2002', 'Борис')] }, venue.apiKey);
    await eventually(async () => {
      const { deadLetters } = await adminGet<{ deadLetters: unknown[] }>(
        hub,
        `/admin/v1/dead-letters?connectionId=${connection.id}`,
      );
      return deadLetters.length > 0;
    }, 30_000);

    await page.goto(`${hub.url}/#/connections/${connection.id}/problems`);
    const letter = page.getByTestId('dead-letter').first();
    await letter.waitFor();
    expect(await letter.textContent()).toContain('cl-2002');
    expect(await letter.textContent()).toContain('CRM отклонила');
    await screenshot(page, 'dead-letters');

    await page.getByRole('link', { name: 'Состояние' }).click();
    await page.getByTestId('run-setup').click();
    await page.getByTestId('setup-report').getByText('Визитов').waitFor();
    await page.getByRole('link', { name: /Ошибки/ }).click();
    await page.getByTestId('dead-retry').first().click();
    await page.getByTestId('dead-letters').getByText('Отклонённых записей нет.').waitFor();
    await page.getByRole('link', { name: 'Лента' }).click();
    await page.getByTestId('feed-row').filter({ hasText: 'Повтор отклонённой записи' }).first().waitFor();
    await page
      .getByTestId('feed-row')
      .filter({ hasText: 'Контакт создан в CRM' })
      .first()
      .waitFor({ timeout: 30_000 });
  });

  it('lists the tenant on the overview with its Lime delivery', async () => {
    await page.goto(`${hub.url}/#/`);
    await page.getByTestId('tenant-block').waitFor();
    expect(await page.getByTestId('tenant-block').textContent()).toContain('Аквапарк «Волна»');
    await page.getByTestId('lime-delivery').first().waitFor();
    await page.getByRole('button', { name: 'Скрыть' }).click();
    await page.getByTestId('intro-panel').waitFor({ state: 'detached' });
    await screenshot(page, 'overview');
    await page.getByTestId('lang-en').click();
    await screenshot(page, 'overview-en');
    await page.getByTestId('lang-ru').click();
  });

  it('logs out', async () => {
    await page.getByTestId('logout').click();
    await page.getByTestId('login-token').waitFor();
  });
});
