/** The fake Affise Billing API: seeded network, loopback HTTP server, worker host, write journal. */
export {
  AFFISE_CURRENCIES,
  MANAGER_IDS,
  PAY_SYSTEMS,
  UNITS_PER_WHOLE,
  generateAffiseNetwork,
  revenueUnits,
  textToUnits,
  totalUnits,
  unitsToText,
  wallText,
  type FakeAffiseCorrection,
  type FakeAffiseCost,
  type FakeAffiseCurrency,
  type FakeAffiseOffer,
  type FakeAffisePartner,
  type FakeAffisePayment,
} from './data';
export { startFakeAffise, type FakeAffiseHandle, type StartFakeAffiseOptions } from './host';
export {
  AFFISE_QUIRKS_OFF,
  DEFAULT_AFFISE_BEHAVIOUR,
  DEFAULT_AFFISE_KEYS,
  DEMO_AFFISE_KEY,
  type AffiseQuirkRates,
  type FakeAffiseConfigPatch,
  type FakeAffiseKey,
  type FakeAffiseOptions,
  type FakeAffiseSettings,
} from './options';
export {
  FakeAffiseServer,
  arrayParam,
  type AffiseJournalEntry,
  type AffiseRequestLogEntry,
  type AffiseRouteKind,
  type AffiseWriteKind,
  type FakeAffiseStats,
} from './server';
export type { AffiseMutationOp, AffiseMutationResult } from './store';
export { FAULT_KINDS, type FaultKind, type FaultOptions } from '../fake-http/faults';
