import { afterEach, describe, expect, it } from 'vitest';
import type { ContactCard } from '../../core/derive/contact-card.ts';
import type { LocalDate } from '../../core/model/time.ts';
import type { InboundChange, RawWebhook } from '../contract.ts';
import { amocrm } from './index.ts';
import { type AmoWorld, startAmoWorld } from './test-sandbox.ts';

const FORM = 'application/x-www-form-urlencoded';

function form(lines: readonly string[]): RawWebhook {
  const body = lines
    .map((line) => {
      const at = line.indexOf('=');
      return `${encodeURIComponent(line.slice(0, at))}=${encodeURIComponent(line.slice(at + 1))}`;
    })
    .join('&');
  return { headers: { 'user-agent': 'amoCRM-Webhooks/3.0' }, contentType: FORM, body };
}

function describeChanges(changes: readonly InboundChange[]): string[] {
  return changes.map((c) => `${c.kind} ${c.kind === 'contact.snapshot' ? c.contact.remoteId : c.remoteId}`);
}

async function deliveries(world: AmoWorld, count: number): Promise<RawWebhook[]> {
  for (let attempt = 0; attempt < 50 && world.hooks.deliveries.length < count; attempt += 1) {
    await world.sandbox.flushWebhooks();
    if (world.hooks.deliveries.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return world.hooks.deliveries;
}

describe('amoCRM webhook decoding', () => {
  let world: AmoWorld;
  afterEach(async () => {
    await world.close();
  });

  it('decodes the recorded legacy format: several groups and items, companies and foreign leads ignored', async () => {
    world = await startAmoWorld();
    const schema = world.schema();
    const { phone, email } = schema;
    const raw = form([
      'account[subdomain]=limebridge',
      `account[id]=${schema.account.id}`,
      'contacts[update][0][id]=37054081',
      'contacts[update][0][name]=Абиба абибович',
      'contacts[update][0][last_modified]=1748292937',
      `contacts[update][0][custom_fields][0][id]=${phone.fieldId}`,
      'contacts[update][0][custom_fields][0][name]=Телефон',
      'contacts[update][0][custom_fields][0][values][0][value]=8 (912) 345-67-89',
      `contacts[update][0][custom_fields][0][values][0][enum]=${phone.enums.MOB}`,
      'contacts[update][0][custom_fields][0][code]=PHONE',
      `contacts[update][0][custom_fields][1][id]=${email.fieldId}`,
      'contacts[update][0][custom_fields][1][values][0][value]=Abiba@Example.com',
      `contacts[update][0][custom_fields][1][values][0][enum]=${email.enums.WORK}`,
      `contacts[update][0][custom_fields][2][id]=${schema.contactFields.birthDate.id}`,
      'contacts[update][0][custom_fields][2][values][0][value]=12.01.1980',
      `contacts[update][0][custom_fields][3][id]=${schema.contactFields.nextChildBirthday.id}`,
      `contacts[update][0][custom_fields][3][values][0]=${Date.parse('2026-12-12T00:00:00+03:00') / 1000}`,
      `contacts[update][0][custom_fields][4][id]=${schema.contactFields.visits.id}`,
      'contacts[update][0][custom_fields][4][values][0][value]=7',
      'contacts[update][0][updated_at]=1748292937',
      'contacts[update][0][type]=contact',
      'contacts[update][1][id]=37054090',
      'contacts[update][1][name]=ООО Ромашка',
      'contacts[update][1][type]=company',
      'contacts[delete][0][id]=37054099',
      'contacts[delete][0][type]=contact',
      `leads[status][0][id]=15318175`,
      `leads[status][0][status_id]=${schema.pipeline.stages.to_lime}`,
      `leads[status][0][pipeline_id]=${schema.pipeline.id}`,
      'leads[status][1][id]=15318176',
      'leads[status][1][status_id]=142',
      `leads[status][1][pipeline_id]=${world.sandbox.seed.mainPipelineId}`,
      `leads[update][0][id]=15318177`,
      `leads[update][0][pipeline_id]=${world.sandbox.seed.mainPipelineId}`,
      `leads[update][0][old_pipeline_id]=${schema.pipeline.id}`,
    ]);
    const decoded = amocrm.decodeWebhook(world.conn, raw);
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.error));
    expect(describeChanges(decoded.value).sort()).toEqual([
      'contact.deleted 37054099',
      'contact.snapshot 37054081',
      'preorder.touched 15318175',
      'preorder.touched 15318177',
    ]);
    const snapshot = decoded.value.find((c) => c.kind === 'contact.snapshot');
    if (snapshot?.kind !== 'contact.snapshot') throw new Error('no snapshot');
    expect(snapshot.contact).toMatchObject({
      limeId: null,
      personal: { birthDate: '1980-01-12', phone: '+79123456789', email: 'abiba@example.com' },
      card: { visits: 7, nextChildBirthday: '2026-12-12' },
      updatedAt: 1748292937000,
    });
    expect(snapshot.contact.personal).not.toHaveProperty('firstName');
  });

  it('refuses deliveries for another account, without a schema, or not form-encoded', async () => {
    world = await startAmoWorld();
    const foreign = amocrm.decodeWebhook(world.conn, form(['account[id]=1', 'contacts[delete][0][id]=5']));
    expect(foreign).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    const json = amocrm.decodeWebhook(world.conn, {
      headers: {},
      contentType: 'application/json',
      body: '{}',
    });
    expect(json).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    const garbage = amocrm.decodeWebhook(world.conn, { headers: {}, contentType: FORM, body: '%%%[[[=' });
    expect(garbage).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    world.conn.setSchema(null);
    const noSchema = amocrm.decodeWebhook(world.conn, form(['account[id]=1']));
    expect(noSchema).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
  });

  it('decodes real deliveries from the sandbox into what the REST API reads back', async () => {
    world = await startAmoWorld();
    const schema = world.schema();
    const card: ContactCard = {
      limeId: 'cl-1',
      firstName: 'Анна',
      lastName: 'Смирнова',
      middleName: null,
      birthDate: '1985-03-07' as LocalDate,
      phone: '+79123456789',
      email: 'anna@example.com',
      children: 'Маша — 01.06.2015\nПетя — 12.12.2018',
      lastTransactions: null,
      lastVisit: Date.parse('2026-11-29T11:05:00Z'),
      visits: 3,
      nextChildBirthday: '2026-12-12' as LocalDate,
      registrationChannel: 'Касса',
    };
    const writes = ['cl-1', 'cl-2', 'cl-3'].map((limeId) => ({
      ref: limeId,
      remoteId: null,
      fields: { ...card, limeId },
      state: null,
    }));
    const written = await amocrm.writeContacts(world.conn, writes);
    if (!written.ok) throw new Error('write');
    const ids = written.value.map((o) => (o.ok ? o.remoteId : ''));
    const lead = world.sandbox.ui.createLead({
      name: 'Предзаказ',
      pipelineId: schema.pipeline.id,
      statusId: schema.pipeline.stages.new,
    });
    world.sandbox.ui.moveLead(lead.id, { statusId: schema.pipeline.stages.to_lime });

    const got = await deliveries(world, 1);
    const changes = got.flatMap((raw) => {
      expect(raw.contentType).toContain(FORM);
      const decoded = amocrm.decodeWebhook(world.conn, raw);
      if (!decoded.ok) throw new Error(JSON.stringify(decoded.error));
      return decoded.value;
    });
    const snapshots = changes.flatMap((c) => (c.kind === 'contact.snapshot' ? [c.contact] : []));
    expect(snapshots.map((c) => c.remoteId).sort()).toEqual([...ids].sort());
    expect(changes).toContainEqual({ kind: 'preorder.touched', remoteId: String(lead.id) });
    // Several items in one POST, every value a string.
    expect(got.some((raw) => (raw.body.match(/contacts%5Badd%5D%5B\d+%5D%5Bid%5D/g) ?? []).length > 1)).toBe(
      true,
    );

    const rest = await amocrm.fetchContacts(world.conn, ids);
    if (!rest.ok) throw new Error('fetch');
    for (const snapshot of snapshots) {
      const read = rest.value.find((c) => c.remoteId === snapshot.remoteId);
      const { firstName: _f, lastName: _l, ...card } = read?.card ?? {};
      expect(snapshot.card).toEqual(card);
      expect(snapshot.limeId).toBe(read?.limeId);
      expect(snapshot.phones).toEqual(read?.phones);
      expect(snapshot.updatedAt).toBe(read?.updatedAt);
    }
  });
});
