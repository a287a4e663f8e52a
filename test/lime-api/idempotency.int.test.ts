/**
 * Events arrive late, twice, or out of order: a repeated id is acknowledged and not applied again, an
 * older state never overwrites a newer one, and facts are written once (lime-protocol.md §2).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClient } from '../../src/store/lime-repo.ts';
import { clients, familyLinks, inboundEvents, products, transactions } from '../../src/store/schema/index.ts';
import { ENGINES } from '../support/databases.ts';
import { createTenant, postEvents, startTestHub, type TestHub } from '../support/hub.ts';
import { rowCounts, uid, validEvent } from './helpers.ts';

const T1 = '2026-11-29T10:00:00+03:00';
const T2 = '2026-11-29T11:00:00+03:00';
const T3 = '2026-11-29T12:00:00+03:00';
const T4 = '2026-11-29T13:00:00+03:00';

describe.each(ENGINES)('idempotency and ordering on %s', (engine) => {
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

  const productOf = async (productId: string) => {
    const [row] = await hub.runtime.db
      .select()
      .from(products)
      .where(and(eq(products.tenantId, tenant.id), eq(products.productId, productId)));
    return row;
  };

  const linkOf = async (parentId: string, childId: string) => {
    const [row] = await hub.runtime.db
      .select()
      .from(familyLinks)
      .where(
        and(
          eq(familyLinks.tenantId, tenant.id),
          eq(familyLinks.parentId, parentId),
          eq(familyLinks.childId, childId),
        ),
      );
    return row;
  };

  describe('repeated ids', () => {
    it('acknowledges a repeated id as a duplicate and does not apply it again', async () => {
      const first = validEvent('client.upserted', { firstName: 'Анна' }, T1);
      expect(await post([first])).toEqual({ accepted: 1, duplicates: 0 });
      const before = await rowCounts(hub, tenant.id);
      // Same id, different (and newer) content: still the same event to us.
      const replay = { ...first, occurredAt: T2, data: { ...first.data, firstName: 'Подмена' } };
      expect(await post([first])).toEqual({ accepted: 0, duplicates: 1 });
      expect(await post([replay, validEvent('product.upserted')])).toEqual({ accepted: 1, duplicates: 1 });
      expect((await clientOf(String(first.data.clientId)))?.firstName).toBe('Анна');
      const after = await rowCounts(hub, tenant.id);
      expect(after.inboundEvents - before.inboundEvents).toBe(1);
      expect(after.clients).toBe(before.clients);
    });

    it('takes the same id twice in one batch once: the first one', async () => {
      const first = validEvent('client.upserted', { firstName: 'Первый' }, T1);
      const second = { ...first, occurredAt: T2, data: { ...first.data, firstName: 'Второй' } };
      expect(await post([first, second])).toEqual({ accepted: 1, duplicates: 1 });
      expect((await clientOf(String(first.data.clientId)))?.firstName).toBe('Первый');
      const logged = await hub.runtime.db
        .select()
        .from(inboundEvents)
        .where(and(eq(inboundEvents.tenantId, tenant.id), eq(inboundEvents.eventId, first.id)));
      expect(logged).toHaveLength(1);
      expect(logged[0]?.payload).toMatchObject({ firstName: 'Первый' });
    });
  });

  describe('clients', () => {
    it('never lets an older state overwrite a newer one, across requests', async () => {
      const clientId = uid('c');
      await post([
        validEvent('client.upserted', { clientId, firstName: 'Новое', phone: '+79120000002' }, T2),
      ]);
      expect(await post([validEvent('client.upserted', { clientId, firstName: 'Старое' }, T1)])).toEqual({
        accepted: 1,
        duplicates: 0,
      });
      expect(await clientOf(clientId)).toMatchObject({ firstName: 'Новое', phone: '+79120000002' });
      await post([validEvent('client.upserted', { clientId, firstName: 'Новейшее' }, T3)]);
      expect(await clientOf(clientId)).toMatchObject({ firstName: 'Новейшее', phone: null });
    });

    it('keeps the newest of several states in one request, whatever their order', async () => {
      const clientId = uid('c');
      await post([
        validEvent('client.upserted', { clientId, firstName: 'Два' }, T2),
        validEvent('client.upserted', { clientId, firstName: 'Три' }, T3),
        validEvent('client.upserted', { clientId, firstName: 'Один' }, T1),
      ]);
      expect((await clientOf(clientId))?.firstName).toBe('Три');
    });

    it('compares instants, not the text: a later wall clock in an earlier offset can be older', async () => {
      const clientId = uid('c');
      await post([
        validEvent('client.upserted', { clientId, firstName: 'Москва' }, '2026-11-29T12:00:00+03:00'),
      ]);
      // 12:30 in Yekaterinburg (+05:00) is 10:30 in Moscow: older.
      await post([
        validEvent('client.upserted', { clientId, firstName: 'Урал' }, '2026-11-29T12:30:00+05:00'),
      ]);
      expect((await clientOf(clientId))?.firstName).toBe('Москва');
    });

    it('keeps what Lime sent: the cards and every personal field', async () => {
      const clientId = uid('c');
      await post([
        validEvent('client.upserted', {
          clientId,
          firstName: 'Анна',
          lastName: 'Иванова',
          middleName: 'Сергеевна',
          birthDate: '1990-02-28',
          gender: 'female',
          phone: '8 912 000-00-01',
          email: 'Anna@Example.ru',
          cards: [{ number: '7001' }, { number: '7002' }],
          marketingConsent: true,
        }),
      ]);
      expect(await loadClient(hub.runtime.db, tenant.id, clientId)).toMatchObject({
        clientId,
        firstName: 'Анна',
        lastName: 'Иванова',
        middleName: 'Сергеевна',
        birthDate: '1990-02-28',
        gender: 'female',
        phone: '+79120000001',
        email: 'anna@example.ru',
        cards: ['7001', '7002'],
        marketingConsent: true,
      });
    });
  });

  describe('client.deleted against client.upserted', () => {
    it('keeps only the id on erasure; an older upsert does not bring the person back, a newer one does', async () => {
      const clientId = uid('c');
      await post([validEvent('client.upserted', { clientId, firstName: 'Анна', phone: '+79120000003' }, T1)]);
      await post([validEvent('client.deleted', { clientId }, T3)]);
      const erased = await clientOf(clientId);
      expect(erased).toMatchObject({ clientId, firstName: null, phone: null, email: null });
      expect(erased?.erasedAt).toBeInstanceOf(Date);

      await post([
        validEvent('client.upserted', { clientId, firstName: 'Призрак', phone: '+79120000004' }, T2),
      ]);
      expect(await clientOf(clientId)).toMatchObject({ firstName: null, phone: null });
      expect(await loadClient(hub.runtime.db, tenant.id, clientId)).toBeNull();

      await post([validEvent('client.upserted', { clientId, firstName: 'Анна', phone: '+79120000005' }, T4)]);
      expect(await clientOf(clientId)).toMatchObject({
        firstName: 'Анна',
        phone: '+79120000005',
        erasedAt: null,
      });
    });

    it('applies the newest of an upsert and a deletion sent together, whatever their order', async () => {
      const kept = uid('c');
      const gone = uid('c');
      await post([
        validEvent('client.upserted', { clientId: kept, firstName: 'Остаётся' }, T3),
        validEvent('client.deleted', { clientId: kept }, T2),
        validEvent('client.deleted', { clientId: gone }, T3),
        validEvent('client.upserted', { clientId: gone, firstName: 'Уходит' }, T2),
      ]);
      expect(await clientOf(kept)).toMatchObject({ firstName: 'Остаётся', erasedAt: null });
      expect(await clientOf(gone)).toMatchObject({ firstName: null });
      expect((await clientOf(gone))?.erasedAt).toBeInstanceOf(Date);
    });
  });

  describe('products', () => {
    it('never lets an older state overwrite a newer one; a deletion holds against older upserts', async () => {
      const productId = uid('p');
      await post([validEvent('product.upserted', { productId, name: 'Билет', price: '2000.00' }, T2)]);
      await post([
        validEvent('product.upserted', { productId, name: 'Билет (старый)', price: '1500.00' }, T1),
      ]);
      expect(await productOf(productId)).toMatchObject({
        name: 'Билет',
        priceMinor: 200_000,
        deleted: false,
      });

      await post([validEvent('product.deleted', { productId }, T3)]);
      await post([validEvent('product.upserted', { productId, name: 'Билет', price: '2500.00' }, T2)]);
      expect(await productOf(productId)).toMatchObject({ deleted: true, active: false, priceMinor: 200_000 });

      await post([validEvent('product.upserted', { productId, name: 'Билет', price: '2500.00' }, T4)]);
      expect(await productOf(productId)).toMatchObject({ deleted: false, active: true, priceMinor: 250_000 });
    });

    it('ignores a deletion older than the state it meets', async () => {
      const productId = uid('p');
      await post([validEvent('product.upserted', { productId, active: false }, T2)]);
      await post([validEvent('product.deleted', { productId }, T1)]);
      expect(await productOf(productId)).toMatchObject({ deleted: false, active: false });
    });
  });

  describe('family links', () => {
    it('keeps a link made after an unlink that arrives late', async () => {
      const [parentId, childId] = [uid('c'), uid('c')];
      await post([validEvent('family.linked', { parentId, childId, relation: 'child' }, T2)]);
      await post([validEvent('family.unlinked', { parentId, childId }, T1)]);
      expect(await linkOf(parentId, childId)).toMatchObject({ linked: true, relation: 'child' });
    });

    it('keeps an unlink made after a link that arrives late', async () => {
      const [parentId, childId] = [uid('c'), uid('c')];
      await post([validEvent('family.unlinked', { parentId, childId }, T2)]);
      await post([validEvent('family.linked', { parentId, childId, relation: 'ward' }, T1)]);
      expect(await linkOf(parentId, childId)).toMatchObject({ linked: false });
      await post([validEvent('family.linked', { parentId, childId, relation: 'grandchild' }, T3)]);
      expect(await linkOf(parentId, childId)).toMatchObject({ linked: true, relation: 'grandchild' });
    });

    it('keeps the newest of a link and an unlink sent together', async () => {
      const [parentId, childId] = [uid('c'), uid('c')];
      await post([
        validEvent('family.unlinked', { parentId, childId }, T3),
        validEvent('family.linked', { parentId, childId, relation: 'child' }, T2),
      ]);
      expect(await linkOf(parentId, childId)).toMatchObject({ linked: false });
    });
  });

  describe('transactions', () => {
    it('writes a transaction once, whatever else later events with its id say', async () => {
      const clientId = uid('c');
      const transactionId = uid('t');
      const first = validEvent('transaction.recorded', { transactionId, clientId, amount: '100.00' }, T1);
      const again = validEvent('transaction.recorded', { transactionId, clientId, amount: '999.00' }, T2);
      expect(await post([first])).toEqual({ accepted: 1, duplicates: 0 });
      expect(await post([again, { ...again, id: uid('evt') }])).toEqual({ accepted: 2, duplicates: 0 });
      const stored = await hub.runtime.db
        .select()
        .from(transactions)
        .where(and(eq(transactions.tenantId, tenant.id), eq(transactions.transactionId, transactionId)));
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ amountMinor: 10_000, clientId });
    });
  });

  describe('pre-orders', () => {
    it('accepts a status change for a pre-order it does not know, and changes nothing', async () => {
      const before = await rowCounts(hub, tenant.id);
      const event = validEvent('preorder.status_changed', {
        status: 'paid',
        limeOrderNumber: 'L-1',
        lines: [{ productId: 'p-1', name: 'Билет', quantity: 1, price: '100.00', amount: '100.00' }],
        total: '100.00',
      });
      expect(await post([event])).toEqual({ accepted: 1, duplicates: 0 });
      const after = await rowCounts(hub, tenant.id);
      expect(after).toEqual({ ...before, inboundEvents: before.inboundEvents + 1 });
      expect(await post([event])).toEqual({ accepted: 0, duplicates: 1 });
    });
  });
});
