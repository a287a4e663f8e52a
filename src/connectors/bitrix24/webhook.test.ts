import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conn, RawWebhook } from '../contract.ts';
import { bitrix24 } from './index.ts';
import { startPortal, type TestPortal } from './test-portal.ts';
import { BOUND_EVENTS } from './webhook.ts';

let portal: TestPortal;
let receiver: Server;
let handlerUrl: string;
const deliveries: RawWebhook[] = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (part: string) => {
      body += part;
    });
    request.on('end', () => {
      deliveries.push({
        headers: { ...request.headers } as Record<string, string>,
        contentType: request.headers['content-type'] ?? '',
        body,
      });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  handlerUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/cn/secret`;
  portal = await startPortal();
});
afterAll(async () => {
  await portal.close();
  await new Promise((resolve) => receiver.close(resolve));
});

function withToken(conn: Conn, applicationToken: string | null): Conn {
  const credentials = { type: 'webhook', url: portal.sandbox.webhookUrl, applicationToken };
  return { ...conn, credentials };
}

describe('decodeWebhook', () => {
  it('decodes real deliveries of the outgoing webhook into touched/deleted changes', async () => {
    const hook = portal.sandbox.addOutgoingWebhook({ handlerUrl, events: [...BOUND_EVENTS] });
    const { ui } = portal.sandbox;
    const contact = ui.createContact({
      NAME: 'Вера',
      PHONE: [{ VALUE: '+79990000001', VALUE_TYPE: 'MOBILE' }],
    });
    ui.updateContact(contact, { LAST_NAME: 'Смирнова' });
    const deal = ui.createDeal({ title: 'Предзаказ', contactId: contact });
    ui.deleteContact(contact);
    await portal.sandbox.deliveriesIdle();

    const conn = withToken(portal.conn, hook.applicationToken);
    expect(deliveries.length).toBeGreaterThanOrEqual(4);
    expect(deliveries.every((raw) => raw.contentType.startsWith('application/x-www-form-urlencoded'))).toBe(
      true,
    );
    const changes = deliveries.flatMap((raw) => {
      const decoded = bitrix24.decodeWebhook(conn, raw);
      if (!decoded.ok) throw new Error(JSON.stringify(decoded.error));
      return decoded.value;
    });
    expect(changes).toEqual(
      expect.arrayContaining([
        { kind: 'contact.touched', remoteId: String(contact) },
        { kind: 'preorder.touched', remoteId: String(deal) },
        { kind: 'contact.deleted', remoteId: String(contact) },
      ]),
    );
    expect(changes.filter((change) => change.kind === 'contact.touched')).toHaveLength(2);
  });

  it('refuses a wrong token, and every delivery while no token is configured', () => {
    const raw = deliveries[0];
    if (!raw) throw new Error('no delivery captured');
    expect(bitrix24.decodeWebhook(withToken(portal.conn, 'not-the-token'), raw)).toMatchObject({
      ok: false,
      error: { kind: 'unauthorized' },
    });
    expect(bitrix24.decodeWebhook(withToken(portal.conn, null), raw)).toMatchObject({
      ok: false,
      error: { kind: 'unauthorized', detail: expect.stringContaining('PATCH') },
    });
  });

  it('never throws on junk, and ignores events it does not subscribe to', () => {
    const conn = withToken(portal.conn, 'tok');
    const raw = (body: string, contentType = 'application/x-www-form-urlencoded'): RawWebhook => ({
      headers: {},
      contentType,
      body,
    });
    expect(bitrix24.decodeWebhook(conn, raw('%%%&&&=')).ok).toBe(false);
    expect(bitrix24.decodeWebhook(conn, raw('{not json', 'application/json')).ok).toBe(false);
    expect(
      bitrix24.decodeWebhook(conn, raw('event=ONCRMLEADADD&data[FIELDS][ID]=5&auth[application_token]=tok')),
    ).toEqual({ ok: true, value: [] });
    expect(
      bitrix24.decodeWebhook(conn, raw('event=ONCRMDEALUPDATE&auth[application_token]=tok')),
    ).toMatchObject({
      ok: false,
      error: { kind: 'malformed' },
    });
  });
});
