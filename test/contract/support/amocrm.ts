import { type AmoSandbox, startAmoSandbox } from '../../../sandbox/amocrm/index.ts';
import { localDateAt } from '../../../src/core/model/time.ts';
import type { CrmUnderTest, NeutralContact, NeutralPreorder, NeutralProduct } from './crm-under-test.ts';

type Dumped = Record<string, unknown>;
type FieldValue = {
  field_name?: string;
  field_code?: string | null;
  values: { value: unknown; enum_code?: string }[];
};

export function amoUnderTest(): CrmUnderTest {
  let sandbox: AmoSandbox | undefined;
  const sb = () => {
    if (!sandbox) throw new Error('the amoCRM sandbox is not started');
    return sandbox;
  };
  const fields = (entity: Dumped) => (entity.custom_fields_values ?? []) as FieldValue[];
  const byName = (entity: Dumped, name: string) =>
    fields(entity).find((f) => f.field_name === name)?.values ?? [];
  const text = (entity: Dumped, name: string) =>
    (byName(entity, name)[0]?.value as string | undefined) ?? null;
  const unix = (entity: Dumped, name: string) => {
    const value = byName(entity, name)[0]?.value;
    return value === undefined || value === null ? null : Number(value);
  };
  const dateOf = (seconds: number | null) =>
    seconds === null ? null : localDateAt(seconds * 1000, 'Europe/Moscow');
  const pipeline = () =>
    sb()
      .state.pipelines()
      .find((p) => p.name === 'Предзаказы') as
      | { id: number; _embedded: { statuses: { id: number; name: string }[] } }
      | undefined;
  const status = (name: string) => pipeline()?._embedded.statuses.find((s) => s.name === name);

  return {
    kind: 'amocrm',
    async start() {
      sandbox = await startAmoSandbox({ port: 0 });
    },
    async stop() {
      await sandbox?.close();
    },
    connectionBody: () => ({
      kind: 'amocrm',
      baseUrl: sb().baseUrl,
      auth: { type: 'long_lived_token', token: sb().longLivedToken(86_400) },
    }),
    async afterConnect() {},
    contacts(): NeutralContact[] {
      return sb()
        .state.contacts()
        .filter((c) => !c.is_deleted)
        .map((c) => ({
          remoteId: String(c.id),
          limeId: text(c, 'Лайм ID'),
          firstName: (c.first_name as string) || null,
          lastName: (c.last_name as string) || null,
          phones: fields(c)
            .filter((f) => f.field_code === 'PHONE')
            .flatMap((f) => f.values.map((v) => String(v.value))),
          emails: fields(c)
            .filter((f) => f.field_code === 'EMAIL')
            .flatMap((f) => f.values.map((v) => String(v.value))),
          birthDate: dateOf(unix(c, 'Дата рождения')),
          children: text(c, 'Дети'),
          lastTransactions: text(c, 'Последние транзакции'),
          lastVisit:
            unix(c, 'Последний визит') === null ? null : (unix(c, 'Последний визит') as number) * 1000,
          visits: unix(c, 'Визитов'),
          nextChildBirthday: dateOf(unix(c, 'Ближайший ДР ребёнка')),
          channel: text(c, 'Канал регистрации'),
        }));
    },
    products(): NeutralProduct[] {
      return sb()
        .state.catalogElements()
        .filter((e) => !e.is_deleted)
        .map((e) => {
          const values = fields(e);
          const external = values.find((f) => f.field_code === 'EXTERNAL_ID')?.values[0]?.value;
          const price = values.find((f) => f.field_code === 'PRICE')?.values[0]?.value;
          return {
            remoteId: String(e.id),
            limeId: external ? String(external) : null,
            name: String(e.name),
            priceRub: price === undefined ? null : Number(price),
          };
        });
    },
    notesOf(remoteContactId) {
      return sb()
        .state.notes()
        .filter((n) => n.entity_type === 'contacts' && String(n.entity_id) === remoteContactId)
        .map((n) => String((n.params as { text?: string })?.text ?? ''));
    },
    editContact(remoteId, patch) {
      const update: Dumped = {};
      if (patch.firstName !== undefined) update.first_name = patch.firstName;
      if (patch.lastName !== undefined) update.last_name = patch.lastName;
      const custom: FieldValue[] = [];
      if (patch.phone !== undefined)
        custom.push({ field_code: 'PHONE', values: [{ value: patch.phone, enum_code: 'MOB' }] });
      if (patch.email !== undefined)
        custom.push({ field_code: 'EMAIL', values: [{ value: patch.email, enum_code: 'WORK' }] });
      if (custom.length > 0) update.custom_fields_values = custom;
      sb().ui.updateContact(Number(remoteId), update as never);
    },
    createPreorder({ contactRemoteId, lines }) {
      const first = status('Новый предзаказ');
      const p = pipeline();
      if (!p || !first) throw new Error('setup did not create the pre-order pipeline');
      const lead = sb().ui.createLead({
        name: 'Предзаказ: день рождения',
        pipelineId: p.id,
        statusId: first.id,
        contactId: Number(contactRemoteId),
        products: lines.map((l) => ({ elementId: Number(l.productRemoteId), quantity: l.quantity })),
      });
      return String(lead.id);
    },
    handToLime(remoteId) {
      const p = pipeline();
      const toLime = status('Передать в Лайм');
      if (!p || !toLime) throw new Error('no «Передать в Лайм» stage');
      sb().ui.moveLead(Number(remoteId), { statusId: toLime.id, pipelineId: p.id });
    },
    preorder(remoteId): NeutralPreorder {
      const lead = sb().state.lead(Number(remoteId));
      if (!lead) throw new Error(`no lead ${remoteId}`);
      const statusId = Number(lead.status_id);
      const stage =
        statusId === 142
          ? 'won'
          : statusId === 143
            ? 'lost'
            : (pipeline()?._embedded.statuses.find((s) => s.id === statusId)?.name ?? String(statusId));
      const notes = sb()
        .state.notes()
        .filter((n) => n.entity_type === 'leads' && String(n.entity_id) === remoteId)
        .map((n) => String((n.params as { text?: string })?.text ?? ''));
      return { stage, amountRub: Number(lead.price ?? 0), notes };
    },
    configure(knobs) {
      sb().configure(knobs);
    },
    throttleStats() {
      const stats = sb().stats();
      return { requests: stats.requests, throttled: stats.rateLimited, blocked: stats.blocked };
    },
    async settle() {
      await sb().flushWebhooks();
    },
  };
}
