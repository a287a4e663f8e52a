/** The venue simulator that plays Lime: the server-backed simulator and the pure generators. */
export { CATALOGS, type VenueCatalog } from './catalog.ts';
export { type Clock, createManualClock, type ManualClock, systemClock } from './clock.ts';
export { DAY_MIX, type Pace } from './day-player.ts';
export type { HubErrorBody } from './hub-client.ts';
export type {
  Client,
  FamilyLink,
  LimeEvent,
  Preorder,
  Product,
  Transaction,
  VenueType,
} from './model.ts';
export { VENUE_TYPES } from './model.ts';
export type { DeliveryReport } from './outbox.ts';
export { CANCEL_REASONS, REJECT_REASONS } from './preorder-desk.ts';
export { createPrng, type Prng } from './prng.ts';
export { SIGNATURE_HEADER, signPush, type VerifyResult, verifyPush } from './signature.ts';
export {
  DEFAULT_KNOBS,
  DEFAULT_PACE,
  startVenueSimulator,
  type VenueKnobs,
  type VenueSimulator,
  type VenueSimulatorOptions,
} from './simulator.ts';
export type { VenueDb } from './state-store.ts';
export type { VenueStats } from './stats.ts';
export {
  type BuiltVenue,
  batches,
  buildVenue,
  type GenerateVenueOptions,
  generateVenue,
} from './venue-generator.ts';
