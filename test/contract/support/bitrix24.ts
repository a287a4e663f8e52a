import {
  type BitrixSandbox,
  type BitrixSandboxOptions,
  startBitrixSandbox,
} from '../../../sandbox/bitrix24/index.ts';
import { admin } from '../../support/hub.ts';
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
const EVENTS = [
  'ONCRMCONTACTADD',
  'ONCRMCONTACTUPDATE',
  'ONCRMCONTACTDELETE',
  'ONCRMDEALADD',
  'ONCRMDEALUPDATE',
];

export type BitrixUnderTest = CrmUnderTest & {
  sandbox(): BitrixSandbox;
  /** The token the portal's outgoing webhook signs its deliveries with. */
  applicationToken(): string;
};

export function bitrixUnderTest(options: Partial<BitrixSandboxOptions> = {}): BitrixUnderTest {
  let sandbox: BitrixSandbox | undefined;
  let token: string | undefined;
  const sb = () => {
    if (!sandbox) throw new Error('the Bitrix24 sandbox is not started');
    return sandbox;
  };
  const str = (value: unknown) =>
    value === null || value === undefined || value === '' ? null : String(value);
  // The day a manager sees is the stored one: the REST rendering shifts dates by the portal's offset.
  const storedDay = (stored: Record<string, unknown> | undefined, field: string) =>
    str(stored?.[field]) === null ? null : String(stored?.[field]).slice(0, 10);
  const category = () =>
    sb()
      .state.categories()
      .find((c) => c.name === 'Предзаказы');
  const stages = () => {
    const found = category();
    return found ? sb().state.statuses(`DEAL_STAGE_${found.id}`) : [];
  };

  const stageOf = (stage: ManagerStage) => {
    const found =
      stage === 'lost'
        ? stages().find((s) => semanticsOf(s) === 'failure')
        : stages().find((s) => s.NAME === (stage === 'new' ? 'Новый предзаказ' : 'Передать в Лайм'));
    if (!found) throw new Error(`no stage for ${stage}`);
    return String(found.STATUS_ID);
  };
  const moveDeal = (remoteId: string, stage: ManagerStage) =>
    sb().ui.moveDealStage(Number(remoteId), stageOf(stage));
  const rows = (lines: readonly PreorderLineInput[]) =>
    lines.map((l) => ({ productId: Number(l.productRemoteId), quantity: l.quantity }));
  const multi = (contact: Dumped | undefined, field: 'PHONE' | 'EMAIL', value: string, type: string) => {
    const first = ((contact?.[field] ?? []) as { ID: string }[])[0];
    return [{ ...(first ? { ID: first.ID } : {}), VALUE: value, VALUE_TYPE: type }];
  };
  const legacyFields = (patch: ContactPatch, contact?: Dumped) => {
    const fields: Dumped = {};
    if (patch.firstName !== undefined) fields.NAME = patch.firstName;
    if (patch.lastName !== undefined) fields.LAST_NAME = patch.lastName;
    if (patch.phone !== undefined) fields.PHONE = multi(contact, 'PHONE', patch.phone, 'MOBILE');
    if (patch.email !== undefined) fields.EMAIL = multi(contact, 'EMAIL', patch.email, 'WORK');
    if (patch.birthDate !== undefined) fields.BIRTHDATE = patch.birthDate;
    if (patch.lastTransactions !== undefined) fields.UF_CRM_LIME_LAST_TX = patch.lastTransactions;
    return fields;
  };

  return {
    kind: 'bitrix24',
    sandbox: sb,
    applicationToken() {
      if (!token) throw new Error('the outgoing webhook is not registered yet');
      return token;
    },
    async start() {
      sandbox = await startBitrixSandbox({ port: 0, ...options });
    },
    async stop() {
      await sandbox?.close();
    },
    connectionBody: () => ({ kind: 'bitrix24', auth: { type: 'webhook', url: sb().webhookUrl } }),
    async afterConnect(hub, connection) {
      const hook = sb().addOutgoingWebhook({ handlerUrl: connection.webhookUrl, events: EVENTS });
      token = hook.applicationToken;
      const patched = await admin(hub, 'PATCH', `/admin/v1/connections/${connection.id}`, {
        auth: { type: 'webhook', url: sb().webhookUrl, applicationToken: hook.applicationToken },
      });
      if (patched.status !== 200)
        throw new Error(`could not give the application token: ${JSON.stringify(patched.body)}`);
    },
    contacts(): NeutralContact[] {
      const stored = sb().state.raw().contacts;
      return sb()
        .state.contacts()
        .map((c) => ({
          remoteId: String(c.ID),
          limeId: c.ORIGINATOR_ID === 'limebridge' ? str(c.ORIGIN_ID) : null,
          firstName: str(c.NAME),
          lastName: str(c.LAST_NAME),
          phones: ((c.PHONE ?? []) as { VALUE: string }[]).map((p) => p.VALUE),
          emails: ((c.EMAIL ?? []) as { VALUE: string }[]).map((e) => e.VALUE),
          birthDate: storedDay(stored[String(c.ID)]?.fields, 'BIRTHDATE'),
          children: str(c.UF_CRM_LIME_CHILDREN),
          lastTransactions: str(c.UF_CRM_LIME_LAST_TX),
          lastVisit: str(c.UF_CRM_LIME_LAST_VISIT) ? Date.parse(String(c.UF_CRM_LIME_LAST_VISIT)) : null,
          visits: str(c.UF_CRM_LIME_VISITS) === null ? null : Number(c.UF_CRM_LIME_VISITS),
          nextChildBirthday: storedDay(stored[String(c.ID)]?.fields, 'UF_CRM_LIME_CHILD_BDAY_NEXT'),
          channel: str(c.UF_CRM_LIME_CHANNEL),
        }));
    },
    products(): NeutralProduct[] {
      return sb()
        .state.products()
        .map((p) => ({
          remoteId: String(p.ID),
          limeId: str(p.XML_ID),
          name: String(p.NAME),
          priceRub: str(p.PRICE) === null ? null : Number(p.PRICE),
        }));
    },
    notesOf(remoteContactId) {
      return sb()
        .state.timeline()
        .comments.filter(
          (c) => String(c.ENTITY_TYPE).toLowerCase() === 'contact' && String(c.ENTITY_ID) === remoteContactId,
        )
        .map((c) => String(c.COMMENT));
    },
    editContact(remoteId, patch) {
      const contact = sb().state.contact(Number(remoteId)) as Dumped | undefined;
      sb().ui.updateContact(Number(remoteId), legacyFields(patch, contact));
    },
    createContact({ firstName, lastName, phone, email }) {
      return String(sb().ui.createContact(legacyFields({ firstName, lastName, phone, email })));
    },
    deleteContact(remoteId) {
      sb().ui.deleteContact(Number(remoteId));
    },
    async createForeignProduct({ name, priceRub }) {
      const answer = await fetch(`${sb().webhookUrl}crm.product.add.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fields: { NAME: name, PRICE: priceRub, CURRENCY_ID: 'RUB' } }),
      });
      const body = (await answer.json()) as { result?: number };
      if (answer.status !== 200 || body.result === undefined)
        throw new Error(`could not add a product: ${answer.status} ${JSON.stringify(body)}`);
      return String(body.result);
    },
    createPreorder({ contactRemoteId, lines }) {
      const found = category();
      const first = stages().find((s) => s.NAME === 'Новый предзаказ');
      if (!found || !first) throw new Error('setup did not create the pre-order pipeline');
      const id = sb().ui.createDeal({
        title: 'Предзаказ: день рождения',
        categoryId: Number(found.id),
        stageId: String(first.STATUS_ID),
        contactId: Number(contactRemoteId),
        rows: rows(lines),
      });
      return String(id);
    },
    handToLime: (remoteId) => moveDeal(remoteId, 'to_lime'),
    moveToStage: moveDeal,
    setPreorderLines(remoteId, lines) {
      sb().ui.setDealRows(Number(remoteId), rows(lines));
    },
    preorder(remoteId): NeutralPreorder {
      const deal = sb().state.deal(Number(remoteId));
      if (!deal) throw new Error(`no deal ${remoteId}`);
      const stage = stages().find((s) => s.STATUS_ID === deal.STAGE_ID);
      const semantics = stage ? semanticsOf(stage) : 'process';
      const name =
        semantics === 'success'
          ? 'won'
          : semantics === 'failure'
            ? 'lost'
            : String(stage?.NAME ?? deal.STAGE_ID);
      const notes = sb()
        .state.timeline()
        .comments.filter(
          (c) => String(c.ENTITY_TYPE).toLowerCase() === 'deal' && String(c.ENTITY_ID) === remoteId,
        )
        .map((c) => String(c.COMMENT));
      return { stage: name, amountRub: Number(deal.OPPORTUNITY ?? 0), notes };
    },
    contactWrites() {
      const { byMethod } = sb().stats();
      return (byMethod['crm.contact.add'] ?? 0) + (byMethod['crm.contact.update'] ?? 0);
    },
    configure(knobs) {
      sb().configure(knobs);
    },
    throttleStats() {
      const stats = sb().stats();
      return {
        requests: stats.requests,
        throttled: stats.queryLimitExceeded + stats.operationTimeLimit,
        blocked: 0,
      };
    },
    async settle() {
      await sb().deliveriesIdle?.();
    },
    sandboxUrl: () => sb().portalUrl,
  };
}

function semanticsOf(stage: Dumped): 'process' | 'success' | 'failure' {
  const semantics = (stage.EXTRA as { SEMANTICS?: string } | undefined)?.SEMANTICS ?? stage.SEMANTICS;
  if (semantics === 'success' || semantics === 'S') return 'success';
  if (semantics === 'failure' || semantics === 'F') return 'failure';
  return 'process';
}
