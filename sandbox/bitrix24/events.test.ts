import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BitrixSandbox, startBitrixSandbox } from './index.ts';
import { postJson, type Receiver, rest, startReceiver } from './test-support.ts';

let sandbox: BitrixSandbox;
let receiver: Receiver;
const call = (method: string, params: unknown = {}) => rest(sandbox.webhookUrl, method, params);

beforeEach(async () => {
  sandbox = await startBitrixSandbox();
  receiver = await startReceiver();
});

afterEach(async () => {
  await sandbox.close();
  await receiver.close();
});

async function outgoingWebhook(events: string[]) {
  const answer = await postJson(`${sandbox.portalUrl}/_sandbox/outgoing-webhooks`, {
    handlerUrl: receiver.url,
    events,
  });
  expect(answer.status).toBe(200);
  return answer.body as { id: number; applicationToken: string };
}

describe('outgoing webhook deliveries', () => {
  it('posts the exact form body for every change, the integration’s own writes included', async () => {
    const hook = await outgoingWebhook(['ONCRMCONTACTADD', 'ONCRMCONTACTUPDATE']);
    await call('crm.contact.add', { fields: { NAME: 'Ann' } });
    sandbox.ui.updateContact(1, { NAME: 'Anna' });
    const [added, updated] = await receiver.waitFor(2);

    expect(added?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(added?.raw).toMatch(
      /^event=ONCRMCONTACTADD&event_handler_id=\d+&data%5BFIELDS%5D%5BID%5D=1&ts=\d+&auth%5Bdomain%5D=/,
    );
    const portal = new URL(sandbox.portalUrl);
    expect(added?.parsed).toEqual({
      event: 'ONCRMCONTACTADD',
      event_handler_id: expect.stringMatching(/^\d+$/),
      data: { FIELDS: { ID: '1' } },
      ts: expect.stringMatching(/^\d{10}$/),
      auth: {
        domain: portal.host,
        client_endpoint: `${sandbox.portalUrl}/rest/`,
        server_endpoint: `${sandbox.oauthUrl}/rest/`,
        member_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        application_token: hook.applicationToken,
      },
    });
    expect(updated?.parsed.event).toBe('ONCRMCONTACTUPDATE');
    await sandbox.deliveriesIdle();
    expect(sandbox.stats().events).toEqual({ sent: 2, failed: 0, dropped: 0, duplicated: 0 });
  });

  it('drops and duplicates on request and never retries a failing handler', async () => {
    await outgoingWebhook(['ONCRMDEALADD']);
    sandbox.configure({ eventDropRate: 1 });
    await call('crm.deal.add', { fields: { TITLE: 'Dropped' } });
    sandbox.configure({ eventDropRate: 0, eventDuplicateRate: 1 });
    await call('crm.deal.add', { fields: { TITLE: 'Twice' } });
    await sandbox.deliveriesIdle();
    expect(receiver.received.map((event) => event.parsed.data.FIELDS.ID)).toEqual(['2', '2']);
    expect(sandbox.stats().events).toMatchObject({ sent: 2, dropped: 1, duplicated: 1 });

    const failing = await startReceiver(500);
    try {
      await postJson(`${sandbox.portalUrl}/_sandbox/outgoing-webhooks`, {
        handlerUrl: failing.url,
        events: ['ONCRMDEALUPDATE'],
      });
      sandbox.configure({ eventDuplicateRate: 0 });
      await call('crm.deal.update', { id: 1, fields: { TITLE: 'x' } });
      await sandbox.deliveriesIdle();
      expect(failing.received).toHaveLength(1);
      expect(sandbox.stats().events.failed).toBe(1);
    } finally {
      await failing.close();
    }
  });

  it('fires deal events for UI stage moves and product rows', async () => {
    await outgoingWebhook(['ONCRMDEALUPDATE']);
    const deal = (await postJson(`${sandbox.portalUrl}/_sandbox/ui/deals`, { title: 'Walk-in' })).body.id;
    await postJson(`${sandbox.portalUrl}/_sandbox/ui/deals/${deal}/stage`, { stageId: 'WON' });
    await call('crm.deal.productrows.set', { id: deal, rows: [{ PRODUCT_NAME: 'X', PRICE: 10 }] });
    await receiver.waitFor(2);
    await sandbox.deliveriesIdle();
    expect(receiver.received.map((event) => event.parsed.event)).toEqual([
      'ONCRMDEALUPDATE',
      'ONCRMDEALUPDATE',
    ]);
  });
});

describe('application bindings', () => {
  it('binds through event.bind and delivers a usable access token', async () => {
    const app = sandbox.createApp({ redirectUri: 'https://app.example.com/cb' });
    const installed = await sandbox.installApp(app.clientId);
    const base = `${sandbox.portalUrl}/rest/`;
    const bind = await rest(base, 'event.bind', {
      event: 'onCrmContactAdd',
      handler: receiver.url,
      auth: installed.accessToken,
    });
    expect(bind.body.result).toBe(true);
    const duplicate = await rest(base, 'event.bind', {
      event: 'ONCRMCONTACTADD',
      handler: receiver.url,
      auth: installed.accessToken,
    });
    expect(duplicate.body.error).toBe('ERROR_CORE');
    const unknown = await rest(base, 'event.bind', {
      event: 'ONSOMETHING',
      handler: receiver.url,
      auth: installed.accessToken,
    });
    expect(unknown.body).toEqual({ error: 'ERROR_EVENT_NOT_FOUND', error_description: 'Event not found' });
    expect((await rest(base, 'event.get', { auth: installed.accessToken })).body.result).toEqual([
      { event: 'ONCRMCONTACTADD', handler: receiver.url, auth_type: '0', offline: 0 },
    ]);

    sandbox.ui.createContact({ NAME: 'From UI' });
    const [event] = await receiver.waitFor(1);
    expect(event?.parsed.auth).toMatchObject({
      application_token: app.applicationToken,
      expires_in: '3600',
      status: 'L',
    });
    const viaEventToken = await rest(base, 'crm.contact.get', {
      id: 1,
      auth: event?.parsed.auth.access_token,
    });
    expect(viaEventToken.body.result.NAME).toBe('From UI');

    const unbind = await rest(base, 'event.unbind', {
      event: 'ONCRMCONTACTADD',
      handler: receiver.url,
      auth: installed.accessToken,
    });
    expect(unbind.body.result).toEqual({ count: 1 });
  });

  it('queues offline events without the app’s own auth_connector writes', async () => {
    const app = sandbox.createApp({ redirectUri: 'https://app.example.com/cb' });
    const { accessToken } = await sandbox.installApp(app.clientId);
    const base = `${sandbox.portalUrl}/rest/`;
    const auth = { auth: accessToken, auth_connector: 'sync' };
    await rest(base, 'event.bind', { event: 'ONCRMCONTACTUPDATE', event_type: 'offline', ...auth });
    await call('crm.contact.add', { fields: { NAME: 'A' } });
    await rest(base, 'crm.contact.update', { id: 1, fields: { NAME: 'Own write' }, ...auth });
    expect((await rest(base, 'event.offline.get', { ...auth })).body.result.events).toEqual([]);

    sandbox.ui.updateContact(1, { NAME: 'Human' });
    sandbox.ui.updateContact(1, { NAME: 'Human again' });
    const reserved = await rest(base, 'event.offline.get', { clear: 0, ...auth });
    expect(reserved.body.result.events).toHaveLength(1);
    expect(reserved.body.result.events[0]).toMatchObject({
      EVENT_NAME: 'ONCRMCONTACTUPDATE',
      EVENT_DATA: { FIELDS: { ID: 1 } },
    });
    const processId = reserved.body.result.process_id;
    expect((await rest(base, 'event.offline.get', { clear: 0, ...auth })).body.result.events).toEqual([]);
    expect((await rest(base, 'event.offline.clear', { process_id: processId, ...auth })).body.result).toBe(
      true,
    );
    expect((await rest(base, 'event.offline.list', { ...auth })).body.result).toEqual([]);
  });
});
