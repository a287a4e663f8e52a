/**
 * Screenshots of the main screens with real data, taken from a running demo:
 *
 *   npm run demo -- --data-dir /tmp/shots --port 18500        (wait a minute)
 *   npx node test/browser/shoot-demo.ts --url http://127.0.0.1:18500 --token <admin token>
 *
 * Shoots the overview (Russian and English), a connection, the feed, a client's trail and the dead letters
 * into docs/screenshots/. For the dead letters it makes a refusal through public APIs only, as a CRM manager
 * could: it deletes one of limebridge's custom fields in the amoCRM sandbox, so the next contact write names
 * a field that no longer exists. Afterwards it runs setup again and retries, which repairs the demo.
 */
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:18500' },
    token: { type: 'string' },
  },
});
const hub = values.url ?? '';
const token = values.token ?? process.env.LIMEBRIDGE_ADMIN_TOKEN ?? '';

type Connection = {
  id: string;
  kind: string;
  auth: { baseUrl?: string } | null;
  setup: { report: { items: { name: string; remoteId?: string }[] } | null };
};
type Entry = { entity: string | null; entityId: string | null; source: string };

async function adminCall<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${hub}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Deletes the amoCRM custom field «Визитов» (as a manager might); the next contact write is refused. */
async function refuseInAmo(amo: Connection): Promise<void> {
  const baseUrl = amo.auth?.baseUrl;
  const field = amo.setup.report?.items.find((item) => item.name === 'Визитов')?.remoteId;
  if (!baseUrl || !field) throw new Error('the amoCRM connection has no setup report with «Визитов»');
  const issued = await fetch(`${baseUrl}/_sandbox/long-lived-tokens`, { method: 'POST', body: '{}' });
  const { token: amoToken } = (await issued.json()) as { token: string };
  const removed = await fetch(`${baseUrl}/api/v4/contacts/custom_fields/${field}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${amoToken}` },
  });
  if (removed.status !== 204) throw new Error(`deleting the field answered ${removed.status}`);
}

async function shoot(page: Page, path: string, testId: string, name: string): Promise<void> {
  await page.goto(`${hub}/#${path}`);
  await page.getByTestId(testId).first().waitFor();
  // Let the polls and relative times settle.
  await page.waitForTimeout(1500);
  await screenshot(page, name);
}

async function main(): Promise<void> {
  if (!token) throw new Error('give the admin token the demo printed: --token <token>');
  const { tenants } = await adminCall<{ tenants: { id: string }[] }>('GET', '/admin/v1/tenants');
  const tenantId = tenants[0]?.id;
  if (!tenantId) throw new Error('the demo has no tenant yet');
  const { connections } = await adminCall<{ connections: Connection[] }>(
    'GET',
    `/admin/v1/tenants/${tenantId}/connections`,
  );
  const amo = connections.find((c) => c.kind === 'amocrm');
  if (!amo) throw new Error('the demo has no amoCRM connection');

  await refuseInAmo(amo);
  await until('a dead letter', async () => {
    const { deadLetters } = await adminCall<{ deadLetters: unknown[] }>(
      'GET',
      `/admin/v1/dead-letters?connectionId=${amo.id}`,
    );
    return deadLetters.length > 0 ? true : undefined;
  });
  const { entries } = await adminCall<{ entries: Entry[] }>(
    'GET',
    `/admin/v1/tenants/${tenantId}/activity?entity=client&source=lime&limit=1`,
  );
  const clientId = entries[0]?.entityId;

  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'ru-RU' });
    page.setDefaultTimeout(20_000);
    await page.goto(hub);
    await page.getByTestId('login-token').fill(token);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('tenant-block').first().waitFor();
    const dismiss = page.getByRole('button', { name: 'Скрыть' });
    if (await dismiss.isVisible()) await dismiss.click();

    await shoot(page, '/', 'connection-card', 'overview');
    await page.getByTestId('lang-en').click();
    await screenshot(page, 'overview-en');
    await page.getByTestId('lang-ru').click();
    await shoot(page, `/connections/${amo.id}`, 'flow-counts', 'connection');
    await shoot(page, `/tenants/${tenantId}/feed`, 'feed-row', 'feed');
    if (clientId) await shoot(page, `/tenants/${tenantId}/trail?client=${clientId}`, 'trail-links', 'trail');
    await shoot(page, `/connections/${amo.id}/problems`, 'dead-letter', 'dead-letters');
  } finally {
    await browser.close();
  }

  // Repair the demo: setup recreates the field, and every refused item is owed again. The busy demo may
  // meet the sandbox's rate limit (a 502 from setup): try again a few times.
  await until('a setup that passes', () =>
    adminCall('POST', `/admin/v1/connections/${amo.id}/setup`).then(
      () => true,
      () => undefined,
    ),
  );
  const { deadLetters } = await adminCall<{ deadLetters: { id: number }[] }>(
    'GET',
    `/admin/v1/dead-letters?connectionId=${amo.id}`,
  );
  for (const letter of deadLetters) await adminCall('POST', `/admin/v1/dead-letters/${letter.id}/retry`);
  process.stdout.write(`screenshots written; ${deadLetters.length} refused item(s) retried after setup\n`);
}

await main();
