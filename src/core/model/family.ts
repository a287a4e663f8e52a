import type { Instant } from './time.ts';

/** Lime's family link: a parent (an adult client) and a child attached to them. */
export type FamilyLink = {
  readonly parentId: string;
  readonly childId: string;
  /** Lime's link type, e.g. `child`, `grandchild`, `ward`. */
  readonly relation: string;
  readonly linked: boolean;
  readonly stateAt: Instant;
};
