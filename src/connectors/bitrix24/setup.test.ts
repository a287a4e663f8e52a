import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PREORDER_STAGES } from '../../flows/connection-options.ts';
import { bitrix24 } from './index.ts';
import { startPortal, type TestPortal } from './test-portal.ts';

let portal: TestPortal | undefined;
afterEach(async () => {
  await portal?.close();
  portal = undefined;
});

describe('setup', () => {
  it('creates the user fields, the pipeline and its stages once; a second run finds everything in two requests', async () => {
    portal = await startPortal({ setup: false });
    const { sandbox, conn } = portal;
    const first = await bitrix24.setup(conn);
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    const created = first.value.report.items.filter((item) => item.status === 'created');
    expect(created.map((item) => item.what).sort()).toEqual([
      'pipeline',
      'stage',
      'stage',
      'stage',
      'user_field',
      'user_field',
      'user_field',
      'user_field',
      'user_field',
      'user_field',
    ]);
    const fields = Object.fromEntries(
      sandbox.state.userFields().map((uf) => [uf.FIELD_NAME, uf.USER_TYPE_ID]),
    );
    expect(fields).toMatchObject({
      UF_CRM_LIME_CHILDREN: 'string',
      UF_CRM_LIME_LAST_TX: 'string',
      UF_CRM_LIME_LAST_VISIT: 'datetime',
      UF_CRM_LIME_CHANNEL: 'string',
      UF_CRM_LIME_CHILD_BDAY_NEXT: 'date',
      UF_CRM_LIME_VISITS: 'integer',
    });
    const pipeline = sandbox.state.categories().find((category) => category.name === 'Предзаказы');
    expect(pipeline).toBeDefined();
    const stages = sandbox.state.statuses(`DEAL_STAGE_${pipeline?.id}`);
    const byName = (name: string) => stages.find((stage) => stage.NAME === name);
    expect(byName(DEFAULT_PREORDER_STAGES.won)?.SEMANTICS).toBe('S');
    expect(byName(DEFAULT_PREORDER_STAGES.lost)?.SEMANTICS).toBe('F');
    for (const name of [
      DEFAULT_PREORDER_STAGES.new,
      DEFAULT_PREORDER_STAGES.to_lime,
      DEFAULT_PREORDER_STAGES.sent,
      DEFAULT_PREORDER_STAGES.accepted,
    ]) {
      expect(byName(name)?.SEMANTICS ?? null).toBeNull();
    }
    expect(first.value.report.items).toContainEqual(
      expect.objectContaining({ what: 'events', status: 'manual' }),
    );
    const steps = first.value.report.instructions;
    expect(steps.map((step) => step.code)).toEqual([
      'bitrix24.outgoingWebhook',
      'bitrix24.outgoingWebhookEvents',
      'bitrix24.applicationToken.webhook',
    ]);
    expect(steps[0]?.params).toEqual({ handlerUrl: conn.webhookUrl });
    expect(steps[0]?.text).toContain(conn.webhookUrl);
    expect(steps[1]?.params.events).toContain('ONCRMDEALUPDATE');
    expect(steps[1]?.text).toContain('ONCRMDEALUPDATE');

    const before = sandbox.stats();
    const second = await bitrix24.setup(conn);
    if (!second.ok) throw new Error(JSON.stringify(second.error));
    expect(second.value.schema).toEqual(first.value.schema);
    expect(new Set(second.value.report.items.map((item) => item.status))).toEqual(
      new Set(['found', 'manual']),
    );
    expect(sandbox.stats().requests - before.requests).toBe(2);
    expect(sandbox.state.userFields()).toHaveLength(6);
  });

  it('reuses an existing pipeline and honours renamed fields and stages', async () => {
    portal = await startPortal({
      setup: false,
      options: {
        preorderPipeline: 'General',
        preorderStages: { ...DEFAULT_PREORDER_STAGES, new: 'New' },
        fieldNames: { visits: 'LB_VISITS' },
      },
    });
    const result = await bitrix24.setup(portal.conn);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.schema).toMatchObject({
      categoryId: 0,
      stages: { new: 'NEW', to_lime: 'LB_TO_LIME', won: 'WON', lost: 'LB_LOST' },
      userFields: { visits: 'UF_CRM_LB_VISITS' },
    });
    const stages = portal.sandbox.state.statuses('DEAL_STAGE');
    expect(stages.find((stage) => stage.STATUS_ID === 'WON')?.NAME).toBe(DEFAULT_PREORDER_STAGES.won);
    expect(stages.find((stage) => stage.STATUS_ID === 'LB_LOST')?.SEMANTICS).toBe('F');
    expect(stages.find((stage) => stage.STATUS_ID === 'LOSE')?.NAME).toBe('Deal failed');
  });

  it('renames one of its own stages back when an operator renamed it', async () => {
    portal = await startPortal();
    const { conn, sandbox } = portal;
    const sentId = (conn.schema as { stages: { sent: string } }).stages.sent;
    const sent = sandbox.state.statuses().find((status) => status.STATUS_ID === sentId);
    await conn.http({
      method: 'POST',
      path: 'crm.status.update',
      json: { id: sent?.ID, fields: { NAME: 'Отправлено' } },
    });
    const again = await bitrix24.setup(conn);
    if (!again.ok) throw new Error(JSON.stringify(again.error));
    expect(again.value.report.items).toContainEqual(
      expect.objectContaining({ what: 'stage', status: 'updated', remoteId: sentId }),
    );
    expect(again.value.schema).toEqual(conn.schema);
    expect(sandbox.state.statuses().find((status) => status.STATUS_ID === sentId)?.NAME).toBe(
      DEFAULT_PREORDER_STAGES.sent,
    );
  });

  it('refuses to work before setup', async () => {
    portal = await startPortal({ setup: false });
    const scanned = await bitrix24.scanContacts(portal.conn, null);
    expect(scanned).toEqual({
      ok: false,
      error: expect.objectContaining({
        kind: 'rejected',
        detail: expect.stringContaining('setup has not been run'),
      }),
    });
    expect(portal.sandbox.stats().requests).toBe(0);
  });
});
