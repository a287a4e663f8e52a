/**
 * The pre-order stages in the pipeline's stage list (`crm.status.*`), pure. A stage is found by name.
 * Else: a stage with our own `STATUS_ID` (`C5:LB_SENT`, renamed by an operator) is renamed back; the
 * success stage (a pipeline has exactly one) is renamed; in a pipeline created just now the default
 * first and failure stages are renamed too; anything still missing is added.
 */
import type { PreorderStageNames, SetupItem } from '../contract.ts';
import type { BxCommand } from './client.ts';
import { numberOf } from './decode.ts';
import type { BxStatus } from './wire.ts';

type StageKey = keyof PreorderStageNames;
type Semantics = 'process' | 'success' | 'failure';
type Chosen = { readonly id: string; readonly sort: number; readonly item: SetupItem };
export type StageSpec = { readonly key: string; readonly command: BxCommand };

const STAGE_ORDER = [
  'new',
  'to_lime',
  'sent',
  'accepted',
  'won',
  'lost',
] as const satisfies readonly StageKey[];
const SEMANTICS_OF: Readonly<Record<StageKey, Semantics>> = {
  new: 'process',
  to_lime: 'process',
  sent: 'process',
  accepted: 'process',
  won: 'success',
  lost: 'failure',
};
const WIRE_SEMANTICS: Readonly<Record<Semantics, string>> = { process: '', success: 'S', failure: 'F' };

export function planStages(
  statuses: readonly BxStatus[],
  options: { names: PreorderStageNames; prefix: string; entityId: string; createdNow: boolean },
): { ids: Record<StageKey, string>; items: SetupItem[]; writes: StageSpec[] } {
  const sorted = [...statuses].sort((a, b) => sortOf(a) - sortOf(b));
  const claimed = new Set<string>();
  const chosen = new Map<StageKey, Chosen>();
  const nameOf = (stage: StageKey) => options.names[stage].trim();
  const free = (status: BxStatus) => !claimed.has(status.STATUS_ID);
  const take = (stage: StageKey, status: BxStatus, how: 'found' | 'updated') => {
    claimed.add(status.STATUS_ID);
    const item: SetupItem = { what: 'stage', name: nameOf(stage), status: how, remoteId: status.STATUS_ID };
    chosen.set(stage, { id: status.STATUS_ID, sort: sortOf(status), item });
  };

  for (const stage of STAGE_ORDER) {
    const found = sorted.find((status) => status.NAME.trim() === nameOf(stage) && free(status));
    if (found) take(stage, found, 'found');
  }
  const writes: StageSpec[] = [];
  for (const stage of STAGE_ORDER) {
    if (chosen.has(stage)) continue;
    const ownId = `${options.prefix}LB_${stage.toUpperCase()}`;
    const reusesDefault = stage === 'won' || (options.createdNow && (stage === 'new' || stage === 'lost'));
    const renamable =
      sorted.find((status) => status.STATUS_ID === ownId && free(status)) ??
      (reusesDefault
        ? sorted.find((status) => semanticsOf(status) === SEMANTICS_OF[stage] && free(status))
        : undefined);
    if (renamable) {
      take(stage, renamable, 'updated');
      const params = { id: renamable.ID, fields: { NAME: nameOf(stage) } };
      writes.push({ key: stage, command: { method: 'crm.status.update', params } });
      continue;
    }
    const sort = sortForNew(stage, sorted, chosen);
    const semantics = WIRE_SEMANTICS[SEMANTICS_OF[stage]];
    const fields = {
      ENTITY_ID: options.entityId,
      STATUS_ID: ownId,
      NAME: nameOf(stage),
      SORT: sort,
      SEMANTICS: semantics,
    };
    writes.push({ key: stage, command: { method: 'crm.status.add', params: { fields } } });
    chosen.set(stage, {
      id: ownId,
      sort,
      item: { what: 'stage', name: nameOf(stage), status: 'created', remoteId: ownId },
    });
  }
  const idOf = (stage: StageKey) => chosen.get(stage)?.id ?? '';
  const ids = {
    new: idOf('new'),
    to_lime: idOf('to_lime'),
    sent: idOf('sent'),
    accepted: idOf('accepted'),
    won: idOf('won'),
    lost: idOf('lost'),
  };
  return { ids, items: STAGE_ORDER.flatMap((stage) => chosen.get(stage)?.item ?? []), writes };
}

/** "new" first; the other process stages right after it, in our order; failure stages last. */
function sortForNew(
  stage: StageKey,
  sorted: readonly BxStatus[],
  chosen: ReadonlyMap<StageKey, Chosen>,
): number {
  const process = sorted.filter((status) => semanticsOf(status) === 'process').map(sortOf);
  switch (stage) {
    case 'new':
      return Math.max(1, (process[0] ?? 10) - 5);
    case 'to_lime':
    case 'sent':
    case 'accepted':
      return (chosen.get('new')?.sort ?? process[0] ?? 10) + STAGE_ORDER.indexOf(stage);
    case 'won':
      return Math.max(10, ...process) + 5;
    case 'lost':
      return Math.max(10, ...sorted.map(sortOf)) + 10;
  }
}

function semanticsOf(status: BxStatus): Semantics {
  const code = (status.SEMANTICS ?? '').toUpperCase();
  const extra = (status.EXTRA?.SEMANTICS ?? '').toLowerCase();
  if (code === 'S' || extra === 'success') return 'success';
  if (code === 'F' || extra === 'failure') return 'failure';
  return 'process';
}

function sortOf(status: BxStatus): number {
  return numberOf(status.SORT) ?? 0;
}
