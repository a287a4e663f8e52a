/** Turns a connection's `counts` (operation → outcome → n) into the per-flow figures an operator reads. */
import type { Connection, CountsByOutcome } from '../api/types.ts';
import type { MessageKey } from '../i18n/i18n.tsx';

export type FlowFigure = { readonly key: MessageKey; readonly ok: number; readonly failed: number };

const FIGURES: readonly { key: MessageKey; operations: readonly string[]; outcome?: string }[] = [
  { key: 'counts.contactsCreated', operations: ['contact.create'] },
  { key: 'counts.contactsUpdated', operations: ['contact.update', 'contact.match', 'contact.adopt'] },
  { key: 'counts.notes', operations: ['note.create'] },
  { key: 'counts.products', operations: ['product.create', 'product.update', 'product.remove'] },
  {
    key: 'counts.preorders',
    operations: ['preorder.write', 'preorder.created', 'preorder.updated', 'preorder.cancelled'],
  },
  { key: 'counts.changesFromCrm', operations: ['client.changed', 'contact.deleted'] },
  { key: 'counts.conflicts', operations: ['contact.conflict'], outcome: 'conflict' },
];

export function flowFigures(counts: Connection['counts']): FlowFigure[] {
  return FIGURES.map(({ key, operations, outcome }) => {
    let ok = 0;
    let failed = 0;
    for (const operation of operations) {
      const c: CountsByOutcome = counts[operation] ?? {};
      ok += outcome ? (c[outcome as keyof CountsByOutcome] ?? 0) : (c.ok ?? 0);
      failed += c.error ?? 0;
    }
    return { key, ok, failed };
  });
}

export function totalBacklog(backlog: Readonly<Record<string, number>>): number {
  return Object.values(backlog).reduce((sum, n) => sum + (n ?? 0), 0);
}

export function totalErrors(counts: Connection['counts']): number {
  return Object.values(counts).reduce((sum, c) => sum + (c.error ?? 0), 0);
}
