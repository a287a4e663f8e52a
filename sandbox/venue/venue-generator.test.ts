import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { VENUE_TYPES } from './model.ts';
import { protocolProblems } from './test-support/lime-protocol.ts';
import { batches, generateVenue } from './venue-generator.ts';

const dataOf = (events: ReturnType<typeof generateVenue>, type: string) =>
  events.filter((event) => event.type === type).map((event) => event.data);

describe('generateVenue', () => {
  it.each(VENUE_TYPES)('generates only protocol-valid events for a %s', (venueType) => {
    const events = generateVenue({
      seed: `valid-${venueType}`,
      venueType,
      clients: 150,
      transactionsPerClient: 4,
    });
    expect(protocolProblems(events)).toEqual([]);
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  });

  it('is deterministic by seed', () => {
    const options = { seed: 42, venueType: 'ice_rink' as const, clients: 40, transactionsPerClient: 3 };
    expect(generateVenue(options)).toEqual(generateVenue(options));
    expect(generateVenue({ ...options, seed: 43 })).not.toEqual(generateVenue(options));
  });

  it('gives the history in time order, each entity state a later second than the last', () => {
    const events = generateVenue({ seed: 5, clients: 80 });
    const times = events.map((event) => Date.parse(event.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const byClient = new Map<string, number[]>();
    for (const event of events.filter((e) => e.type === 'client.upserted')) {
      const list = byClient.get(String(event.data.clientId)) ?? [];
      list.push(Date.parse(event.occurredAt));
      byClient.set(String(event.data.clientId), list);
    }
    for (const list of byClient.values()) expect(new Set(list).size).toBe(list.length);
  });

  it('keeps references whole: links, transactions and items point at known clients and products', () => {
    const events = generateVenue({ seed: 9, clients: 120, transactionsPerClient: 5 });
    const clients = new Map(dataOf(events, 'client.upserted').map((c) => [c.clientId, c]));
    const products = new Set(dataOf(events, 'product.upserted').map((p) => p.productId));
    for (const link of dataOf(events, 'family.linked')) {
      expect(clients.get(link.parentId)?.category).toBe('adult');
      expect(clients.get(link.childId)?.category).toBe('child');
    }
    for (const tx of dataOf(events, 'transaction.recorded')) {
      expect(clients.has(tx.clientId)).toBe(true);
      for (const item of (tx.items ?? []) as { productId: string }[])
        expect(products.has(item.productId)).toBe(true);
    }
  });

  it('makes exactly clients × transactionsPerClient transactions of every kind', () => {
    const events = generateVenue({ seed: 11, clients: 200, transactionsPerClient: 3 });
    const txs = dataOf(events, 'transaction.recorded');
    expect(txs).toHaveLength(600);
    expect(new Set(txs.map((tx) => tx.kind))).toEqual(
      new Set(['purchase', 'deposit_topup', 'pass', 'refund']),
    );
    const points = new Set(txs.map((tx) => (tx.servicePoint as { kind: string }).kind));
    for (const kind of ['cashdesk', 'turnstile', 'validator', 'mobile_operator', 'website', 'mobile_app']) {
      expect(points).toContain(kind);
    }
  });

  it('types phones the way people do, all of them real Russian mobile numbers', () => {
    const clients = dataOf(generateVenue({ seed: 3, clients: 300 }), 'client.upserted');
    const phones = clients.map((c) => c.phone).filter((p): p is string => typeof p === 'string');
    const shapes = new Set(phones.map((phone) => phone.replace(/\d/g, '#')));
    for (const shape of ['# (###) ###-##-##', '+# ### #######', '##########'])
      expect(shapes).toContain(shape);
    expect(shapes.size).toBeGreaterThanOrEqual(6);
    for (const phone of phones) {
      expect(parsePhoneNumberFromString(phone, 'RU')?.getType(), phone).toBe('MOBILE');
    }
  });

  it('fills adults the way real registrations look: missing e-mails, every channel, consent both ways', () => {
    const adults = dataOf(generateVenue({ seed: 4, clients: 300 }), 'client.upserted').filter(
      (c) => c.category === 'adult',
    );
    const withoutEmail = adults.filter((c) => c.email === undefined).length;
    expect(withoutEmail).toBeGreaterThan(adults.length * 0.1);
    expect(withoutEmail).toBeLessThan(adults.length * 0.6);
    expect(new Set(adults.map((c) => c.registrationChannel))).toEqual(
      new Set(['cashdesk', 'mobile_app', 'website', 'other']),
    );
    expect(new Set(adults.map((c) => c.marketingConsent))).toEqual(new Set([true, false]));
    expect(adults.every((c) => /^[А-ЯЁа-яё-]+$/.test(String(c.firstName)))).toBe(true);
    expect(
      adults.filter((c) => String(c.middleName ?? '').match(/(вич|вна|ична|ич)$/)).length,
    ).toBeGreaterThan(100);
  });

  it('gives children awkward birthdays (29 February, around New Year) and varied family links', () => {
    const events = generateVenue({ seed: 8, clients: 300, childrenPerFamily: 1.2 });
    const children = dataOf(events, 'client.upserted').filter((c) => c.category === 'child');
    const days = children.map((c) => String(c.birthDate).slice(5));
    expect(days).toContain('02-29');
    expect(days.filter((day) => day >= '12-25').length).toBeGreaterThan(0);
    expect(days.filter((day) => day <= '01-07').length).toBeGreaterThan(0);
    expect(new Set(children.map((c) => String(c.birthDate).slice(5, 7))).size).toBe(12);
    const relations = dataOf(events, 'family.linked').map((link) => link.relation);
    expect(new Set(relations)).toEqual(new Set(['child', 'grandchild', 'ward']));
    expect(relations.filter((r) => r === 'child').length).toBeGreaterThan(relations.length / 2);
  });
});

describe('batches', () => {
  it('splits events into request-sized chunks in order', () => {
    const events = generateVenue({ seed: 1, clients: 30 });
    const chunks = batches(events, 7);
    expect(chunks.every((chunk) => chunk.length >= 1 && chunk.length <= 7)).toBe(true);
    expect(chunks.flat()).toEqual(events);
    expect(() => batches(events, 0)).toThrow();
  });
});
