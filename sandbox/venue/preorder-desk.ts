/**
 * Lime's pre-order desk: stores what the hub sends and, after a while, answers with
 * `preorder.status_changed` — mostly accepted then paid or completed; sometimes rejected or
 * cancelled with a reason; re-priced when Lime's prices differ (Lime is the authority on price).
 */
import type { Logger } from 'pino';
import { localDate, type TimerGroup, type VenueClock } from './clock.ts';
import {
  clientUpserted,
  type EventDraft,
  linesTotal,
  preorderStatusChanged,
  type StatusExtras,
} from './events.ts';
import type { PreorderCancelledData, PreorderData } from './inbound-schema.ts';
import { type Client, type Preorder, type PreorderLine, TERMINAL_PREORDER_STATUSES } from './model.ts';
import { parseMoney } from './money.ts';
import type { Prng } from './prng.ts';
import { indexClient, nextClientId, nextOrderNumber, type VenueDb, type VenueIndex } from './state-store.ts';
import type { VenueStats } from './stats.ts';

export interface PreorderKnobs {
  /** Delay before each answer (accepted, then the final status). */
  preorderDelayMs: number;
  preorderRejectRate: number;
  /** Share of accepted orders cancelled afterwards instead of paid/completed. */
  preorderCancelRate: number;
  /** Share of orders Lime re-prices with a discount even when its prices match. */
  preorderRepriceRate: number;
  /** Orders without a Lime client get one (matched by phone or e-mail, else created). */
  createClientsFromPreorders: boolean;
}

export interface PreorderDeskOptions {
  db: VenueDb;
  index: VenueIndex;
  prng: Prng;
  timers: TimerGroup;
  venueClock: VenueClock;
  stats: VenueStats;
  logger: Logger;
  emit: (drafts: EventDraft[]) => void;
  knobs: () => PreorderKnobs;
}

export interface PreorderDesk {
  receive(data: PreorderData): void;
  cancel(data: PreorderCancelledData): void;
  /** Schedules answers for orders still open (after loading a state file). */
  resume(): void;
}

export const REJECT_REASONS = [
  'Нет свободных мест на выбранную дату',
  'Не удалось связаться с клиентом',
  'Объект закрыт на санитарный день',
  'Групповые заказы принимаются не менее чем за трое суток',
];
export const CANCEL_REASONS = [
  'Клиент отказался от посещения',
  'Заказ не оплачен в срок',
  'Дублирует другой заказ клиента',
];

const digits = (phone: string | undefined | null): string => (phone ?? '').replace(/\D/g, '').slice(-10);

export function createPreorderDesk(options: PreorderDeskOptions): PreorderDesk {
  const { db, index, prng, timers, venueClock, stats, logger, emit, knobs } = options;

  const schedule = (preorder: Preorder): void => {
    const revision = preorder.revisions;
    timers.set(knobs().preorderDelayMs, () => step(preorder.preorderId, revision));
  };

  const answer = (preorder: Preorder, status: Preorder['status'], extras: StatusExtras = {}) => {
    preorder.status = status;
    if (extras.reason) preorder.reason = extras.reason;
    stats.preordersAnswered[status] = (stats.preordersAnswered[status] ?? 0) + 1;
    emit([preorderStatusChanged(preorder, venueClock.now(), extras)]);
  };

  const step = (preorderId: string, revision: number): void => {
    const preorder = db.preorders.get(preorderId);
    if (!preorder || preorder.revisions !== revision || TERMINAL_PREORDER_STATUSES.has(preorder.status))
      return;
    if (preorder.status === 'received') decide(preorder);
    else finish(preorder);
  };

  const decide = (preorder: Preorder): void => {
    const refusal = refusalOf(preorder);
    if (refusal || prng.chance(knobs().preorderRejectRate)) {
      answer(preorder, 'rejected', { reason: refusal ?? prng.pick(REJECT_REASONS) });
      return;
    }
    preorder.limeOrderNumber ??= nextOrderNumber(db);
    attachClient(preorder);
    const limeLines = priceLines(preorder.lines);
    const repriced =
      linesTotal(limeLines) !== linesTotal(preorder.lines) ||
      limeLines.some((line, i) => line.price !== preorder.lines[i]?.price);
    if (repriced) {
      preorder.limeLines = limeLines;
      stats.preordersRepriced += 1;
    }
    answer(preorder, 'accepted', repriced ? { lines: limeLines } : {});
    schedule(preorder);
  };

  const finish = (preorder: Preorder): void => {
    if (prng.chance(knobs().preorderCancelRate)) {
      answer(preorder, 'cancelled', { reason: prng.pick(CANCEL_REASONS) });
      return;
    }
    const total = linesTotal(preorder.limeLines ?? preorder.lines);
    if (prng.chance(0.6)) answer(preorder, 'paid', { prepaidAmount: total });
    else answer(preorder, 'completed');
  };

  /** A reason Lime cannot take the order at all, if there is one. */
  const refusalOf = (preorder: Preorder): string | undefined => {
    const unknown = preorder.lines.find((line) => !db.products.get(line.productId)?.active);
    if (unknown) return `Товар «${unknown.name}» не продаётся в Лайме`;
    const today = localDate(venueClock.now(), db.venue.offsetMinutes);
    if (preorder.visitDate && preorder.visitDate < today) return 'Дата посещения уже прошла';
    return undefined;
  };

  /** Lime's own prices, and now and then a promo discount on one line. */
  const priceLines = (lines: readonly PreorderLine[]): PreorderLine[] => {
    const priced = lines.map((line) => ({
      ...line,
      price: db.products.get(line.productId)?.price ?? line.price,
    }));
    const target = priced[0];
    if (target && prng.chance(knobs().preorderRepriceRate)) {
      target.price = Math.round((target.price * prng.pick([0.85, 0.9, 0.95])) / 100) * 100;
    }
    return priced;
  };

  const attachClient = (preorder: Preorder): void => {
    const wanted = preorder.client;
    if (wanted.clientId && db.clients.has(wanted.clientId)) {
      preorder.limeClientId = wanted.clientId;
      return;
    }
    if (!knobs().createClientsFromPreorders) return;
    const phone = digits(wanted.phone);
    const email = wanted.email?.toLowerCase();
    for (const client of db.clients.values()) {
      if ((phone && digits(client.phone) === phone) || (email && client.email?.toLowerCase() === email)) {
        preorder.limeClientId = client.clientId;
        return;
      }
    }
    const client: Client = {
      clientId: nextClientId(db),
      firstName: wanted.firstName || 'Гость',
      category: 'adult',
      registrationChannel: 'other',
      cards: [],
      marketingConsent: false,
    };
    if (wanted.lastName) client.lastName = wanted.lastName;
    if (wanted.phone) client.phone = wanted.phone;
    if (wanted.email) client.email = wanted.email;
    db.clients.set(client.clientId, client);
    indexClient(index, client);
    preorder.limeClientId = client.clientId;
    emit([clientUpserted(client, venueClock.now())]);
  };

  return {
    receive: (data) => {
      stats.preordersReceived += 1;
      const existing = db.preorders.get(data.preorderId);
      if (existing && TERMINAL_PREORDER_STATUSES.has(existing.status)) {
        logger.info(
          { preorderId: data.preorderId, status: existing.status },
          'pre-order already closed in Lime',
        );
        return;
      }
      const preorder = toPreorder(data, existing);
      db.preorders.set(preorder.preorderId, preorder);
      schedule(preorder);
    },
    cancel: (data) => {
      stats.preordersCancelled += 1;
      const preorder = db.preorders.get(data.preorderId);
      if (!preorder) return;
      preorder.revisions += 1;
      preorder.status = 'cancelled';
      if (data.reason) preorder.reason = data.reason;
    },
    resume: () => {
      for (const preorder of db.preorders.values()) {
        if (!TERMINAL_PREORDER_STATUSES.has(preorder.status)) schedule(preorder);
      }
    },
  };
}

function toPreorder(data: PreorderData, existing: Preorder | undefined): Preorder {
  const preorder: Preorder = {
    preorderId: data.preorderId,
    client: {
      clientId: data.client.clientId,
      firstName: data.client.firstName ?? undefined,
      lastName: data.client.lastName ?? undefined,
      phone: data.client.phone ?? undefined,
      email: data.client.email ?? undefined,
    },
    lines: data.lines.map((line) => ({
      productId: line.productId,
      name: line.name,
      quantity: line.quantity,
      price: parseMoney(line.price) ?? 0,
    })),
    currency: data.currency,
    origin: data.origin,
    // An update is decided afresh; the Lime order number stays.
    status: 'received',
    revisions: (existing?.revisions ?? 0) + 1,
  };
  if (data.comment) preorder.comment = data.comment;
  if (data.visitDate) preorder.visitDate = data.visitDate;
  if (existing?.limeOrderNumber) preorder.limeOrderNumber = existing.limeOrderNumber;
  return preorder;
}
