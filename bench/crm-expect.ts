/**
 * What the CRM must show after a load, worked out from the Lime events alone (no hub code): one contact
 * per adult, its card (transaction lines, the newest one's time, visits, children) and one note per
 * transaction on the owner's contact — a child's on each of its grown-ups' contacts.
 */
import type { LimeEvent } from '../sandbox/venue/index.ts';
import type { NeutralContact } from '../test/contract/support/crm-under-test.ts';

const SHOWN = 10;

type Person = { category: 'adult' | 'child'; firstName: string; times: number[]; passes: number };

export type VenueModel = {
  readonly people: Map<string, Person>;
  /** child → its grown-ups */
  readonly parents: Map<string, Set<string>>;
};

export type Verdict = {
  readonly adults: number;
  readonly contacts: number;
  readonly missing: number;
  readonly duplicated: number;
  readonly childContacts: number;
  readonly wrongCards: number;
  readonly notes: number;
  readonly expectedNotes: number;
  readonly wrongNoteCounts: number;
  /** A few mismatches, for the log. */
  readonly examples: readonly string[];
};

export function createModel(): VenueModel {
  return { people: new Map(), parents: new Map() };
}

export function applyEvents(model: VenueModel, events: readonly LimeEvent[]): void {
  for (const event of events) applyEvent(model, event);
}

function applyEvent(model: VenueModel, event: LimeEvent): void {
  const data = event.data as Record<string, unknown>;
  const id = (key: string) => String(data[key]);
  if (event.type === 'client.upserted') {
    const known = model.people.get(id('clientId'));
    model.people.set(id('clientId'), {
      category: data.category === 'child' ? 'child' : 'adult',
      firstName: String(data.firstName),
      times: known?.times ?? [],
      passes: known?.passes ?? 0,
    });
  } else if (event.type === 'family.linked') {
    const parents = model.parents.get(id('childId')) ?? new Set<string>();
    model.parents.set(id('childId'), parents.add(id('parentId')));
  } else if (event.type === 'family.unlinked') {
    model.parents.get(id('childId'))?.delete(id('parentId'));
  } else if (event.type === 'transaction.recorded') {
    const owner = model.people.get(id('clientId'));
    if (!owner) return;
    owner.times.push(Date.parse(event.occurredAt));
    if (data.kind === 'pass') owner.passes += 1;
  }
}

export function adultIds(model: VenueModel): string[] {
  return [...model.people].filter(([, person]) => person.category === 'adult').map(([id]) => id);
}

/** Notes each adult's contact must carry. */
export function expectedNotes(model: VenueModel): Map<string, number> {
  const counts = new Map(adultIds(model).map((id) => [id, model.people.get(id)?.times.length ?? 0]));
  for (const [childId, parents] of model.parents) {
    const child = model.people.get(childId);
    if (child?.category !== 'child') continue;
    for (const parentId of parents)
      if (counts.has(parentId)) counts.set(parentId, (counts.get(parentId) ?? 0) + child.times.length);
  }
  return counts;
}

export function verify(
  model: VenueModel,
  contacts: readonly NeutralContact[],
  notesByContact: ReadonlyMap<string, number>,
  timeZone: string,
): Verdict {
  const examples: string[] = [];
  const note = (line: string) => {
    if (examples.length < 5) examples.push(line);
  };
  const byLime = new Map<string, NeutralContact[]>();
  for (const contact of contacts)
    if (contact.limeId) byLime.set(contact.limeId, [...(byLime.get(contact.limeId) ?? []), contact]);
  const notesWanted = expectedNotes(model);
  const childrenOf = childCounts(model);
  let missing = 0;
  let duplicated = 0;
  let wrongCards = 0;
  let wrongNoteCounts = 0;
  for (const [adultId, wanted] of notesWanted) {
    const found = byLime.get(adultId) ?? [];
    if (found.length === 0) missing += 1;
    if (found.length > 1) duplicated += 1;
    const [contact] = found;
    if (!contact) continue;
    const problem = cardProblem(model.people.get(adultId), childrenOf.get(adultId) ?? 0, contact, timeZone);
    if (problem) {
      wrongCards += 1;
      note(`${adultId}: ${problem}`);
    }
    const notes = found.reduce((sum, c) => sum + (notesByContact.get(c.remoteId) ?? 0), 0);
    if (notes !== wanted) {
      wrongNoteCounts += 1;
      note(`${adultId}: ${notes} notes, ${wanted} expected`);
    }
  }
  const childContacts = [...byLime.keys()].filter((id) => model.people.get(id)?.category === 'child').length;
  return {
    adults: notesWanted.size,
    contacts: contacts.length,
    missing,
    duplicated,
    childContacts,
    wrongCards,
    notes: [...notesByContact.values()].reduce((sum, n) => sum + n, 0),
    expectedNotes: [...notesWanted.values()].reduce((sum, n) => sum + n, 0),
    wrongNoteCounts,
    examples,
  };
}

export function isRight(verdict: Verdict): boolean {
  return (
    verdict.missing === 0 &&
    verdict.duplicated === 0 &&
    verdict.childContacts === 0 &&
    verdict.wrongCards === 0 &&
    verdict.wrongNoteCounts === 0
  );
}

function childCounts(model: VenueModel): Map<string, number> {
  const counts = new Map<string, number>();
  for (const parents of model.parents.values())
    for (const parentId of parents) counts.set(parentId, (counts.get(parentId) ?? 0) + 1);
  return counts;
}

function cardProblem(
  person: Person | undefined,
  children: number,
  contact: NeutralContact,
  timeZone: string,
): string | null {
  if (!person) return 'not in the model';
  if (contact.firstName !== person.firstName) return `first name ${contact.firstName} ≠ ${person.firstName}`;
  const lines = contact.lastTransactions ? contact.lastTransactions.split('\n') : [];
  if (lines.length !== Math.min(SHOWN, person.times.length))
    return `${lines.length} transaction lines for ${person.times.length} transactions`;
  const newest = Math.max(...person.times);
  if (person.times.length > 0 && !lines[0]?.startsWith(minuteOf(newest, timeZone)))
    return `newest line «${lines[0]}», expected ${minuteOf(newest, timeZone)}`;
  if ((contact.visits ?? 0) !== person.passes) return `${contact.visits} visits, ${person.passes} passes`;
  const shown = contact.children ? contact.children.split('\n').length : 0;
  return shown === children ? null : `${shown} children shown, ${children} linked`;
}

/** `DD.MM.YYYY HH:MM` in the venue's zone, the way a card line starts. */
export function minuteOf(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(ms)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}`;
}
