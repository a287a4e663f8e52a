import { formatAmountForPeople, lineAmount, type Money, sumMinor } from '../model/money.ts';
import { phoneKey } from '../model/phone.ts';
import type {
  LimePreorderStatus,
  PreorderClient,
  PreorderComposition,
  PreorderLine,
} from '../model/preorder.ts';
import type { LocalDate } from '../model/time.ts';
import { err, ok, type Result } from '../result.ts';

/** The stages of the pre-order pipeline that limebridge reads or sets, by meaning. */
export const PREORDER_STAGES = ['to_lime', 'sent', 'accepted', 'won', 'lost'] as const;
export type PreorderStage = (typeof PREORDER_STAGES)[number];

/** A product row of a lead/deal, as the CRM shows it. */
export type RemotePreorderRow = {
  readonly remoteProductId: string;
  /** The Lime product the row's CRM product stands for, or null when it is not a Lime product. */
  readonly productId: string | null;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: Money | null;
};

export type PreorderDraft = {
  readonly rows: readonly RemotePreorderRow[];
  readonly client: PreorderClient | null;
  readonly currency: string;
  readonly comment: string | null;
  readonly visitDate: LocalDate | null;
};

export type PreorderProblem =
  | { readonly kind: 'no_rows' }
  | { readonly kind: 'not_a_lime_product'; readonly name: string }
  | { readonly kind: 'no_price'; readonly name: string }
  | { readonly kind: 'bad_quantity'; readonly name: string }
  | { readonly kind: 'no_contact' }
  | { readonly kind: 'no_phone_or_email' };

/** A pre-order goes to Lime only when every row is a priced Lime product and the contact is reachable. */
export function composePreorder(draft: PreorderDraft): Result<PreorderComposition, PreorderProblem[]> {
  const problems: PreorderProblem[] = [];
  if (draft.rows.length === 0) problems.push({ kind: 'no_rows' });
  for (const row of draft.rows) {
    if (row.productId === null) problems.push({ kind: 'not_a_lime_product', name: row.name });
    else if (row.unitPrice === null) problems.push({ kind: 'no_price', name: row.name });
    if (!(Number.isFinite(row.quantity) && row.quantity > 0))
      problems.push({ kind: 'bad_quantity', name: row.name });
  }
  if (!draft.client) problems.push({ kind: 'no_contact' });
  else if (!hasReachableChannel(draft.client)) problems.push({ kind: 'no_phone_or_email' });
  if (problems.length > 0 || !draft.client) return err(problems);
  const lines = draft.rows.map((row) => toLine(row, draft.currency));
  return ok({
    client: draft.client,
    lines,
    total: { minor: sumMinor(lines.map((line) => line.amount.minor)), currency: draft.currency },
    comment: draft.comment,
    visitDate: draft.visitDate,
  });
}

function toLine(row: RemotePreorderRow, currency: string): PreorderLine {
  const price = row.unitPrice ?? { minor: 0, currency };
  return {
    productId: row.productId ?? '',
    name: row.name,
    quantity: row.quantity,
    price,
    amount: { minor: lineAmount(price.minor, row.quantity), currency: price.currency },
  };
}

function hasReachableChannel(client: PreorderClient): boolean {
  const phone = client.phone ? phoneKey(client.phone) : null;
  return Boolean(phone) || Boolean(client.email?.includes('@'));
}

/** Where Lime's status moves the lead/deal (lime-protocol.md §5). */
export function stageForLimeStatus(status: LimePreorderStatus): PreorderStage {
  switch (status) {
    case 'accepted':
      return 'accepted';
    case 'paid':
    case 'completed':
      return 'won';
    case 'cancelled':
    case 'rejected':
      return 'lost';
  }
}

/** The note a manager reads when a pre-order could not be sent to Lime. */
export function problemNote(problems: readonly PreorderProblem[]): string {
  const lines = problems.map(describeProblem);
  return ['Предзаказ не передан в Лайм:', ...lines.map((line) => `— ${line}`)].join('\n');
}

function describeProblem(problem: PreorderProblem): string {
  switch (problem.kind) {
    case 'no_rows':
      return 'в сделке нет товаров';
    case 'not_a_lime_product':
      return `товар «${problem.name}» не из каталога Лайма`;
    case 'no_price':
      return `у товара «${problem.name}» нет цены`;
    case 'bad_quantity':
      return `у товара «${problem.name}» неверное количество`;
    case 'no_contact':
      return 'к сделке не привязан контакт';
    case 'no_phone_or_email':
      return 'у контакта нет ни телефона, ни e-mail';
  }
}

export function repricingNote(before: Money, after: Money): string {
  const diff = after.minor - before.minor;
  const sign = diff > 0 ? '+' : '';
  return (
    `Лайм пересчитал стоимость предзаказа: ${formatAmountForPeople(before.minor)} → ` +
    `${formatAmountForPeople(after.minor)} ${after.currency} (${sign}${formatAmountForPeople(diff)}).`
  );
}

export function statusNote(
  status: LimePreorderStatus,
  reason: string | null,
  orderNumber: string | null,
): string {
  const labels: Record<LimePreorderStatus, string> = {
    accepted: 'принят в Лайме',
    paid: 'оплачен',
    completed: 'выполнен',
    cancelled: 'отменён',
    rejected: 'отклонён',
  };
  const number = orderNumber ? ` (заказ ${orderNumber})` : '';
  const why = reason?.trim() ? `. Причина: ${reason.trim()}` : '';
  // Lime's reason may end a sentence itself: no second full stop after "Нет мест."
  return /[.!?…]$/.test(why)
    ? `Предзаказ ${labels[status]}${number}${why}`
    : `Предзаказ ${labels[status]}${number}${why}.`;
}

export type StatusWrite = {
  readonly stage: PreorderStage;
  readonly amount: Money | null;
  readonly notes: readonly string[];
};

/** What Lime's answer changes on the lead/deal: the stage, the amount when re-priced, and notes. */
export function planStatusWrite(
  change: {
    status: LimePreorderStatus;
    reason: string | null;
    limeOrderNumber: string | null;
    repricedTotal: Money | null;
  },
  sentTotal: Money | null,
): StatusWrite {
  const notes = [statusNote(change.status, change.reason, change.limeOrderNumber)];
  const repriced = change.repricedTotal && (!sentTotal || sentTotal.minor !== change.repricedTotal.minor);
  if (repriced && change.repricedTotal) {
    notes.push(
      repricingNote(sentTotal ?? { minor: 0, currency: change.repricedTotal.currency }, change.repricedTotal),
    );
  }
  return { stage: stageForLimeStatus(change.status), amount: change.repricedTotal, notes };
}
