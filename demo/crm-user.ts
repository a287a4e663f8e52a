/**
 * A scripted CRM manager for the demo: now and then corrects a contact's phone or name and builds a
 * pre-order from the synced catalog, then hands it to Lime — in amoCRM and in Bitrix24, through each
 * sandbox's manager UI (as a person in the browser would), so webhooks fire like for a human edit.
 */
import type { AmoSandbox } from '../sandbox/amocrm/index.ts';
import type { BitrixSandbox } from '../sandbox/bitrix24/index.ts';

type Log = (line: string) => void;
type Row = Record<string, unknown>;

const FIRST_NAMES = ['Анна', 'Мария', 'Ольга', 'Сергей', 'Дмитрий', 'Алексей'];

export function startCrmUser(
  crm: { amo: AmoSandbox; bitrix: BitrixSandbox },
  log: Log,
  everyMs = 20_000,
): () => void {
  let turn = 0;
  const timer = setInterval(() => {
    turn += 1;
    const actions = [amoEdit, amoPreorder, bitrixEdit, bitrixPreorder];
    const action = actions[turn % actions.length];
    try {
      const done = action?.(crm, log);
      if (!done) log('(the CRM manager waits: nothing synced to work on yet)');
    } catch (error) {
      log(`the CRM manager stumbled: ${(error as Error).message}`);
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];
const newPhone = () => `+7916${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

type AmoField = { field_name: string; field_code?: string | null; values: { value: unknown }[] };
const fieldsOf = (entity: Row) => (entity.custom_fields_values ?? []) as AmoField[];

function amoFieldValue(entity: Row, name: string): string | undefined {
  return fieldsOf(entity).find((field) => field.field_name === name)?.values[0]?.value as string | undefined;
}

function amoEdit(crm: { amo: AmoSandbox }, log: Log): boolean {
  const synced = crm.amo.state.contacts().filter((c) => !c.is_deleted && amoFieldValue(c, 'Лайм ID'));
  const contact = pick(synced);
  if (!contact) return false;
  const phone = newPhone();
  crm.amo.ui.updateContact(Number(contact.id), {
    custom_fields_values: [{ field_code: 'PHONE', values: [{ value: phone, enum_code: 'MOB' }] }],
  });
  log(
    `amoCRM: the manager changed the phone of «${contact.name}» to ${phone} → expect client.changed to Lime`,
  );
  return true;
}

function amoPreorder(crm: { amo: AmoSandbox }, log: Log): boolean {
  const pipeline = crm.amo.state.pipelines().find((p) => p.name === 'Предзаказы') as
    | { id: number; _embedded: { statuses: { id: number; name: string }[] } }
    | undefined;
  const statuses = pipeline?._embedded.statuses ?? [];
  const first = statuses.find((s) => s.name === 'Новый предзаказ');
  const toLime = statuses.find((s) => s.name === 'Передать в Лайм');
  const products = crm.amo.state
    .catalogElements()
    .filter((e) => !e.is_deleted && amoFieldValue(e, 'Внешний ID') !== undefined);
  const lines = products.length > 0 ? products : crm.amo.state.catalogElements().filter((e) => !e.is_deleted);
  const reachable = (c: Row) => fieldsOf(c).some((f) => f.field_code === 'PHONE' || f.field_code === 'EMAIL');
  const contact = pick(
    crm.amo.state.contacts().filter((c) => !c.is_deleted && amoFieldValue(c, 'Лайм ID') && reachable(c)),
  );
  if (!pipeline || !first || !toLime || lines.length === 0 || !contact) return false;
  const chosen = [pick(lines), pick(lines)].filter(
    (e, i, all): e is Row => Boolean(e) && all.indexOf(e) === i,
  );
  const lead = crm.amo.ui.createLead({
    name: `Предзаказ: ${pick(['день рождения', 'выпускной', 'корпоратив', 'семейный визит'])}`,
    pipelineId: pipeline.id,
    statusId: first.id,
    contactId: Number(contact.id),
    products: chosen.map((e) => ({ elementId: Number(e.id), quantity: 1 + Math.floor(Math.random() * 4) })),
  });
  setTimeout(
    () => crm.amo.ui.moveLead(lead.id, { statusId: toLime.id, pipelineId: pipeline.id }),
    3000,
  ).unref();
  log(
    `amoCRM: the manager built pre-order lead ${lead.id} for «${contact.name}» and moves it to «Передать в Лайм»`,
  );
  return true;
}

function bitrixEdit(crm: { bitrix: BitrixSandbox }, log: Log): boolean {
  const contact = pick(crm.bitrix.state.contacts().filter((c) => c.ORIGINATOR_ID === 'limebridge'));
  if (!contact) return false;
  if (Math.random() < 0.5) {
    const phones = (contact.PHONE ?? []) as { ID: string }[];
    const phone = newPhone();
    crm.bitrix.ui.updateContact(Number(contact.ID), {
      PHONE: [{ ID: phones[0]?.ID, VALUE: phone, VALUE_TYPE: 'MOBILE' }],
    });
    log(`Bitrix24: the manager replaced the phone of contact ${contact.ID} with ${phone}`);
  } else {
    const name = pick(FIRST_NAMES) ?? 'Анна';
    crm.bitrix.ui.updateContact(Number(contact.ID), { NAME: name });
    log(`Bitrix24: the manager corrected the first name of contact ${contact.ID} to «${name}»`);
  }
  return true;
}

function bitrixPreorder(crm: { bitrix: BitrixSandbox }, log: Log): boolean {
  const category = crm.bitrix.state.categories().find((c) => c.name === 'Предзаказы');
  if (!category) return false;
  const stages = crm.bitrix.state.statuses(`DEAL_STAGE_${category.id}`);
  const first = stages.find((s) => s.NAME === 'Новый предзаказ');
  const toLime = stages.find((s) => s.NAME === 'Передать в Лайм');
  const products = crm.bitrix.state.products().filter((p) => p.XML_ID);
  const reachable = (c: Row) =>
    ((c.PHONE ?? []) as unknown[]).length > 0 || ((c.EMAIL ?? []) as unknown[]).length > 0;
  const contact = pick(
    crm.bitrix.state.contacts().filter((c) => c.ORIGINATOR_ID === 'limebridge' && reachable(c)),
  );
  if (!first || !toLime || products.length === 0 || !contact) return false;
  const rows = [pick(products), pick(products)]
    .filter((p, i, all): p is Row => Boolean(p) && all.indexOf(p) === i)
    .map((p) => ({ productId: Number(p.ID), quantity: 1 + Math.floor(Math.random() * 3) }));
  const dealId = crm.bitrix.ui.createDeal({
    title: `Предзаказ: ${pick(['день рождения', 'выпускной', 'семейный визит'])}`,
    categoryId: Number(category.id),
    stageId: String(first.STATUS_ID),
    contactId: Number(contact.ID),
    rows,
  });
  setTimeout(() => crm.bitrix.ui.moveDealStage(dealId, String(toLime.STATUS_ID)), 3000).unref();
  log(`Bitrix24: the manager built pre-order deal ${dealId} and moves it to «Передать в Лайм»`);
  return true;
}
