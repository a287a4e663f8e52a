/**
 * Push to Lime: `POST <limeWebhookUrl>` signed with the tenant's webhook secret, in order, with times in
 * the tenant's zone; anything but a 2xx is retried with the same events, nothing lost or reordered
 * (lime-protocol.md §3).
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPush } from '../../src/connectors/lime/signature.ts';
import { appendOutbound, type OutboundDraft } from '../../src/store/events-repo.ts';
import { ENGINES } from '../support/databases.ts';
import { admin, createTenant, eventually, startTestHub, type TestHub } from '../support/hub.ts';
import { uid } from './helpers.ts';

type Pushed = { events: { id: string; type: string; occurredAt: string; data: { clientId: string } }[] };
type Delivery = { raw: string; headers: IncomingHttpHeaders; body: Pushed; status: number };
type TenantView = {
  limeWebhookUrl: string | null;
  limeDelivery: {
    mode: 'push' | 'pull';
    undelivered: number;
    attempts: number;
    lastError: string | null;
    lastSuccessAt: string | null;
    nextAttemptAt: string | null;
    failingSince: string | null;
  };
};

/** A stand-in for Lime's webhook: records every request and answers what `answer` says. */
class LimeReceiver {
  readonly deliveries: Delivery[] = [];
  answer = 200;
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const status = this.answer;
      this.deliveries.push({ raw, headers: request.headers, body: JSON.parse(raw), status });
      response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/lime/hook`;
  }

  /** Event ids Lime acknowledged, in the order they were acknowledged. */
  acknowledged(): string[] {
    return this.deliveries.filter((d) => d.status < 300).flatMap((d) => d.body.events.map((e) => e.id));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const changed = (clientId: string, at: number): OutboundDraft => ({
  type: 'client.changed',
  subject: `client:${clientId}`,
  occurredAt: at,
  data: {
    clientId,
    changes: { firstName: 'Мария' },
    origin: { system: 'bitrix24', connectionId: 'cn_1', remoteId: '7' },
  },
});

describe.each(ENGINES)('push to Lime on %s', (engine) => {
  let hub: TestHub;
  let receiver: LimeReceiver;
  beforeAll(async () => {
    hub = await startTestHub(engine);
    receiver = await new LimeReceiver().start();
  });
  afterAll(async () => {
    await hub?.stop();
    await receiver?.stop();
  });

  /** What the flows do: append to the stream and wake the push in the same transaction. */
  const appendAndWake = (tenantId: string, drafts: OutboundDraft[]) =>
    hub.runtime.db.transaction(async (tx) => {
      const ids = await appendOutbound(tx, tenantId, drafts);
      await hub.runtime.wake(tx, [{ job: 'lime.push', tenantId }]);
      return ids;
    });

  const view = async (tenantId: string) =>
    (await admin<TenantView>(hub, 'GET', `/admin/v1/tenants/${tenantId}`)).body;

  const deliveriesOf = (ids: readonly string[]) =>
    receiver.deliveries.filter((d) => d.body.events.some((event) => ids.includes(event.id)));

  it('signs each push so that Lime can verify it, with verifyPush and by hand', async () => {
    const tenant = await createTenant(hub, { limeWebhookUrl: receiver.url });
    const ids = await appendAndWake(tenant.id, [changed(uid('c'), Date.UTC(2026, 10, 29, 11, 5))]);
    const [delivery] = await eventually(
      async () => deliveriesOf(ids).length > 0 && deliveriesOf(ids),
      60_000,
    );
    if (!delivery) throw new Error('no delivery');
    expect(delivery.headers['content-type']).toMatch(/^application\/json/);
    const header = String(delivery.headers['x-limebridge-signature']);
    const now = Math.floor(Date.now() / 1000);
    expect(verifyPush(delivery.raw, header, tenant.webhookSecret, now)).toBe(true);

    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    expect(match, header).not.toBeNull();
    const [, t = '', v1 = ''] = match ?? [];
    expect(Math.abs(now - Number(t))).toBeLessThan(300);
    const expected = createHmac('sha256', tenant.webhookSecret).update(`${t}.${delivery.raw}`).digest('hex');
    expect(v1).toBe(expected);

    expect(verifyPush(delivery.raw, header, 'whsec_someone-else', now)).toBe(false);
    expect(verifyPush(`${delivery.raw} `, header, tenant.webhookSecret, now)).toBe(false);
    expect(verifyPush(delivery.raw, header, tenant.webhookSecret, now + 3600)).toBe(false);
  });

  it('delivers in order, with RFC 3339 times in the tenant zone, and shows the tenant up to date', async () => {
    const tenant = await createTenant(hub, { limeWebhookUrl: receiver.url, timezone: 'Asia/Kolkata' });
    const clientId = uid('c');
    const ids = [
      ...(await appendAndWake(tenant.id, [
        changed(clientId, Date.UTC(2026, 10, 29, 11, 5, 0)),
        changed(clientId, Date.UTC(2026, 10, 29, 11, 6, 30)),
      ])),
      ...(await appendAndWake(tenant.id, [changed(clientId, Date.UTC(2026, 10, 29, 19, 0, 0))])),
    ];
    await eventually(async () => ids.every((id) => receiver.acknowledged().includes(id)), 60_000);
    const pushed = deliveriesOf(ids).flatMap((d) => d.body.events);
    expect(pushed.map((event) => event.id)).toEqual(ids);
    expect(pushed.map((event) => event.occurredAt)).toEqual([
      '2026-11-29T16:35:00+05:30',
      '2026-11-29T16:36:30+05:30',
      '2026-11-30T00:30:00+05:30',
    ]);
    expect(pushed[0]).toMatchObject({
      type: 'client.changed',
      data: { clientId, changes: { firstName: 'Мария' } },
    });
    const delivered = await eventually(async () => {
      const state = await view(tenant.id);
      return state.limeDelivery.undelivered === 0 && state.limeDelivery.lastSuccessAt !== null && state;
    }, 30_000);
    expect(delivered.limeDelivery).toMatchObject({
      mode: 'push',
      attempts: 0,
      lastError: null,
      failingSince: null,
    });
  });

  it('retries a refused batch with the same events, then goes on; nothing lost or reordered', async () => {
    const failing = await new LimeReceiver().start();
    try {
      failing.answer = 500;
      const tenant = await createTenant(hub, { limeWebhookUrl: failing.url });
      const clientId = uid('c');
      const first = await appendAndWake(tenant.id, [
        changed(clientId, Date.UTC(2026, 10, 29, 11, 0)),
        changed(clientId, Date.UTC(2026, 10, 29, 11, 1)),
      ]);

      const failingView = await eventually(async () => {
        const state = await view(tenant.id);
        return state.limeDelivery.attempts >= 1 && state;
      }, 60_000);
      expect(failingView.limeDelivery).toMatchObject({
        mode: 'push',
        undelivered: 2,
        lastError: expect.stringContaining('500'),
        lastSuccessAt: null,
      });
      expect(failingView.limeDelivery.failingSince).toEqual(expect.any(String));
      expect(failingView.limeDelivery.nextAttemptAt).toEqual(expect.any(String));

      failing.answer = 200;
      await eventually(async () => failing.acknowledged().length === 2, 60_000);
      const refused = failing.deliveries.filter((d) => d.status >= 300);
      expect(refused.length).toBeGreaterThanOrEqual(1);
      for (const delivery of failing.deliveries) expect(delivery.body.events.map((e) => e.id)).toEqual(first);

      const second = await appendAndWake(tenant.id, [changed(clientId, Date.UTC(2026, 10, 29, 11, 2))]);
      await eventually(async () => failing.acknowledged().length === 3, 60_000);
      expect(failing.acknowledged()).toEqual([...first, ...second]);
      const recovered = await eventually(async () => {
        const state = await view(tenant.id);
        return state.limeDelivery.undelivered === 0 && state;
      }, 30_000);
      expect(recovered.limeDelivery).toMatchObject({ attempts: 0, lastError: null, failingSince: null });
    } finally {
      await failing.stop();
    }
  });

  it('holds events while the tenant has no webhook URL, and delivers them once PATCH sets one', async () => {
    const tenant = await createTenant(hub);
    const ids = await appendAndWake(tenant.id, [
      changed(uid('c'), Date.UTC(2026, 10, 29, 11, 0)),
      changed(uid('c'), Date.UTC(2026, 10, 29, 11, 1)),
    ]);
    const pending = await view(tenant.id);
    expect(pending.limeDelivery).toMatchObject({ mode: 'pull', undelivered: 2, attempts: 0 });
    expect(deliveriesOf(ids)).toEqual([]);

    const patched = await admin<TenantView>(hub, 'PATCH', `/admin/v1/tenants/${tenant.id}`, {
      limeWebhookUrl: receiver.url,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ limeWebhookUrl: receiver.url, limeDelivery: { mode: 'push' } });
    await eventually(async () => ids.every((id) => receiver.acknowledged().includes(id)), 60_000);
    expect(deliveriesOf(ids).flatMap((d) => d.body.events.map((e) => e.id))).toEqual(ids);
  });

  it('records an unreachable webhook as a failure to retry, and delivers after PATCH fixes the URL', async () => {
    const gone = await new LimeReceiver().start();
    const goneUrl = gone.url;
    await gone.stop();
    const tenant = await createTenant(hub, { limeWebhookUrl: goneUrl });
    const ids = await appendAndWake(tenant.id, [changed(uid('c'), Date.UTC(2026, 10, 29, 11, 0))]);
    const failingView = await eventually(async () => {
      const state = await view(tenant.id);
      return state.limeDelivery.attempts >= 1 && state;
    }, 60_000);
    expect(failingView.limeDelivery).toMatchObject({
      undelivered: 1,
      lastError: expect.stringMatching(/ECONNREFUSED/),
    });

    const patched = await admin<TenantView>(hub, 'PATCH', `/admin/v1/tenants/${tenant.id}`, {
      limeWebhookUrl: receiver.url,
    });
    // The old URL's backoff is forgotten: the new one is tried now, not after the old wait.
    expect(patched.body.limeDelivery).toMatchObject({ attempts: 0 });
    await eventually(async () => ids.every((id) => receiver.acknowledged().includes(id)), 60_000);
    await eventually(async () => (await view(tenant.id)).limeDelivery.undelivered === 0, 30_000);
  });
});
