/**
 * `@tickwire/connector-alpaca/testing`: a fake Alpaca on loopback (trading REST v2, `trade_updates`, stock and
 * crypto market-data streams) with scripted faults, and its adapter for `@tickwire/testkit`.
 *
 * @packageDocumentation
 */
export {
  AlpacaFakeBroker,
  type AlpacaFakeBrokerOptions,
  type AlpacaFakeExecution,
  type AlpacaFakeOrderState,
  FAKE_ALPACA_KEY_ID,
  FAKE_ALPACA_SECRET_KEY,
} from './fake-alpaca-broker';
export type { FakeOrder } from './fake-alpaca-order-model';
export type { FakeAlpacaExecution } from './fake-alpaca-orders';
export type {
  FakeAlpacaAuthAttempt,
  FakeAlpacaCancelRecord,
  FakeAlpacaChangeOutcome,
  FakeAlpacaOrderRecord,
  FakeAlpacaQuoteRecord,
  FakeAlpacaReplaceRecord,
  FakeAlpacaRequestOutcome,
  FakeAlpacaSubscriptionRecord,
} from './fake-alpaca-records';
export { FakeAlpacaRecords } from './fake-alpaca-records';
export type { ScriptedRestFailure } from './fake-alpaca-rest';
export { type FakeAlpacaEndpoints, FakeAlpacaServer, type FakeAlpacaServerOptions } from './fake-alpaca-server';
export { VenueTimestamp } from './fake-alpaca-time';
