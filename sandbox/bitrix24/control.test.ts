import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type BitrixSandbox, startBitrixSandbox } from './index.ts';
import { http, postJson, rest } from './test-support.ts';

const opened: BitrixSandbox[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const sandbox of opened.splice(0)) await sandbox.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function open(options: Parameters<typeof startBitrixSandbox>[0] = {}) {
  const sandbox = await startBitrixSandbox(options);
  opened.push(sandbox);
  return sandbox;
}

describe('UI actions and dumps', () => {
  it('acts as the manager through HTTP and shows the result in the dumps', async () => {
    const sandbox = await open();
    const product = (
      await rest(sandbox.webhookUrl, 'crm.product.add', {
        fields: { NAME: 'Ticket', PRICE: 500, CURRENCY_ID: 'RUB' },
      })
    ).body.result;
    const contact = (
      await postJson(`${sandbox.portalUrl}/_sandbox/ui/contacts`, {
        NAME: 'Ann',
        PHONE: [{ VALUE: '+7999' }],
      })
    ).body.id;
    const phoneId = sandbox.state.contact(contact)?.PHONE;
    await postJson(
      `${sandbox.portalUrl}/_sandbox/ui/contacts/${contact}`,
      { fields: { PHONE: [{ ID: (phoneId as Array<{ ID: string }>)[0]?.ID, VALUE: '+7000' }] } },
      'PATCH',
    );
    const deal = (
      await postJson(`${sandbox.portalUrl}/_sandbox/ui/deals`, {
        title: 'Box office',
        contactId: contact,
        rows: [{ productId: product, quantity: 2 }],
      })
    ).body.id;
    await postJson(
      `${sandbox.portalUrl}/_sandbox/ui/deals/${deal}/rows`,
      { rows: [{ productId: product, quantity: 3, price: 400 }] },
      'PUT',
    );

    const contacts = (await http(`${sandbox.portalUrl}/_sandbox/contacts`)).body;
    expect(contacts[0]).toMatchObject({ NAME: 'Ann', CREATED_BY_ID: '2', PHONE: [{ VALUE: '+7000' }] });
    const deals = (await http(`${sandbox.portalUrl}/_sandbox/deals`)).body;
    expect(deals[0]).toMatchObject({
      TITLE: 'Box office',
      OPPORTUNITY: '1200.00',
      CONTACT_IDS: [String(contact)],
    });
    const rows = (await http(`${sandbox.portalUrl}/_sandbox/productrows?dealId=${deal}`)).body;
    expect(rows).toHaveLength(1);
    expect((await http(`${sandbox.portalUrl}/_sandbox/statuses?entityId=DEAL_STAGE`)).body).toHaveLength(8);

    const missing = await http(`${sandbox.portalUrl}/_sandbox/ui/contacts/99`, { method: 'DELETE' });
    expect(missing.status).toBe(404);
    expect(
      (await http(`${sandbox.portalUrl}/_sandbox/ui/contacts/${contact}`, { method: 'DELETE' })).body,
    ).toEqual({ ok: true });
    expect(sandbox.state.contacts()).toEqual([]);
  });

  it('validates knobs, resets the portal and keeps the webhook URL', async () => {
    const sandbox = await open();
    const bad = await postJson(`${sandbox.portalUrl}/_sandbox/config`, { failureRate: 2 });
    expect(bad.status).toBe(400);
    const good = await postJson(`${sandbox.portalUrl}/_sandbox/config`, { latencyMs: 1 });
    expect(good.body).toMatchObject({ latencyMs: 1, bucketSize: 50 });
    await rest(sandbox.webhookUrl, 'crm.contact.add', { fields: { NAME: 'A' } });
    expect((await postJson(`${sandbox.portalUrl}/_sandbox/reset`, {})).body).toEqual({ ok: true });
    expect(sandbox.stats().requests).toBe(0);
    const after = await rest(sandbox.webhookUrl, 'crm.contact.list');
    expect(after.body.total).toBe(0);
    expect(sandbox.configure({}).latencyMs).toBe(0);
  });
});

describe('state file', () => {
  it('survives a restart with the same data, ids and webhook secret', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bx-sandbox-'));
    dirs.push(dir);
    const stateFile = join(dir, 'portal.json');
    const first = await startBitrixSandbox({ stateFile, persistDebounceMs: 10 });
    await rest(first.webhookUrl, 'crm.contact.add', {
      fields: { NAME: 'Persisted', PHONE: [{ VALUE: '+7999' }] },
    });
    const app = first.createApp({ redirectUri: 'https://app.example.com/cb' });
    const { accessToken } = await first.installApp(app.clientId);
    const webhookSecret = new URL(first.webhookUrl).pathname;
    await first.close();
    expect(JSON.parse(await readFile(stateFile, 'utf8')).version).toBe(1);

    const second = await open({ stateFile, persistDebounceMs: 10 });
    expect(new URL(second.webhookUrl).pathname).toBe(webhookSecret);
    const contact = await rest(second.webhookUrl, 'crm.contact.get', { id: 1 });
    expect(contact.body.result).toMatchObject({ NAME: 'Persisted', PHONE: [{ ID: '1', VALUE: '+7999' }] });
    expect((await rest(second.webhookUrl, 'crm.contact.add', { fields: { NAME: 'Next' } })).body.result).toBe(
      2,
    );
    expect(
      (await rest(`${second.portalUrl}/rest/`, 'crm.contact.list', { auth: accessToken })).body.total,
    ).toBe(2);
  });
});
