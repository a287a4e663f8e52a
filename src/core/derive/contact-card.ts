import type { Client, PersonalData, RegistrationChannel } from '../model/client.ts';
import { personalData } from '../model/client.ts';
import { formatAmount } from '../model/money.ts';
import { formatDateTime, formatLocalDate, type Instant, type LocalDate, localDateAt } from '../model/time.ts';
import { TRANSACTION_KIND_LABELS, type Transaction } from '../model/transaction.ts';
import { nearestBirthday } from './birthday.ts';

export const LAST_TRANSACTIONS_SHOWN = 10;

export const REGISTRATION_CHANNEL_LABELS: Readonly<Record<RegistrationChannel, string>> = {
  cashdesk: 'Касса',
  mobile_app: 'Мобильное приложение',
  website: 'Сайт',
  other: 'Другое',
};

/** Everything a CRM contact shows for one Lime client (lime-protocol.md §5), before any CRM encoding. */
export type ContactCard = PersonalData & {
  readonly limeId: string;
  readonly children: string | null;
  readonly lastTransactions: string | null;
  readonly lastVisit: Instant | null;
  readonly visits: number;
  readonly nextChildBirthday: LocalDate | null;
  readonly registrationChannel: string;
};
export type CardField = keyof ContactCard;

/** The fields limebridge derives from Lime's data: no CRM has them built in, each keeps them in fields of its own. */
export const DERIVED_CARD_FIELDS = [
  'children',
  'lastTransactions',
  'lastVisit',
  'registrationChannel',
  'nextChildBirthday',
  'visits',
] as const satisfies readonly CardField[];

export type PassSummary = { readonly count: number; readonly lastAt: Instant | null };

export type ContactCardInput = {
  readonly client: Client;
  readonly children: readonly Client[];
  /** At least the newest `LAST_TRANSACTIONS_SHOWN` transactions of the client, in any order. */
  readonly recentTransactions: readonly Transaction[];
  readonly passes: PassSummary;
  readonly timeZone: string;
  readonly now: Instant;
};

export function deriveContactCard(input: ContactCardInput): ContactCard {
  const today = localDateAt(input.now, input.timeZone);
  return {
    ...personalData(input.client),
    limeId: input.client.clientId,
    children: childrenLines(input.children),
    lastTransactions: lastTransactionLines(input.recentTransactions, input.timeZone),
    // CRMs keep whole seconds; a card that already rounds compares equal to what it reads back.
    lastVisit: input.passes.lastAt === null ? null : Math.floor(input.passes.lastAt / 1000) * 1000,
    visits: input.passes.count,
    nextChildBirthday: nearestBirthday(
      input.children.map((child) => child.birthDate),
      today,
    ),
    registrationChannel: REGISTRATION_CHANNEL_LABELS[input.client.registrationChannel],
  };
}

/** One line per child: `<first name> <last name> — DD.MM.YYYY`, the eldest first. */
export function childrenLines(children: readonly Client[]): string | null {
  if (children.length === 0) return null;
  const sorted = [...children].sort(
    (a, b) => compareNullableLast(a.birthDate, b.birthDate) || a.firstName.localeCompare(b.firstName, 'ru'),
  );
  return sorted.map(childLine).join('\n');
}

function childLine(child: Client): string {
  const name = [child.firstName, child.lastName].filter((part) => part).join(' ');
  return child.birthDate ? `${name} — ${formatLocalDate(child.birthDate)}` : name;
}

/** `DD.MM.YYYY HH:MM · <kind> · <amount> <currency> · <service point name>`, newest first. */
export function lastTransactionLines(transactions: readonly Transaction[], timeZone: string): string | null {
  if (transactions.length === 0) return null;
  return newestFirst(transactions)
    .slice(0, LAST_TRANSACTIONS_SHOWN)
    .map((tx) => transactionLine(tx, timeZone))
    .join('\n');
}

export function transactionLine(tx: Transaction, timeZone: string): string {
  return [
    formatDateTime(tx.occurredAt, timeZone),
    TRANSACTION_KIND_LABELS[tx.kind],
    `${formatAmount(tx.amount.minor)} ${tx.amount.currency}`,
    tx.servicePoint.name,
  ].join(' · ');
}

export function summarizePasses(transactions: readonly Transaction[]): PassSummary {
  const passes = transactions.filter((tx) => tx.kind === 'pass');
  const lastAt = passes.reduce<Instant | null>(
    (last, tx) => (last === null || tx.occurredAt > last ? tx.occurredAt : last),
    null,
  );
  return { count: passes.length, lastAt };
}

function newestFirst(transactions: readonly Transaction[]): Transaction[] {
  return [...transactions].sort(
    (a, b) => b.occurredAt - a.occurredAt || b.transactionId.localeCompare(a.transactionId),
  );
}

function compareNullableLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
