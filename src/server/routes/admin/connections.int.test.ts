/**
 * `PATCH /admin/v1/connections/{id}` with `authPatch`: a credential setting changed in place, without
 * retyping the masked secrets (Bitrix24: the events' application token; amoCRM has none yet).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AmoSandbox, startAmoSandbox } from '../../../../sandbox/amocrm/index.ts';
import { type BitrixSandbox, startBitrixSandbox } from '../../../../sandbox/bitrix24/index.ts';
import { expectError } from '../../../../test/lime-api/helpers.ts';
import { ENGINES } from '../../../../test/support/databases.ts';
import { admin, call, createTenant, startTestHub, type TestHub } from '../../../../test/support/hub.ts';

type View = { id: string; state: string; webhookUrl: string; auth: Record<string, unknown> };
type Trail = { entries: { operation: string; entityId: string | null; detail: unknown }[] };

describe.each(ENGINES)('amending connection credentials on %s', (engine) => {
  let hub: TestHub;
  let bx: BitrixSandbox;
  let amo: AmoSandbox;
  let tenantId: string;

  beforeAll(async () => {
    [hub, bx, amo] = await Promise.all([
      startTestHub(engine),
      startBitrixSandbox({ port: 0 }),
      startAmoSandbox({ port: 0 }),
    ]);
    tenantId = (await createTenant(hub)).id;
  });
  afterAll(async () => {
    await Promise.all([hub?.stop(), bx?.close(), amo?.close()]);
  });

  const connect = async (body: unknown) => {
    const created = await admin<View>(hub, 'POST', `/admin/v1/tenants/${tenantId}/connections`, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  const patch = (id: string, body: unknown) => admin<View>(hub, 'PATCH', `/admin/v1/connections/${id}`, body);
  /** A Bitrix24 event delivery as the portal sends it, signed with `token`. */
  const deliver = (webhookUrl: string, token: string) =>
    call(webhookUrl, 'POST', '', {
      raw: `event=ONCRMCONTACTUPDATE&data%5BFIELDS%5D%5BID%5D=7&auth%5Bapplication_token%5D=${token}`,
      contentType: 'application/x-www-form-urlencoded',
    });

  it('gives a Bitrix24 webhook connection its application token, keeping the webhook URL', async () => {
    const created = await connect({ kind: 'bitrix24', auth: { type: 'webhook', url: bx.webhookUrl } });
    expect((await deliver(created.webhookUrl, 'tok-123456')).status).toBe(403);

    const patched = await patch(created.id, { authPatch: { applicationToken: 'tok-123456' } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.state).toBe('active');
    expect(patched.body.auth).toMatchObject({ type: 'webhook', applicationToken: 'tok…56' });
    expect(String(patched.body.auth.url)).toContain('/***/');

    expect((await deliver(created.webhookUrl, 'tok-123456')).status).toBe(200);
    expect((await deliver(created.webhookUrl, 'another-token')).status).toBe(403);
    // The stored webhook URL still works: setup talks to the portal with it.
    expect((await admin(hub, 'POST', `/admin/v1/connections/${created.id}/setup`)).status).toBe(200);

    const feed = await admin<Trail>(
      hub,
      'GET',
      `/admin/v1/tenants/${tenantId}/activity?operation=connection.change&entityId=${created.id}`,
    );
    expect(feed.body.entries[0]?.detail).toEqual({ fields: ['auth.applicationToken'] });
    expect(JSON.stringify(feed.body.entries)).not.toContain('tok-123456');
  });

  it('keeps the Bitrix24 application token when the connection is re-authorised without one', async () => {
    const created = await connect({
      kind: 'bitrix24',
      auth: { type: 'webhook', url: bx.webhookUrl, applicationToken: 'tok-kept-77' },
    });
    const reauthorised = await patch(created.id, { auth: { type: 'webhook', url: bx.webhookUrl } });
    expect(reauthorised.status, JSON.stringify(reauthorised.body)).toBe(200);
    expect(reauthorised.body.auth).toMatchObject({ type: 'webhook', applicationToken: 'tok…77' });
    expect((await deliver(created.webhookUrl, 'tok-kept-77')).status).toBe(200);
    // A token given with the new input replaces the old one.
    await patch(created.id, {
      auth: { type: 'webhook', url: bx.webhookUrl, applicationToken: 'tok-new-88' },
    });
    expect((await deliver(created.webhookUrl, 'tok-kept-77')).status).toBe(403);
    expect((await deliver(created.webhookUrl, 'tok-new-88')).status).toBe(200);
  });

  it('refuses a Bitrix24 patch it does not allow, naming the path', async () => {
    const created = await connect({ kind: 'bitrix24', auth: { type: 'webhook', url: bx.webhookUrl } });
    const other = await patch(created.id, { authPatch: { url: 'https://elsewhere.example/rest/1/x/' } });
    expect(expectError(other, 400, 'validation_failed')).toEqual(['authPatch.url']);
    const empty = await patch(created.id, { authPatch: { applicationToken: '  ' } });
    expect(expectError(empty, 400, 'validation_failed')).toEqual(['authPatch.applicationToken']);
    const both = await patch(created.id, {
      auth: { type: 'webhook', url: bx.webhookUrl },
      authPatch: { applicationToken: 'tok' },
    });
    expect(expectError(both, 400, 'validation_failed')).toEqual(['authPatch']);
    const notObject = await patch(created.id, { authPatch: 'tok' });
    expect(expectError(notObject, 400, 'validation_failed')).toEqual(['authPatch']);
  });

  it('refuses any amoCRM patch (nothing to amend yet) and leaves the connection working', async () => {
    const created = await connect({
      kind: 'amocrm',
      baseUrl: amo.baseUrl,
      auth: { type: 'long_lived_token', token: amo.longLivedToken() },
    });
    const refused = await patch(created.id, { authPatch: { applicationToken: 'tok' } });
    expect(expectError(refused, 400, 'validation_failed')).toEqual(['authPatch.applicationToken']);
    const view = await admin<View>(hub, 'GET', `/admin/v1/connections/${created.id}`);
    expect(view.body).toMatchObject({ state: 'active', auth: { type: 'long_lived_token' } });
  });

  it('answers 404 for an unknown connection', async () => {
    expectError(
      await patch('no-such-connection', { authPatch: { applicationToken: 'tok' } }),
      404,
      'not_found',
    );
  });
});
