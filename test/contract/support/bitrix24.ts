import { type BitrixSandbox, startBitrixSandbox } from '../../../sandbox/bitrix24/index.ts';
import { admin } from '../../support/hub.ts';
import type { CrmUnderTest, NeutralContact, NeutralPreorder, NeutralProduct } from './crm-under-test.ts';

type Dumped = Record<string, unknown>;
const EVENTS = [
  'ONCRMCONTACTADD',
  'ONCRMCONTACTUPDATE',
  'ONCRMCONTACTDELETE',
  'ONCRMDEALADD',
  'ONCRMDEALUPDATE',
];

export function bitrixUnderTest(): CrmUnderTest {
  let sandbox: BitrixSandbox | undefined;
  const sb = () => {
    if (!sandbox) throw new Error('the Bitrix24 sandbox is not started');
    return sandbox;
  };
  const str = (value: unknown) =>
    value === null || value === undefined || value === '' ? null : String(value);
  const day = (value: unknown) => (str(value) ? String(value).slice(0, 10) : null);
  const category = () =>
    sb()
      .state.categories()
      .find((c) => c.name === 'Предзаказы');
  const stages = () => {
    const found = category();
    return found ? sb().state.statuses(`DEAL_STAGE_${found.id}`) : [];
  };

  return {
    kind: 'bitrix24',
    async start() {
      sandbox = await startBitrixSandbox({ port: 0 });
    },
    async stop() {
      await sandbox?.close();
    },
    connectionBody: () => ({ kind: 'bitrix24', auth: { type: 'webhook', url: sb().webhookUrl } }),
    async afterConnect(hub, connection) {
      const hook = sb().addOutgoingWebhook({ handlerUrl: connection.webhookUrl, events: EVENTS });
      const patched = await admin(hub, 'PATCH', `/admin/v1/connections/${connection.id}`, {
        auth: { type: 'webhook', url: sb().webhookUrl, applicationToken: hook.applicationToken },
      });
      if (patched.status !== 200)
        throw new Error(`could not give the application token: ${JSON.stringify(patched.body)}`);
    },
    contacts(): NeutralContact[] {
      return sb()
        .state.contacts()
        .map((c) => ({
          remoteId: String(c.ID),
          limeId: c.ORIGINATOR_ID === 'limebridge' ? str(c.ORIGIN_ID) : null,
          firstName: str(c.NAME),
          lastName: str(c.LAST_NAME),
          phones: ((c.PHONE ?? []) as { VALUE: string }[]).map((p) => p.VALUE),
          emails: ((c.EMAIL ?? []) as { VALUE: string }[]).map((e) => e.VALUE),
          birthDate: day(c.BIRTHDATE),
          children: str(c.UF_CRM_LIME_CHILDREN),
          lastTransactions: str(c.UF_CRM_LIME_LAST_TX),
          lastVisit: str(c.UF_CRM_LIME_LAST_VISIT) ? Date.parse(String(c.UF_CRM_LIME_LAST_VISIT)) : null,
          visits: str(c.UF_CRM_LIME_VISITS) === null ? null : Number(c.UF_CRM_LIME_VISITS),
          nextChildBirthday: day(c.UF_CRM_LIME_CHILD_BDAY_NEXT),
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
      const fields: Dumped = {};
      if (patch.firstName !== undefined) fields.NAME = patch.firstName;
      if (patch.lastName !== undefined) fields.LAST_NAME = patch.lastName;
      if (patch.phone !== undefined) {
        const first = ((contact?.PHONE ?? []) as { ID: string }[])[0];
        fields.PHONE = [{ ...(first ? { ID: first.ID } : {}), VALUE: patch.phone, VALUE_TYPE: 'MOBILE' }];
      }
      if (patch.email !== undefined) {
        const first = ((contact?.EMAIL ?? []) as { ID: string }[])[0];
        fields.EMAIL = [{ ...(first ? { ID: first.ID } : {}), VALUE: patch.email, VALUE_TYPE: 'WORK' }];
      }
      sb().ui.updateContact(Number(remoteId), fields);
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
        rows: lines.map((l) => ({ productId: Number(l.productRemoteId), quantity: l.quantity })),
      });
      return String(id);
    },
    handToLime(remoteId) {
      const toLime = stages().find((s) => s.NAME === 'Передать в Лайм');
      if (!toLime) throw new Error('no «Передать в Лайм» stage');
      sb().ui.moveDealStage(Number(remoteId), String(toLime.STATUS_ID));
    },
    preorder(remoteId): NeutralPreorder {
      const deal = sb().state.deal(Number(remoteId));
      if (!deal) throw new Error(`no deal ${remoteId}`);
      const stage = stages().find((s) => s.STATUS_ID === deal.STAGE_ID);
      const semantics = (stage?.EXTRA as { SEMANTICS?: string } | undefined)?.SEMANTICS ?? stage?.SEMANTICS;
      const name =
        semantics === 'success' || semantics === 'S'
          ? 'won'
          : semantics === 'failure' || semantics === 'F'
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
  };
}
