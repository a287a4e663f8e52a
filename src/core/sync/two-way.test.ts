/**
 * Model-based properties of the two-way contact sync (diff.ts + conflict.ts together): one Lime client
 * and its CRM contact, driven through random interleavings of what the real flows do.
 *
 * The model
 * - Lime: the client's true state. Every change (a cashier's edit, or Lime applying a `client.changed`
 *   we sent) bumps a per-field version and emits a full state event (`client.upserted`), delivered to
 *   limebridge late and in any order; limebridge keeps the newest by `occurredAt` (seq) as the flows do.
 * - limebridge's copy of Lime: the newest state delivered, plus accepted CRM edits mirrored into it
 *   at once (`lime.mirrorCrmEdit`), which a newer but stale state then overwrites.
 * - The CRM: the contact's fields. A user edits it at any time; each change (ours too) leaves a
 *   notification (webhook/poll) that makes limebridge read the record and judge it (`judgeRemoteEdit`).
 * - Pushes: `planContactPush`, then the write, recorded with `afterWrite`; sometimes `duringWrite` is
 *   stored first and the write's own webhook (and maybe a user's edit right after it) is judged before
 *   the write is recorded.
 *
 * Checked after quiescence (Lime applied everything, every state delivered, every notification judged,
 * nothing left to push): Lime and the CRM agree; every CRM edit reached Lime or lost to a Lime change of
 * the same field that limebridge learned of since that field's last sync (or the first link); nothing
 * waits in `pendingLime`. Checked all along: every `client.changed` carries a user's CRM edit (no echo
 * amplification); judging a snapshot twice sends nothing twice; no Lime value older than the last sync
 * is written over the CRM (no flip-flop).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContactCard } from '../derive/contact-card.ts';
import { PERSONAL_FIELDS, type PersonalData, type PersonalField } from '../model/client.ts';
import { type Baseline, EMPTY_BASELINE, PENDING_LIME_TTL_MS } from './baseline.ts';
import { judgeRemoteEdit } from './conflict.ts';
import { afterWrite, duringWrite, planContactPush } from './diff.ts';
import { fingerprint } from './fingerprint.ts';

const T0 = Date.parse('2026-06-10T12:00:00Z');
/** The fields the model edits; the others stay as they are and must stay in step too. */
const EDITED = ['firstName', 'phone', 'email'] as const;
type Edited = (typeof EDITED)[number];
const VALUES: Record<Edited, readonly (string | null)[]> = {
  firstName: ['Анна', 'Аня', 'Annа'], // a first name is never empty in Lime
  phone: ['+79120000001', '+79120000002', null],
  email: ['a@example.ru', 'b@example.ru', null],
};
const REST = {
  limeId: 'L1',
  children: null,
  lastTransactions: null,
  lastVisit: null,
  visits: 0,
  nextChildBirthday: null,
  registrationChannel: 'Касса',
};

type Value = string | null;
type Values = { -readonly [K in PersonalField]: Value };
type Versions = Record<PersonalField, number>;
type LimeState = { readonly seq: number; readonly values: Values; readonly versions: Versions };
type EditStatus = 'open' | 'reached' | 'superseded' | 'noop' | 'lost' | 'overwritten';
type CrmEdit = {
  readonly id: number;
  readonly field: PersonalField;
  readonly value: Value;
  status: EditStatus;
};

type Action =
  | { readonly kind: 'limeEdit'; readonly field: Edited; readonly value: Value }
  | { readonly kind: 'crmEdit'; readonly field: Edited; readonly value: Value }
  | { readonly kind: 'deliver'; readonly pick: number }
  | { readonly kind: 'limeApply' }
  | { readonly kind: 'judge' }
  | {
      readonly kind: 'push';
      readonly during: 'none' | 'echo' | 'userEdit';
      readonly midEdit: { readonly field: Edited; readonly value: Value };
    }
  | { readonly kind: 'tick'; readonly ms: number };

type Start = { readonly linked: boolean; readonly lime: PersonalData; readonly crm: PersonalData };

const same = (a: Value | undefined, b: Value | undefined) => fingerprint(a) === fingerprint(b);

class TwoWayWorld {
  now = T0;
  private readonly lime: { values: Values; versions: Versions; seq: number };
  private readonly outbox: LimeState[] = [];
  private readonly toLime: Partial<PersonalData>[] = [];
  private local: { values: Values; versions: Versions; seq: number };
  private readonly crm: Values;
  private crmNotified = false;
  private baseline: Baseline;
  /** Per field: the Lime version and value of the last sync (undefined: never synced, first link). */
  private readonly syncedVersion: Partial<Record<PersonalField, number>> = {};
  private readonly syncedValue: Partial<Record<PersonalField, Value>> = {};
  private readonly edits: CrmEdit[] = [];
  readonly problems: string[] = [];
  clientChanged = 0;
  /** How many times quiescence needed the pending window to run out. */
  ttlWaits = 0;

  constructor(start: Start) {
    const versions = Object.fromEntries(PERSONAL_FIELDS.map((f) => [f, 0])) as Versions;
    this.lime = { values: { ...start.lime }, versions: { ...versions }, seq: 0 };
    this.local = { values: { ...start.lime }, versions: { ...versions }, seq: 0 };
    if (start.linked) {
      // created by us: the CRM shows Lime's card and both sides agree
      this.crm = { ...start.lime };
      this.baseline = afterWrite(EMPTY_BASELINE, this.card());
      for (const f of PERSONAL_FIELDS) this.synced(f, 0, start.lime[f]);
    } else {
      // matched by phone/e-mail to a contact a manager made: nothing synced yet (first link)
      this.crm = { ...start.crm };
      this.baseline = EMPTY_BASELINE;
      this.crmNotified = true;
    }
  }

  run(action: Action): void {
    this.now += 1000;
    switch (action.kind) {
      case 'limeEdit':
        this.limeEdit(action.field, action.value);
        break;
      case 'crmEdit':
        this.crmEdit(action.field, action.value);
        break;
      case 'deliver':
        this.deliver(action.pick);
        break;
      case 'limeApply':
        this.limeApply();
        break;
      case 'judge':
        if (this.crmNotified) this.judge();
        break;
      case 'push':
        this.push(action.during, action.midEdit);
        break;
      case 'tick':
        this.now += action.ms;
        break;
    }
  }

  /** Runs the system until nothing moves; answers false if it never settles. */
  settle(): boolean {
    for (let round = 0; round < 40; round++) {
      let moved = false;
      while (this.limeApply()) moved = true;
      this.outbox.sort((a, b) => a.seq - b.seq);
      while (this.outbox.length > 0) {
        this.deliver(0);
        moved = true;
      }
      if (this.crmNotified) {
        this.judge();
        moved = true;
      }
      if (this.push('none')) moved = true;
      this.now += 1000;
      if (moved) continue;
      // A Lime edit back to the value Lime had before an awaited CRM edit (A→B→A) looks like a stale
      // state and is held back; quiescence includes the wait running out (PENDING_LIME_TTL_MS).
      if (Object.keys(this.baseline.pendingLime).length === 0) return true;
      this.now += PENDING_LIME_TTL_MS;
      this.ttlWaits += 1;
    }
    return false;
  }

  /** What must hold once the system has settled. */
  settledProblems(): string[] {
    const found = [...this.problems];
    for (const f of PERSONAL_FIELDS) {
      if (!same(this.local.values[f], this.lime.values[f]))
        found.push(`limebridge's copy of ${f} is ${this.local.values[f]}, Lime has ${this.lime.values[f]}`);
      if (!same(this.crm[f], this.lime.values[f]))
        found.push(`diverged on ${f}: the CRM shows ${this.crm[f]}, Lime has ${this.lime.values[f]}`);
    }
    for (const e of this.edits) if (e.status === 'open') found.push(`CRM edit #${e.id} never judged`);
    const waiting = Object.keys(this.baseline.pendingLime);
    if (waiting.length > 0) found.push(`still waiting for Lime on ${waiting.join(', ')}`);
    const userEdits = this.edits.length;
    if (this.clientChanged > userEdits)
      found.push(`${this.clientChanged} client.changed for ${userEdits} CRM edits`);
    return found;
  }

  private card(): ContactCard {
    return { ...this.local.values, ...REST };
  }

  private limeEdit(field: PersonalField, value: Value) {
    if (same(this.lime.values[field], value)) return;
    this.lime.values[field] = value;
    this.lime.versions[field] += 1;
    this.emitLimeState();
  }

  private emitLimeState() {
    this.lime.seq += 1;
    this.outbox.push({
      seq: this.lime.seq,
      values: { ...this.lime.values },
      versions: { ...this.lime.versions },
    });
  }

  private crmEdit(field: PersonalField, value: Value) {
    if (same(this.crm[field], value)) return;
    for (const e of this.edits) if (e.field === field && e.status === 'open') e.status = 'superseded';
    this.crm[field] = value;
    this.edits.push({ id: this.edits.length + 1, field, value, status: 'open' });
    this.crmNotified = true;
  }

  private deliver(pick: number) {
    if (this.outbox.length === 0) return;
    const [state] = this.outbox.splice(pick % this.outbox.length, 1) as [LimeState];
    // an older state never overwrites a newer one (lime-protocol.md §2)
    if (state.seq > this.local.seq)
      this.local = { values: { ...state.values }, versions: { ...state.versions }, seq: state.seq };
  }

  /** Lime applies the oldest `client.changed` it has received. */
  private limeApply(): boolean {
    const changes = this.toLime.shift();
    if (!changes) return false;
    let changed = false;
    for (const [field, value] of Object.entries(changes) as [PersonalField, Value][]) {
      if (same(this.lime.values[field], value)) continue;
      this.lime.values[field] = value;
      this.lime.versions[field] += 1;
      changed = true;
    }
    if (changed) this.emitLimeState();
    return true;
  }

  private synced(field: PersonalField, version: number, value: Value) {
    this.syncedVersion[field] = version;
    this.syncedValue[field] = value;
  }

  private openEdit(field: PersonalField) {
    return this.edits.find((e) => e.field === field && e.status === 'open');
  }

  /** May a CRM edit of `field` be lost to Lime's value of version `version`? (the documented rule) */
  private mayLose(field: PersonalField, version: number): boolean {
    const synced = this.syncedVersion[field];
    return synced === undefined || version > synced;
  }

  private judge() {
    const snapshot = { ...this.crm };
    this.crmNotified = false;
    const edit = judgeRemoteEdit(snapshot, this.local.values, this.baseline, this.now);
    this.baseline = edit.baseline;
    for (const field of PERSONAL_FIELDS) {
      const verdict = edit.verdicts[field];
      const open = this.openEdit(field);
      switch (verdict) {
        case 'accepted':
          if (!open || !same(open.value, snapshot[field]))
            this.problems.push(`client.changed of ${field}=${snapshot[field]} without a CRM user's edit`);
          if (open) open.status = 'reached';
          this.synced(field, this.local.versions[field], snapshot[field] ?? null);
          break;
        case 'converged':
          if (open) open.status = 'reached';
          this.synced(field, this.local.versions[field], snapshot[field] ?? null);
          break;
        case 'conflict_lime_wins':
          if (open) {
            open.status = 'lost';
            if (!this.mayLose(field, this.local.versions[field]))
              this.problems.push(
                `CRM edit #${open.id} (${field}=${open.value}) lost, yet Lime did not change ${field}`,
              );
          }
          break;
        case 'first_sight':
          if (open) open.status = 'lost'; // first link: Lime wins
          break;
        case 'unchanged':
        case 'echo':
          if (open) open.status = 'noop';
          break;
        case undefined:
          break;
      }
    }
    if (Object.keys(edit.changes).length > 0) {
      this.toLime.push(edit.changes);
      this.clientChanged += 1;
      for (const [field, value] of Object.entries(edit.changes) as [PersonalField, Value][])
        if (!(field === 'firstName' && !value)) this.local.values[field] = value; // lime.mirrorCrmEdit
    }
    const again = judgeRemoteEdit(snapshot, this.local.values, this.baseline, this.now);
    if (Object.keys(again.changes).length > 0)
      this.problems.push(
        `the same snapshot judged twice sent ${Object.keys(again.changes).join(', ')} twice`,
      );
  }

  /** One flush of the contact; answers whether anything was written. */
  private push(during: 'none' | 'echo' | 'userEdit', midEdit?: { field: Edited; value: Value }): boolean {
    const plan = planContactPush(this.card(), this.baseline, this.now);
    this.baseline = plan.baseline;
    const fields = plan.fields;
    if (Object.keys(fields).length === 0) return false;
    const versions = { ...this.local.versions };
    if (during !== 'none') this.baseline = duringWrite(plan.baseline, fields);
    for (const field of PERSONAL_FIELDS) {
      if (!(field in fields)) continue;
      const value = fields[field] as Value;
      const synced = this.syncedVersion[field];
      if (synced !== undefined && versions[field] <= synced && !same(value, this.syncedValue[field] ?? null))
        this.problems.push(`flip-flop: wrote ${field}=${value}, a Lime value older than the last sync`);
      const open = this.openEdit(field);
      if (open && !same(this.crm[field], value)) {
        open.status = 'overwritten';
        if (!this.mayLose(field, versions[field]))
          this.problems.push(
            `CRM edit #${open.id} (${field}=${open.value}) overwritten, yet Lime did not change ${field}`,
          );
      }
      this.crm[field] = value;
    }
    this.crmNotified = true; // our own write notifies too
    if (during === 'userEdit' && midEdit) this.crmEdit(midEdit.field, midEdit.value);
    if (during !== 'none') this.judge(); // the webhook overtakes the recording of the write
    this.baseline = afterWrite(this.baseline, fields);
    for (const field of PERSONAL_FIELDS) {
      const value = fields[field] as Value;
      // a field the CRM was seen showing otherwise during the write is not synced (it will be written again)
      if (field in fields && this.baseline.synced[field] === fingerprint(value))
        this.synced(field, versions[field], value);
    }
    return true;
  }
}

const fieldValue = fc
  .constantFrom(...EDITED)
  .chain((field) => fc.constantFrom(...VALUES[field]).map((value) => ({ field, value })));

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fieldValue.map((fv) => ({ kind: 'limeEdit' as const, ...fv })) },
  { weight: 4, arbitrary: fieldValue.map((fv) => ({ kind: 'crmEdit' as const, ...fv })) },
  { weight: 4, arbitrary: fc.nat(7).map((pick) => ({ kind: 'deliver' as const, pick })) },
  { weight: 3, arbitrary: fc.constant({ kind: 'limeApply' as const }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'judge' as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('push' as const),
      during: fc.constantFrom('none' as const, 'echo' as const, 'userEdit' as const),
      midEdit: fieldValue,
    }),
  },
  // small steps: within one run Lime always answers well inside PENDING_LIME_TTL_MS
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1000, max: 120_000 }).map((ms) => ({ kind: 'tick' as const, ms })),
  },
);

const personalArb: fc.Arbitrary<PersonalData> = fc.record({
  firstName: fc.constantFrom(...VALUES.firstName) as fc.Arbitrary<string>,
  lastName: fc.constantFrom('Иванова', null),
  middleName: fc.constant(null),
  birthDate: fc.constant('1988-04-02'),
  phone: fc.constantFrom(...VALUES.phone),
  email: fc.constantFrom(...VALUES.email),
});
const startArb: fc.Arbitrary<Start> = fc.record({
  linked: fc.boolean(),
  lime: personalArb,
  crm: personalArb,
});

function runScenario(start: Start, actions: readonly Action[]): string[] {
  const world = new TwoWayWorld(start);
  for (const action of actions) world.run(action);
  if (!world.settle()) return [...world.problems, 'never settled'];
  return world.settledProblems();
}

const anna: PersonalData = {
  firstName: 'Анна',
  lastName: 'Иванова',
  middleName: null,
  birthDate: '1988-04-02',
  phone: '+79120000001',
  email: 'a@example.ru',
};
const push = (
  during: 'none' | 'echo' | 'userEdit',
  field: Edited = 'phone',
  value: Value = null,
): Action => ({
  kind: 'push',
  during,
  midEdit: { field, value },
});

describe('two-way contact sync: scenarios the model found (regressions)', () => {
  it('first link: a user edit right after our first write lands, judged before the write is recorded', () => {
    // was: "diverged on firstName: the CRM shows Аня, Lime has Анна"
    expect(
      runScenario({ linked: false, lime: anna, crm: anna }, [push('userEdit', 'firstName', 'Аня')]),
    ).toEqual([]);
  });

  it('a stale Lime state after a push that saw only our own copy of the edit is held back', () => {
    // was: "flip-flop: wrote phone=+79120000001, a Lime value older than the last sync"
    const actions: Action[] = [
      { kind: 'limeEdit', field: 'firstName', value: 'Аня' },
      { kind: 'deliver', pick: 0 },
      push('userEdit', 'phone', null), // the CRM user clears the phone while we write the name
      { kind: 'limeEdit', field: 'firstName', value: 'Анна' }, // Lime's state still has the old phone
      push('none'), // the card shows our copy of the edit: no write, and the wait must go on
      { kind: 'deliver', pick: 0 },
      push('none'),
    ];
    expect(runScenario({ linked: true, lime: anna, crm: anna }, actions)).toEqual([]);
  });

  it('two CRM edits in a row: a Lime state made between applying the first and the second is held back', () => {
    // was: "flip-flop: wrote phone=+79120000002, a Lime value older than the last sync"
    const actions: Action[] = [
      { kind: 'crmEdit', field: 'phone', value: '+79120000002' },
      { kind: 'judge' },
      { kind: 'limeApply' }, // Lime takes …02
      { kind: 'limeEdit', field: 'firstName', value: 'Аня' }, // and emits a state with …02 again
      { kind: 'deliver', pick: 0 },
      { kind: 'crmEdit', field: 'phone', value: null },
      { kind: 'judge' },
      { kind: 'deliver', pick: 0 }, // the state with …02 arrives after the second edit went out
      push('none'),
    ];
    expect(runScenario({ linked: true, lime: anna, crm: anna }, actions)).toEqual([]);
  });

  it('two CRM edits in a row: a Lime state from before both is held back after the second', () => {
    const actions: Action[] = [
      { kind: 'crmEdit', field: 'phone', value: '+79120000002' },
      { kind: 'judge' },
      { kind: 'limeEdit', field: 'firstName', value: 'Аня' }, // Lime's state still has …01
      { kind: 'crmEdit', field: 'phone', value: null },
      { kind: 'judge' },
      { kind: 'deliver', pick: 0 },
      push('none'),
    ];
    expect(runScenario({ linked: true, lime: anna, crm: anna }, actions)).toEqual([]);
  });

  it('Lime setting a field back to its value before an awaited CRM edit waits for PENDING_LIME_TTL_MS', () => {
    // A→B→A: by value alone this is a stale state; it is written once the wait expires
    const world = new TwoWayWorld({ linked: true, lime: anna, crm: anna });
    for (const action of [
      { kind: 'crmEdit', field: 'phone', value: null },
      { kind: 'judge' },
      { kind: 'limeApply' },
      { kind: 'limeEdit', field: 'phone', value: '+79120000001' },
    ] as Action[])
      world.run(action);
    expect(world.settle()).toBe(true);
    expect(world.ttlWaits).toBe(1);
    expect(world.settledProblems()).toEqual([]);
  });
});

describe('two-way contact sync (model-based)', () => {
  it('(a) converges: both sides agree, every CRM edit reached Lime or lost to a Lime change (and (b): no echo amplification)', () => {
    fc.assert(
      fc.property(startArb, fc.array(actionArb, { maxLength: 40 }), (start, actions) => {
        expect(runScenario(start, actions)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('(b) no echo amplification: without CRM user edits nothing is ever sent to Lime', () => {
    const noCrmEdits = actionArb.filter((a) => a.kind !== 'crmEdit' && a.kind !== 'push');
    const pushes = fc.record({
      kind: fc.constant('push' as const),
      during: fc.constantFrom('none' as const, 'echo' as const),
      midEdit: fieldValue,
    });
    fc.assert(
      fc.property(
        startArb.map((s) => ({ ...s, linked: true })),
        fc.array(fc.oneof(noCrmEdits, pushes), { maxLength: 40 }),
        (start, actions) => {
          const world = new TwoWayWorld(start);
          for (const action of actions) world.run(action);
          expect(world.settle()).toBe(true);
          expect(world.clientChanged).toBe(0);
          expect(world.settledProblems()).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
