import { type AmoSandbox, type AmoSandboxOptions, startAmoSandbox } from '../../../sandbox/amocrm/index.ts';
import { localDateAt } from '../../../src/core/model/time.ts';
import type {
  ContactPatch,
  CrmUnderTest,
  ManagerStage,
  NeutralContact,
  NeutralPreorder,
  NeutralProduct,
  PreorderLineInput,
} from './crm-under-test.ts';

type Dumped = Record<string, unknown>;
type FieldValue = {
  field_id?: number;
  field_name?: string;
  field_code?: string | null;
  values: { value: unknown; enum_code?: string }[];
};

export type AmoUnderTest = CrmUnderTest & { sandbox(): AmoSandbox };

const MOSCOW = 'Europe/Moscow';
const CONTACT_WRITE = /^(POST|PATCH) \/api\/v4\/contacts(\/:id)?$/;

export function amoUnderTest(options: Partial<AmoSandboxOptions> = {}): AmoUnderTest {
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
  const dateOf = (seconds: number | null) => (seconds === null ? null : localDateAt(seconds * 1000, MOSCOW));
  const fieldId = (name: string) => {
    const found = sb()
      .state.customFields()
      .find((f) => f.name === name);
    if (!found) throw new Error(`no amoCRM field «${name}»`);
    return Number(found.id);
  };
  const pipeline = () =>
    sb()
      .state.pipelines()
      .find((p) => p.name === 'Предзаказы') as
      | { id: number; _embedded: { statuses: { id: number; name: string }[] } }
      | undefined;
  const status = (name: string) => pipeline()?._embedded.statuses.find((s) => s.name === name);
  const statusIdOf = (stage: ManagerStage) => {
    if (stage === 'lost') return sb().seed.lostStatusId;
    const found = status(stage === 'new' ? 'Новый предзаказ' : 'Передать в Лайм');
    if (!found) throw new Error(`setup did not create the stage for ${stage}`);
    return found.id;
  };
  const moveLead = (remoteId: string, stage: ManagerStage) => {
    const p = pipeline();
    if (!p) throw new Error('setup did not create the pre-order pipeline');
    sb().ui.moveLead(Number(remoteId), { statusId: statusIdOf(stage), pipelineId: p.id });
  };
  const products = (lines: readonly PreorderLineInput[]) =>
    lines.map((l) => ({ elementId: Number(l.productRemoteId), quantity: l.quantity }));
  const customValues = (patch: ContactPatch): FieldValue[] => {
    const custom: FieldValue[] = [];
    if (patch.phone !== undefined)
      custom.push({ field_code: 'PHONE', values: [{ value: patch.phone, enum_code: 'MOB' }] });
    if (patch.email !== undefined)
      custom.push({ field_code: 'EMAIL', values: [{ value: patch.email, enum_code: 'WORK' }] });
    if (patch.birthDate !== undefined)
      custom.push({
        field_id: fieldId('Дата рождения'),
        values: [{ value: `${patch.birthDate}T00:00:00+03:00` }],
      });
    if (patch.lastTransactions !== undefined)
      custom.push({ field_id: fieldId('Последние транзакции'), values: [{ value: patch.lastTransactions }] });
    return custom;
  };

  return {
    kind: 'amocrm',
    sandbox: sb,
    async start() {
      sandbox = await startAmoSandbox({ port: 0, ...options });
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
      const custom = customValues(patch);
      if (custom.length > 0) update.custom_fields_values = custom;
      sb().ui.updateContact(Number(remoteId), update as never);
    },
    createContact({ firstName, lastName, phone, email }) {
      const custom = customValues({
        ...(phone === undefined ? {} : { phone }),
        ...(email === undefined ? {} : { email }),
      });
      const created = sb().ui.createContact({
        first_name: firstName,
        ...(lastName ? { last_name: lastName } : {}),
        ...(custom.length > 0 ? { custom_fields_values: custom } : {}),
      } as never);
      return String(created.id);
    },
    deleteContact(remoteId) {
      sb().ui.deleteContact(Number(remoteId));
    },
    async createForeignProduct({ name, priceRub }) {
      const { seed, baseUrl } = sb();
      const answer = await fetch(`${baseUrl}/api/v4/catalogs/${seed.productsCatalogId}/elements`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${sb().longLivedToken(3600)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify([
          { name, custom_fields_values: [{ field_id: seed.priceFieldId, values: [{ value: priceRub }] }] },
        ]),
      });
      const body = (await answer.json()) as { _embedded?: { elements?: { id: number }[] } };
      const id = body._embedded?.elements?.[0]?.id;
      if (answer.status !== 200 || id === undefined)
        throw new Error(`could not add a product: ${answer.status} ${JSON.stringify(body)}`);
      return String(id);
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
        products: products(lines),
      });
      return String(lead.id);
    },
    handToLime: (remoteId) => moveLead(remoteId, 'to_lime'),
    moveToStage: moveLead,
    setPreorderLines(remoteId, lines) {
      sb().ui.setLeadProducts(Number(remoteId), products(lines));
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
    contactWrites() {
      return Object.entries(sb().stats().byRoute)
        .filter(([route]) => CONTACT_WRITE.test(route))
        .reduce((sum, [, n]) => sum + n, 0);
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
    sandboxUrl: () => sb().baseUrl,
  };
}
