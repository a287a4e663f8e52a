import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Money } from '../model/money.ts';
import type { PreorderClient } from '../model/preorder.ts';
import type { LocalDate } from '../model/time.ts';
import {
  composePreorder,
  type PreorderDraft,
  planStatusWrite,
  problemNote,
  type RemotePreorderRow,
  repricingNote,
  stageForLimeStatus,
  statusNote,
} from './preorder-rules.ts';

const rub = (minor: number): Money => ({ minor, currency: 'RUB' });
const anna: PreorderClient = {
  clientId: 'L1',
  firstName: 'Анна',
  lastName: 'Иванова',
  phone: '+79123456789',
  email: null,
};

function row(name: string, over: Partial<RemotePreorderRow> = {}): RemotePreorderRow {
  return {
    remoteProductId: `r-${name}`,
    productId: `p-${name}`,
    name,
    quantity: 1,
    unitPrice: rub(150000),
    ...over,
  };
}

function draft(over: Partial<PreorderDraft> = {}): PreorderDraft {
  return { rows: [row('Билет')], client: anna, currency: 'RUB', comment: null, visitDate: null, ...over };
}

describe('composePreorder', () => {
  it('prices every line from the CRM rows and totals them', () => {
    const composed = composePreorder(
      draft({
        rows: [row('Билет', { quantity: 2 }), row('Кофе', { unitPrice: rub(25050), quantity: 3 })],
        comment: 'День рождения',
        visitDate: '2026-12-05' as LocalDate,
      }),
    );
    expect(composed).toEqual({
      ok: true,
      value: {
        client: anna,
        lines: [
          { productId: 'p-Билет', name: 'Билет', quantity: 2, price: rub(150000), amount: rub(300000) },
          { productId: 'p-Кофе', name: 'Кофе', quantity: 3, price: rub(25050), amount: rub(75150) },
        ],
        total: rub(375150),
        comment: 'День рождения',
        visitDate: '2026-12-05',
      },
    });
  });

  it('totals fractional quantities line by line, each rounded to kopecks', () => {
    const composed = composePreorder(
      draft({
        rows: [
          row('Сыр', { quantity: 1.5, unitPrice: rub(99999) }), // 149998.5 → 149999
          row('Орехи', { quantity: 0.333, unitPrice: rub(100) }), // 33.3 → 33
          row('Мука', { quantity: 1.005, unitPrice: rub(100) }), // 100.5 → 101
        ],
      }),
    );
    expect(composed.ok).toBe(true);
    if (!composed.ok) return;
    expect(composed.value.lines.map((l) => l.amount.minor)).toEqual([149999, 33, 101]);
    expect(composed.value.total).toEqual(rub(149999 + 33 + 101));
  });

  it('refuses a row that is not a Lime product', () => {
    expect(composePreorder(draft({ rows: [row('Билет'), row('Шарик', { productId: null })] }))).toEqual({
      ok: false,
      error: [{ kind: 'not_a_lime_product', name: 'Шарик' }],
    });
  });

  it('refuses a Lime product without a price', () => {
    expect(composePreorder(draft({ rows: [row('Билет', { unitPrice: null })] }))).toEqual({
      ok: false,
      error: [{ kind: 'no_price', name: 'Билет' }],
    });
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses the quantity %d', (quantity) => {
    expect(composePreorder(draft({ rows: [row('Билет', { quantity })] }))).toEqual({
      ok: false,
      error: [{ kind: 'bad_quantity', name: 'Билет' }],
    });
  });

  it('refuses a lead/deal without products', () => {
    expect(composePreorder(draft({ rows: [] }))).toEqual({ ok: false, error: [{ kind: 'no_rows' }] });
  });

  it('refuses a lead/deal without a contact', () => {
    expect(composePreorder(draft({ client: null }))).toEqual({ ok: false, error: [{ kind: 'no_contact' }] });
  });

  it.each([
    ['no phone and no e-mail', { phone: null, email: null }],
    ['empty strings', { phone: '', email: '' }],
    ['a phone that is not one, an e-mail without @', { phone: 'нет', email: 'нет' }],
  ])('refuses a contact with %s', (_, over) => {
    expect(composePreorder(draft({ client: { ...anna, ...over } }))).toEqual({
      ok: false,
      error: [{ kind: 'no_phone_or_email' }],
    });
  });

  it.each([
    ['a phone only', { phone: '8 (912) 345-67-89', email: null }],
    ['an e-mail only', { phone: null, email: 'anna@example.ru' }],
    ['a contact not yet in Lime', { clientId: null }],
  ])('sends for %s', (_, over) => {
    expect(composePreorder(draft({ client: { ...anna, ...over } })).ok).toBe(true);
  });

  it('lists every problem at once', () => {
    const composed = composePreorder(
      draft({
        rows: [row('Шарик', { productId: null, quantity: 0 }), row('Билет', { unitPrice: null })],
        client: { ...anna, phone: null, email: null },
      }),
    );
    expect(composed).toEqual({
      ok: false,
      error: [
        { kind: 'not_a_lime_product', name: 'Шарик' },
        { kind: 'bad_quantity', name: 'Шарик' },
        { kind: 'no_price', name: 'Билет' },
        { kind: 'no_phone_or_email' },
      ],
    });
  });

  it('totals equal the sum of line amounts, and each line is its rounded product (property)', () => {
    const rows = fc.array(
      fc.record({
        price: fc.integer({ min: 0, max: 10_000_000 }),
        quantityScaled: fc.integer({ min: 1, max: 100_000 }),
      }),
      { minLength: 1, maxLength: 8 },
    );
    fc.assert(
      fc.property(rows, (list) => {
        const composed = composePreorder(
          draft({
            rows: list.map((r, i) =>
              row(`p${i}`, { unitPrice: rub(r.price), quantity: r.quantityScaled / 1000 }),
            ),
          }),
        );
        expect(composed.ok).toBe(true);
        if (!composed.ok) return;
        const sum = composed.value.lines.reduce((total, line) => total + line.amount.minor, 0);
        expect(composed.value.total.minor).toBe(sum);
        composed.value.lines.forEach((line, i) => {
          const r = list[i] as { price: number; quantityScaled: number };
          expect(Math.abs(line.amount.minor * 1000 - r.price * r.quantityScaled)).toBeLessThanOrEqual(500);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('problemNote (what the manager reads on the lead/deal)', () => {
  it('says why, one line per problem', () => {
    expect(
      problemNote([
        { kind: 'no_rows' },
        { kind: 'not_a_lime_product', name: 'Шарик' },
        { kind: 'no_price', name: 'Билет' },
        { kind: 'bad_quantity', name: 'Кофе' },
        { kind: 'no_contact' },
        { kind: 'no_phone_or_email' },
      ]),
    ).toBe(
      [
        'Предзаказ не передан в Лайм:',
        '— в сделке нет товаров',
        '— товар «Шарик» не из каталога Лайма',
        '— у товара «Билет» нет цены',
        '— у товара «Кофе» неверное количество',
        '— к сделке не привязан контакт',
        '— у контакта нет ни телефона, ни e-mail',
      ].join('\n'),
    );
  });
});

describe('Lime status → stage', () => {
  it.each([
    ['accepted', 'accepted'],
    ['paid', 'won'],
    ['completed', 'won'],
    ['cancelled', 'lost'],
    ['rejected', 'lost'],
  ] as const)('%s → %s', (status, stage) => {
    expect(stageForLimeStatus(status)).toBe(stage);
  });
});

describe('status notes', () => {
  it('names the status, the Lime order number and the reason', () => {
    expect(statusNote('accepted', null, 'A-17')).toBe('Предзаказ принят в Лайме (заказ A-17).');
    expect(statusNote('paid', null, null)).toBe('Предзаказ оплачен.');
    expect(statusNote('completed', null, null)).toBe('Предзаказ выполнен.');
    expect(statusNote('cancelled', 'Гость передумал', null)).toBe(
      'Предзаказ отменён. Причина: Гость передумал.',
    );
    expect(statusNote('rejected', 'Нет мест', 'A-17')).toBe(
      'Предзаказ отклонён (заказ A-17). Причина: Нет мест.',
    );
  });

  it('does not double the full stop when the reason already ends a sentence, and ignores a blank reason', () => {
    expect(statusNote('cancelled', 'Нет мест.', null)).toBe('Предзаказ отменён. Причина: Нет мест.');
    expect(statusNote('cancelled', 'Закрыто!', null)).toBe('Предзаказ отменён. Причина: Закрыто!');
    expect(statusNote('cancelled', '  ', null)).toBe('Предзаказ отменён.');
  });
});

describe('planStatusWrite', () => {
  const change = { status: 'accepted' as const, reason: null, limeOrderNumber: 'A-17', repricedTotal: null };

  it('moves the stage and leaves the amount when Lime did not re-price', () => {
    expect(planStatusWrite(change, rub(150000))).toEqual({
      stage: 'accepted',
      amount: null,
      notes: ['Предзаказ принят в Лайме (заказ A-17).'],
    });
  });

  it('notes the reason of a loss', () => {
    expect(planStatusWrite({ ...change, status: 'rejected', reason: 'Нет мест' }, rub(150000))).toEqual({
      stage: 'lost',
      amount: null,
      notes: ['Предзаказ отклонён (заказ A-17). Причина: Нет мест.'],
    });
  });

  it('follows a re-priced total and notes the difference (up)', () => {
    expect(planStatusWrite({ ...change, repricedTotal: rub(165000) }, rub(150000))).toEqual({
      stage: 'accepted',
      amount: rub(165000),
      notes: [
        'Предзаказ принят в Лайме (заказ A-17).',
        'Лайм пересчитал стоимость предзаказа: 1\u00a0500 → 1\u00a0650 RUB (+150).',
      ],
    });
  });

  it('follows a re-priced total and notes the difference (down, with kopecks)', () => {
    const write = planStatusWrite({ ...change, status: 'paid', repricedTotal: rub(134950) }, rub(150000));
    expect(write.stage).toBe('won');
    expect(write.amount).toEqual(rub(134950));
    expect(write.notes[1]).toBe(
      'Лайм пересчитал стоимость предзаказа: 1\u00a0500 → 1\u00a0349,50 RUB (−150,50).',
    );
  });

  it('writes no re-pricing note when the total did not change', () => {
    const write = planStatusWrite({ ...change, repricedTotal: rub(150000) }, rub(150000));
    expect(write.amount).toEqual(rub(150000));
    expect(write.notes).toHaveLength(1);
  });

  it('counts from zero when the sent total is unknown', () => {
    expect(planStatusWrite({ ...change, repricedTotal: rub(1000) }, null).notes[1]).toBe(
      'Лайм пересчитал стоимость предзаказа: 0 → 10 RUB (+10).',
    );
  });

  it('repricingNote shows before, after and the signed difference', () => {
    expect(repricingNote(rub(100000), rub(100050))).toBe(
      'Лайм пересчитал стоимость предзаказа: 1\u00a0000 → 1\u00a0000,50 RUB (+0,50).',
    );
  });
});
