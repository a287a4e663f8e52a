import { afterEach, describe, expect, it } from 'vitest';
import type { ContactCard } from '../../core/derive/contact-card.ts';
import type { LocalDate } from '../../core/model/time.ts';
import type { RemoteContact, WriteOutcome } from '../contract.ts';
import { amocrm } from './index.ts';
import { type AmoWorld, startAmoWorld } from './test-sandbox.ts';

type Dumped = Record<string, unknown>;
type DumpedField = { field_id: number; values: { value: unknown; enum_code?: string; enum_id?: number }[] };

const LAST_VISIT = Date.parse('2026-11-29T11:05:00Z');

function card(overrides: Partial<ContactCard> = {}): ContactCard {
  return {
    limeId: 'cl-1',
    firstName: 'Анна',
    lastName: 'Смирнова',
    middleName: 'Петровна',
    birthDate: '1985-03-07' as LocalDate,
    phone: '+79123456789',
    email: 'anna@example.com',
    children: 'Маша Смирнова — 01.06.2015\nПетя Смирнов — 12.12.2018',
    lastTransactions:
      '29.11.2026 14:05 · Проход · 0.00 RUB · Турникет 1\n28.11.2026 10:00 · Покупка · 1500.00 RUB · Касса 1',
    lastVisit: LAST_VISIT,
    visits: 3,
    nextChildBirthday: '2026-12-12' as LocalDate,
    registrationChannel: 'Касса',
    ...overrides,
  };
}

function created(outcomes: WriteOutcome[], ref: string) {
  const outcome = outcomes.find((o) => o.ref === ref);
  if (!outcome?.ok) throw new Error(`write ${ref} failed: ${JSON.stringify(outcome)}`);
  return outcome;
}

function fieldOf(contact: Dumped, fieldId: number): DumpedField | undefined {
  return ((contact.custom_fields_values as DumpedField[] | null) ?? []).find((f) => f.field_id === fieldId);
}

async function createOne(world: AmoWorld, fields: ContactCard = card()) {
  const answer = await amocrm.writeContacts(world.conn, [{ ref: 'a', remoteId: null, fields, state: null }]);
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  return created(answer.value, 'a');
}

async function fetchOne(world: AmoWorld, remoteId: string): Promise<RemoteContact> {
  const answer = await amocrm.fetchContacts(world.conn, [remoteId]);
  if (!answer.ok || !answer.value[0]) throw new Error(`fetch failed: ${JSON.stringify(answer)}`);
  return answer.value[0];
}

describe('amoCRM contacts against the sandbox', () => {
  let world: AmoWorld;
  afterEach(async () => {
    await world.close();
  });

  it('creates contacts with every card field and reads back exactly what it wrote', async () => {
    world = await startAmoWorld();
    const schema = world.schema();
    const before = world.requests();
    const answer = await amocrm.writeContacts(world.conn, [
      { ref: 'a', remoteId: null, fields: card(), state: null },
      {
        ref: 'b',
        remoteId: null,
        fields: card({
          limeId: 'cl-2',
          firstName: 'Олег',
          lastName: null,
          middleName: null,
          phone: null,
          children: null,
        }),
        state: null,
      },
    ]);
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    expect(world.requests() - before).toBe(1);
    const a = created(answer.value, 'a');

    const raw = world.sandbox.state.contact(Number(a.remoteId)) as Dumped;
    expect(raw).toMatchObject({ first_name: 'Анна', last_name: 'Смирнова', name: 'Смирнова Анна Петровна' });
    expect(fieldOf(raw, schema.phone.fieldId)?.values).toEqual([
      expect.objectContaining({ value: '+79123456789', enum_code: 'MOB' }),
    ]);
    expect(fieldOf(raw, schema.email.fieldId)?.values).toEqual([
      expect.objectContaining({ value: 'anna@example.com', enum_code: 'WORK' }),
    ]);
    // Birthday and date are the account-zone (Moscow) midnight; date_time is the instant.
    expect(fieldOf(raw, schema.contactFields.birthDate.id)?.values[0]?.value).toBe(
      Date.parse('1985-03-07T00:00:00+03:00') / 1000,
    );
    expect(fieldOf(raw, schema.contactFields.nextChildBirthday.id)?.values[0]?.value).toBe(
      Date.parse('2026-12-12T00:00:00+03:00') / 1000,
    );
    expect(fieldOf(raw, schema.contactFields.lastVisit.id)?.values[0]?.value).toBe(LAST_VISIT / 1000);
    expect(fieldOf(raw, schema.contactFields.children.id)?.values[0]?.value).toBe(card().children);
    expect(Number(fieldOf(raw, schema.contactFields.visits.id)?.values[0]?.value)).toBe(3);

    const read = await fetchOne(world, a.remoteId);
    const { middleName: _unrepresentable, ...shown } = card();
    expect(read.limeId).toBe('cl-1');
    expect(read.personal).toEqual({
      firstName: 'Анна',
      lastName: 'Смирнова',
      birthDate: '1985-03-07',
      phone: '+79123456789',
      email: 'anna@example.com',
    });
    expect(read.card).toEqual(shown);
    expect(read.phones).toEqual(['+79123456789']);
    expect(read.emails).toEqual(['anna@example.com']);

    const b = created(answer.value, 'b');
    const readB = await fetchOne(world, b.remoteId);
    expect(readB.personal).toMatchObject({ firstName: 'Олег', lastName: null, phone: null });
    expect(readB.card.children).toBeNull();
  });

  it('keeps dates on their day in an account west of Greenwich', async () => {
    world = await startAmoWorld({ timezone: 'America/New_York' });
    const outcome = await createOne(world, card({ birthDate: '1990-01-01' as LocalDate }));
    const read = await fetchOne(world, outcome.remoteId);
    expect(read.personal.birthDate).toBe('1990-01-01');
    expect(read.card.nextChildBirthday).toBe('2026-12-12');
  });

  it('updates only the given fields, keeping the phones a manager added, never duplicating ours', async () => {
    world = await startAmoWorld();
    const schema = world.schema();
    const outcome = await createOne(world);
    const id = Number(outcome.remoteId);
    world.sandbox.ui.updateContact(id, {
      custom_fields_values: [
        {
          field_id: schema.phone.fieldId,
          values: [
            { value: '+79123456789', enum_code: 'MOB' },
            { value: '8 (495) 111-22-33', enum_code: 'WORK' },
          ],
        },
      ],
    });
    const current = await fetchOne(world, outcome.remoteId);
    const before = world.requests();
    const update = await amocrm.writeContacts(world.conn, [
      {
        ref: 'u',
        remoteId: outcome.remoteId,
        fields: { phone: '+79998887766', visits: 4 },
        state: current.state,
      },
    ]);
    if (!update.ok) throw new Error(JSON.stringify(update.error));
    expect(world.requests() - before).toBe(1);
    const raw = world.sandbox.state.contact(id) as Dumped;
    expect(fieldOf(raw, schema.phone.fieldId)?.values.map((v) => v.value)).toEqual([
      '+79998887766',
      '8 (495) 111-22-33',
    ]);
    const read = await fetchOne(world, outcome.remoteId);
    expect(read.personal.phone).toBe('+79998887766');
    expect(read.card.visits).toBe(4);
    expect(read.card.children).toBe(card().children);
    expect(read.personal.email).toBe('anna@example.com');

    // Writing the phone the manager typed differently does not add a second copy of it.
    const again = await amocrm.writeContacts(world.conn, [
      { ref: 'u', remoteId: outcome.remoteId, fields: { phone: '+74951112233' }, state: read.state },
    ]);
    if (!again.ok) throw new Error(JSON.stringify(again.error));
    const phones = fieldOf(world.sandbox.state.contact(id) as Dumped, schema.phone.fieldId)?.values;
    expect(phones?.map((v) => v.value)).toEqual(['+74951112233']);
  });

  it('reads the contact first when no state is given, then merges', async () => {
    world = await startAmoWorld();
    const schema = world.schema();
    const outcome = await createOne(world);
    const id = Number(outcome.remoteId);
    world.sandbox.ui.updateContact(id, {
      custom_fields_values: [
        {
          field_id: schema.email.fieldId,
          values: [
            { value: 'anna@example.com', enum_code: 'WORK' },
            { value: 'anna.private@example.com', enum_code: 'PRIV' },
          ],
        },
      ],
    });
    const before = world.requests();
    const update = await amocrm.writeContacts(world.conn, [
      {
        ref: 'u',
        remoteId: outcome.remoteId,
        fields: { email: 'anna@work.example', lastName: 'Иванова' },
        state: null,
      },
    ]);
    if (!update.ok) throw new Error(JSON.stringify(update.error));
    expect(world.requests() - before).toBe(2);
    const raw = world.sandbox.state.contact(id) as Dumped;
    expect(fieldOf(raw, schema.email.fieldId)?.values.map((v) => v.value)).toEqual([
      'anna@work.example',
      'anna.private@example.com',
    ]);
    expect(raw).toMatchObject({ first_name: 'Анна', last_name: 'Иванова', name: 'Иванова Анна Петровна' });
  });

  it('clears a field written as null and leaves the others', async () => {
    world = await startAmoWorld();
    const outcome = await createOne(world);
    const update = await amocrm.writeContacts(world.conn, [
      {
        ref: 'u',
        remoteId: outcome.remoteId,
        fields: { children: null, nextChildBirthday: null, phone: null },
        state: outcome.state,
      },
    ]);
    if (!update.ok) throw new Error(JSON.stringify(update.error));
    const read = await fetchOne(world, outcome.remoteId);
    expect(read.card).toMatchObject({ children: null, nextChildBirthday: null, phone: null, visits: 3 });
    expect(read.phones).toEqual([]);
  });

  it('answers not_found for a contact deleted in the CRM, and cannot delete by API', async () => {
    world = await startAmoWorld();
    const outcome = await createOne(world);
    world.sandbox.ui.deleteContact(Number(outcome.remoteId));
    const update = await amocrm.writeContacts(world.conn, [
      { ref: 'u', remoteId: outcome.remoteId, fields: { visits: 9 }, state: outcome.state },
      { ref: 'n', remoteId: null, fields: card({ limeId: 'cl-9' }), state: null },
    ]);
    if (!update.ok) throw new Error(JSON.stringify(update.error));
    expect(update.value.find((o) => o.ref === 'u')).toMatchObject({
      ok: false,
      error: { kind: 'not_found' },
    });
    expect(update.value.find((o) => o.ref === 'n')).toMatchObject({ ok: true });
    expect(amocrm.capabilities.deleteContacts).toBe(false);
    const deleted = await amocrm.deleteContacts(world.conn, ['1']);
    expect(deleted).toMatchObject({
      ok: true,
      value: [{ ref: '1', ok: false, error: { kind: 'rejected' } }],
    });
  });

  it('finds contacts by Lime id, phone and e-mail, verifying fuzzy hits', async () => {
    world = await startAmoWorld();
    const schema = world.schema();
    const anna = await createOne(world);
    // A manager's contact with Anna's digits in an unrelated field, and one with her phone typed by hand.
    world.sandbox.ui.createContact({
      name: 'Посторонний',
      custom_fields_values: [
        { field_id: world.sandbox.seed.positionFieldId, values: [{ value: 'код 9123456789' }] },
      ],
    });
    const typed = world.sandbox.ui.createContact({
      name: 'Пётр',
      custom_fields_values: [
        { field_id: schema.phone.fieldId, values: [{ value: '8 (916) 000-11-22', enum_code: 'WORK' }] },
      ],
    });
    const byLimeId = await amocrm.findContacts(world.conn, { limeIds: ['cl-1'], phones: [], emails: [] });
    expect(byLimeId.ok && byLimeId.value.map((c) => c.remoteId)).toEqual([anna.remoteId]);
    const byPhone = await amocrm.findContacts(world.conn, {
      limeIds: [],
      phones: ['+79123456789', '+79160001122'],
      emails: [],
    });
    expect(byPhone.ok && byPhone.value.map((c) => c.remoteId).sort()).toEqual(
      [anna.remoteId, String(typed.id)].sort(),
    );
    const byEmail = await amocrm.findContacts(world.conn, {
      limeIds: [],
      phones: [],
      emails: ['ANNA@example.com'],
    });
    expect(byEmail.ok && byEmail.value.map((c) => c.remoteId)).toEqual([anna.remoteId]);
    const none = await amocrm.findContacts(world.conn, { limeIds: ['cl-404'], phones: [], emails: [] });
    expect(none).toEqual({ ok: true, value: [] });
  });

  it('finds many keys by scanning the account when that costs fewer requests than one query per key', async () => {
    world = await startAmoWorld();
    const writes = Array.from({ length: 20 }, (_, i) => ({
      ref: `r${i}`,
      remoteId: null,
      fields: card({
        limeId: `cl-${i}`,
        phone: `+7912000${String(i).padStart(4, '0')}`,
        email: `c${i}@example.com`,
      }),
      state: null,
    }));
    const answer = await amocrm.writeContacts(world.conn, writes);
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    const before = world.requests();
    const found = await amocrm.findContacts(world.conn, {
      limeIds: ['cl-0', 'cl-1', 'cl-404'],
      phones: writes.slice(2, 12).map((w) => w.fields.phone ?? ''),
      emails: ['C19@example.com', 'nobody@example.com'],
    });
    if (!found.ok) throw new Error(JSON.stringify(found.error));
    expect(found.value.map((c) => c.limeId).sort()).toEqual(
      ['cl-0', 'cl-1', ...writes.slice(2, 12).map((w) => w.fields.limeId), 'cl-19'].sort(),
    );
    expect(world.requests() - before).toBe(1);
  });

  it('scans every contact in pages of 250', async () => {
    world = await startAmoWorld();
    const writes = Array.from({ length: 260 }, (_, i) => ({
      ref: `r${i}`,
      remoteId: null,
      fields: card({ limeId: `cl-${i}`, phone: null, email: null }),
      state: null,
    }));
    const before = world.requests();
    const answer = await amocrm.writeContacts(world.conn, writes);
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    expect(answer.value.filter((o) => o.ok)).toHaveLength(260);
    expect(world.requests() - before).toBe(2);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await amocrm.scanContacts(world.conn, cursor);
      if (!page.ok) throw new Error(JSON.stringify(page.error));
      seen.push(...page.value.items.map((c) => c.limeId ?? ''));
      cursor = page.value.next;
    } while (cursor);
    expect(new Set(seen).size).toBe(260);
  });

  it('reads many contacts in pages of the latest updated when the account has no API filters', async () => {
    world = await startAmoWorld();
    expect(world.schema().account.filters).toBe(false);
    const writes = Array.from({ length: 30 }, (_, i) => ({
      ref: `r${i}`,
      remoteId: null,
      fields: card({ limeId: `cl-${i}`, phone: `+7912000${String(i).padStart(4, '0')}`, email: null }),
      state: null,
    }));
    const answer = await amocrm.writeContacts(world.conn, writes);
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    const ids = answer.value.flatMap((o) => (o.ok ? [o.remoteId] : []));
    const before = world.requests();
    const fetched = await amocrm.fetchContacts(world.conn, [...ids.slice(0, 20), '999999999']);
    if (!fetched.ok) throw new Error(JSON.stringify(fetched.error));
    expect(fetched.value.map((c) => c.remoteId).sort()).toEqual(ids.slice(0, 20).sort());
    // One page found the twenty; the id that is nowhere costs one GET of its own.
    expect(world.requests() - before).toBe(2);
  });

  it('uses filter[id] in one request when the account has API filters', async () => {
    world = await startAmoWorld({ knobs: { apiFilterEnabled: true } });
    expect(world.schema().account.filters).toBe(true);
    const writes = Array.from({ length: 30 }, (_, i) => ({
      ref: `r${i}`,
      remoteId: null,
      fields: card({ limeId: `cl-${i}`, phone: `+7912000${String(i).padStart(4, '0')}`, email: null }),
      state: null,
    }));
    const answer = await amocrm.writeContacts(world.conn, writes);
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    const ids = answer.value.flatMap((o) => (o.ok ? [o.remoteId] : []));
    let before = world.requests();
    const fetched = await amocrm.fetchContacts(world.conn, [...ids.slice(0, 20), '999999999']);
    expect(fetched.ok && fetched.value.length).toBe(20);
    expect(world.requests() - before).toBe(1);
    before = world.requests();
    const found = await amocrm.findContacts(world.conn, {
      limeIds: writes.map((w) => w.fields.limeId),
      phones: [],
      emails: [],
    });
    expect(found.ok && found.value.length).toBe(30);
    expect(world.requests() - before).toBe(1);
  });

  it('adds notes to contacts in one request', async () => {
    world = await startAmoWorld();
    const outcome = await createOne(world);
    const before = world.requests();
    const answer = await amocrm.writeNotes(world.conn, [
      {
        ref: 'n1',
        remoteContactId: outcome.remoteId,
        text: '29.11.2026 14:05 · Проход · 0.00 RUB · Турникет 1',
      },
      {
        ref: 'n2',
        remoteContactId: outcome.remoteId,
        text: '28.11.2026 10:00 · Покупка · 1500.00 RUB · Касса 1',
      },
    ]);
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    expect(answer.value.every((o) => o.ok)).toBe(true);
    expect(world.requests() - before).toBe(1);
    const notes = world.sandbox.state
      .notes()
      .filter((n) => n.entity_id === Number(outcome.remoteId) && n.entity_type === 'contacts');
    expect(notes.map((n) => (n.params as { text: string }).text)).toEqual([
      '29.11.2026 14:05 · Проход · 0.00 RUB · Турникет 1',
      '28.11.2026 10:00 · Покупка · 1500.00 RUB · Касса 1',
    ]);
  });

  it('reads the notes of many contacts written since a time in one request', async () => {
    world = await startAmoWorld();
    const contacts = await amocrm.writeContacts(
      world.conn,
      ['a', 'b', 'c'].map((ref, i) => ({
        ref,
        remoteId: null,
        fields: card({ limeId: `cl-${ref}`, phone: `+7912345678${i}`, email: null }),
        state: null,
      })),
    );
    if (!contacts.ok) throw new Error(JSON.stringify(contacts.error));
    const [a, b, c] = ['a', 'b', 'c'].map((ref) => created(contacts.value, ref).remoteId);
    const note = (ref: string, remoteContactId: string, text: string) => ({ ref, remoteContactId, text });
    await amocrm.writeNotes(world.conn, [note('old', a as string, 'Покупка до')]);
    // amoCRM stamps in whole seconds: the next notes are a second later than the old one.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const since = Date.now() - 100;
    await amocrm.writeNotes(world.conn, [
      note('n1', a as string, 'Проход'),
      note('n2', b as string, 'Покупка'),
      note('n3', c as string, 'Пополнение'),
    ]);
    const before = world.requests();
    const answer = await amocrm.readNotes(world.conn, [a as string, b as string], since);
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    expect(world.requests() - before).toBe(1);
    expect([...answer.value.read].sort()).toEqual([a, b].sort());
    expect(answer.value.notes.map((n) => [n.remoteContactId, n.text]).sort()).toEqual(
      [
        [a, 'Проход'],
        [b, 'Покупка'],
      ].sort(),
    );
  });
});
