/**
 * `client.deleted`: the person asked to be forgotten. limebridge keeps only the id and the time, drops
 * their transactions and family links, and erases the payloads of everything Lime sent about them
 * (lime-protocol.md §2) — also of what arrives late about them.
 */
import { and, eq, inArray, or } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, familyLinks, inboundEvents, transactions } from '../../src/store/schema/index.ts';
import { ENGINES } from '../support/databases.ts';
import { createTenant, postEvents, startTestHub, type TestHub } from '../support/hub.ts';
import { uid, validEvent } from './helpers.ts';

const BEFORE = '2026-11-29T10:00:00+03:00';
const ERASED_AT = '2026-11-29T12:00:00+03:00';

describe.each(ENGINES)('erasure on %s', (engine) => {
  let hub: TestHub;
  let tenant: { id: string; apiKey: string };
  beforeAll(async () => {
    hub = await startTestHub(engine);
    tenant = await createTenant(hub);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const post = async (events: unknown[]) => {
    const answer = await postEvents(hub, tenant.apiKey, events);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };

  const clientOf = async (clientId: string) => {
    const [row] = await hub.runtime.db
      .select()
      .from(clients)
      .where(and(eq(clients.tenantId, tenant.id), eq(clients.clientId, clientId)));
    return row;
  };

  const transactionsOf = (clientId: string) =>
    hub.runtime.db
      .select()
      .from(transactions)
      .where(and(eq(transactions.tenantId, tenant.id), eq(transactions.clientId, clientId)));

  const linksOf = (clientId: string) =>
    hub.runtime.db
      .select()
      .from(familyLinks)
      .where(
        and(
          eq(familyLinks.tenantId, tenant.id),
          or(eq(familyLinks.parentId, clientId), eq(familyLinks.childId, clientId)),
        ),
      );

  const inboundOf = (eventIds: string[]) =>
    hub.runtime.db
      .select()
      .from(inboundEvents)
      .where(and(eq(inboundEvents.tenantId, tenant.id), inArray(inboundEvents.eventId, eventIds)));

  /** A parent with every personal field, two children (one linked as a ward), and transactions. */
  async function family() {
    const parentId = uid('c');
    const [childId, wardId] = [uid('c'), uid('c')];
    const events = [
      validEvent(
        'client.upserted',
        {
          clientId: parentId,
          firstName: 'Анна',
          lastName: 'Иванова',
          middleName: 'Сергеевна',
          birthDate: '1990-02-28',
          gender: 'female',
          phone: '+79120000001',
          email: 'anna@example.ru',
          cards: [{ number: '7001' }],
          marketingConsent: true,
        },
        BEFORE,
      ),
      validEvent('client.upserted', { clientId: childId, firstName: 'Петя', category: 'child' }, BEFORE),
      validEvent('client.upserted', { clientId: wardId, firstName: 'Ваня', category: 'child' }, BEFORE),
      validEvent('family.linked', { parentId, childId, relation: 'child' }, BEFORE),
      validEvent('family.linked', { parentId, childId: wardId, relation: 'ward' }, BEFORE),
      validEvent('transaction.recorded', { clientId: parentId, cardNumber: '7001' }, BEFORE),
      validEvent('transaction.recorded', { clientId: parentId, kind: 'pass', amount: '0.00' }, BEFORE),
      validEvent('transaction.recorded', { clientId: childId, kind: 'pass', amount: '0.00' }, BEFORE),
    ];
    await post(events);
    return { parentId, childId, wardId, events };
  }

  it('blanks the personal fields and keeps only the id and the time', async () => {
    const { parentId } = await family();
    await post([validEvent('client.deleted', { clientId: parentId }, ERASED_AT)]);
    const row = await clientOf(parentId);
    expect(row).toMatchObject({
      clientId: parentId,
      firstName: null,
      lastName: null,
      middleName: null,
      birthDate: null,
      gender: null,
      phone: null,
      email: null,
      cards: [],
      marketingConsent: null,
      stateAt: new Date(ERASED_AT),
    });
    expect(row?.erasedAt).toBeInstanceOf(Date);
  });

  it("deletes the person's transactions and family links, and leaves the children's own alone", async () => {
    const { parentId, childId, wardId } = await family();
    await post([validEvent('client.deleted', { clientId: parentId }, ERASED_AT)]);
    expect(await transactionsOf(parentId)).toEqual([]);
    expect(await linksOf(parentId)).toEqual([]);
    expect(await transactionsOf(childId)).toHaveLength(1);
    expect(await clientOf(childId)).toMatchObject({ firstName: 'Петя', erasedAt: null });
    expect(await clientOf(wardId)).toMatchObject({ firstName: 'Ваня', erasedAt: null });
  });

  it('deletes the links of an erased child', async () => {
    const { parentId, childId, wardId } = await family();
    await post([validEvent('client.deleted', { clientId: childId }, ERASED_AT)]);
    expect(await linksOf(childId)).toEqual([]);
    expect(await transactionsOf(childId)).toEqual([]);
    expect((await linksOf(parentId)).map((link) => link.childId)).toEqual([wardId]);
    expect(await transactionsOf(parentId)).toHaveLength(2);
  });

  it('erases the payloads of every inbound event about the person, keeping their ids and times', async () => {
    const { parentId, childId, events } = await family();
    const deletion = validEvent('client.deleted', { clientId: parentId }, ERASED_AT);
    await post([deletion]);
    const about = events.filter((e) => e.data.clientId === parentId).map((e) => e.id);
    expect(about).toHaveLength(3);
    const logged = await inboundOf([...about, deletion.id]);
    expect(logged).toHaveLength(4);
    for (const row of logged) {
      expect(row.payload).toBeNull();
      expect(row.occurredAt).toBeInstanceOf(Date);
    }
    const childsOwn = events.filter((e) => e.data.clientId === childId).map((e) => e.id);
    for (const row of await inboundOf(childsOwn)) expect(row.payload).not.toBeNull();
  });

  it('forgets a person it never saw: the id is remembered as erased, nothing else', async () => {
    const clientId = uid('c');
    expect(await post([validEvent('client.deleted', { clientId }, ERASED_AT)])).toEqual({
      accepted: 1,
      duplicates: 0,
    });
    const row = await clientOf(clientId);
    expect(row).toMatchObject({ firstName: null, phone: null });
    expect(row?.erasedAt).toBeInstanceOf(Date);
    await post([validEvent('client.upserted', { clientId, firstName: 'Поздний' }, BEFORE)]);
    expect(await clientOf(clientId)).toMatchObject({ firstName: null });
  });

  describe('what arrives late about a forgotten person', () => {
    it('does not keep the payload of a late, older client.upserted', async () => {
      const { parentId } = await family();
      await post([validEvent('client.deleted', { clientId: parentId }, ERASED_AT)]);
      const late = validEvent(
        'client.upserted',
        { clientId: parentId, firstName: 'Анна', phone: '+79120000009' },
        BEFORE,
      );
      expect(await post([late])).toEqual({ accepted: 1, duplicates: 0 });
      const [logged] = await inboundOf([late.id]);
      expect(logged?.payload).toBeNull();
      expect(logged?.occurredAt).toEqual(new Date(BEFORE));
    });

    it('does not keep a transaction from before the erasure that arrives after it', async () => {
      const { parentId } = await family();
      await post([validEvent('client.deleted', { clientId: parentId }, ERASED_AT)]);
      const late = validEvent('transaction.recorded', { clientId: parentId, cardNumber: '7001' }, BEFORE);
      expect(await post([late])).toEqual({ accepted: 1, duplicates: 0 });
      expect(await transactionsOf(parentId)).toEqual([]);
      const [logged] = await inboundOf([late.id]);
      expect(logged?.payload).toBeNull();
    });

    it('does not link a forgotten person again from a link made before the erasure', async () => {
      const { parentId } = await family();
      await post([validEvent('client.deleted', { clientId: parentId }, ERASED_AT)]);
      await post([validEvent('family.linked', { parentId, childId: uid('c'), relation: 'child' }, BEFORE)]);
      expect(await linksOf(parentId)).toEqual([]);
    });

    it('applies what happened after a newer state brought the person back', async () => {
      const { parentId } = await family();
      await post([validEvent('client.deleted', { clientId: parentId }, ERASED_AT)]);
      const later = '2026-11-30T10:00:00+03:00';
      await post([
        validEvent('client.upserted', { clientId: parentId, firstName: 'Анна' }, later),
        validEvent('transaction.recorded', { clientId: parentId }, later),
      ]);
      expect(await clientOf(parentId)).toMatchObject({ firstName: 'Анна', erasedAt: null });
      expect(await transactionsOf(parentId)).toHaveLength(1);
    });
  });
});
