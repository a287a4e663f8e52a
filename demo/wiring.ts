/**
 * Wires the demo venue once through the public admin API (tenant, two CRM connections, setup) and
 * remembers the result in the data directory, so a restart picks up where the demo left off.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import type { AmoSandbox } from '../sandbox/amocrm/index.ts';
import type { BitrixSandbox } from '../sandbox/bitrix24/index.ts';

export type DemoWiring = {
  tenantId: string;
  apiKey: string;
  webhookSecret: string;
  amocrmConnectionId: string | null;
  bitrixConnectionId: string | null;
};

type Admin = { url: string; token: string };

export async function wireDemo(
  admin: Admin,
  dataDir: string,
  crm: { amo: AmoSandbox; bitrix: BitrixSandbox },
  limeWebhookUrl: string,
  log: (line: string) => void,
): Promise<DemoWiring> {
  const file = join(dataDir, 'demo-wiring.json');
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoWiring) : null;
  const wiring = saved ?? (await createTenant(admin, limeWebhookUrl));
  await call(admin, 'PATCH', `/admin/v1/tenants/${wiring.tenantId}`, { limeWebhookUrl });
  if (!wiring.amocrmConnectionId) {
    const created = await call<{ id: string }>(
      admin,
      'POST',
      `/admin/v1/tenants/${wiring.tenantId}/connections`,
      {
        kind: 'amocrm',
        label: 'amoCRM (песочница)',
        baseUrl: crm.amo.baseUrl,
        auth: { type: 'long_lived_token', token: crm.amo.longLivedToken(5 * 365 * 86_400) },
        options: { flushDelayMs: 2000, pollIntervalSeconds: 30 },
      },
    );
    wiring.amocrmConnectionId = created.id;
    log(`connected the amoCRM sandbox (${created.id})`);
  }
  if (!wiring.bitrixConnectionId) {
    const created = await call<{ id: string; webhookUrl: string }>(
      admin,
      'POST',
      `/admin/v1/tenants/${wiring.tenantId}/connections`,
      {
        kind: 'bitrix24',
        label: 'Bitrix24 (песочница)',
        auth: { type: 'webhook', url: crm.bitrix.webhookUrl },
        options: { flushDelayMs: 2000, pollIntervalSeconds: 30 },
      },
    );
    // What an operator does by hand in Bitrix24: an outgoing webhook to our URL, and its token given back.
    const hook = crm.bitrix.addOutgoingWebhook({
      handlerUrl: created.webhookUrl,
      events: [
        'ONCRMCONTACTADD',
        'ONCRMCONTACTUPDATE',
        'ONCRMCONTACTDELETE',
        'ONCRMDEALADD',
        'ONCRMDEALUPDATE',
      ],
    });
    await call(admin, 'PATCH', `/admin/v1/connections/${created.id}`, {
      auth: { type: 'webhook', url: crm.bitrix.webhookUrl, applicationToken: hook.applicationToken },
    });
    wiring.bitrixConnectionId = created.id;
    log(`connected the Bitrix24 sandbox (${created.id})`);
  }
  writeFileSync(file, JSON.stringify(wiring, null, 2), { mode: 0o600 });
  for (const id of [wiring.amocrmConnectionId, wiring.bitrixConnectionId]) {
    const report = await call<{ items: { status: string }[] }>(
      admin,
      'POST',
      `/admin/v1/connections/${id}/setup`,
    );
    const created = report.items.filter((item) => item.status === 'created').length;
    log(`setup of ${id}: ${report.items.length} items checked, ${created} created`);
  }
  return wiring;
}

async function createTenant(admin: Admin, limeWebhookUrl: string): Promise<DemoWiring> {
  const tenant = await call<{ id: string; apiKey: string; webhookSecret: string }>(
    admin,
    'POST',
    '/admin/v1/tenants',
    {
      name: 'Аквапарк «Волна» (демо)',
      timezone: 'Europe/Moscow',
      limeWebhookUrl,
    },
  );
  return {
    tenantId: tenant.id,
    apiKey: tenant.apiKey,
    webhookSecret: tenant.webhookSecret,
    amocrmConnectionId: null,
    bitrixConnectionId: null,
  };
}

export async function call<T = unknown>(
  admin: Admin,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const answer = await request(`${admin.url}${path}`, {
    method: method as 'GET',
    headers: {
      authorization: `Bearer ${admin.token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await answer.body.text();
  if (answer.statusCode >= 400) throw new Error(`${method} ${path} → ${answer.statusCode} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}
