/**
 * `@tickwire/connector-coinbase/testing`: a fake Coinbase Advanced Trade on loopback (REST + both WebSockets) for
 * tests, the test kit and local runs without credentials, plus throwaway keys and the JWT checks it applies.
 *
 * @packageDocumentation
 */
export { CoinbaseFakeBroker, type CoinbaseFakeBrokerOptions } from './coinbase-fake-broker';
export { CoinbaseFakeClock, formatMicros } from './coinbase-fake-clock';
export { CoinbaseFakeExchange, type FakeCreateOutcome, type FakeOrderFailure } from './coinbase-fake-exchange';
export {
  type CoinbaseFakeProduct,
  DEFAULT_FAKE_PRODUCTS,
  type FakeLevelChange,
  FakeProductMarket,
  type FakeTrade,
  seededRandom,
} from './coinbase-fake-market';
export type { FakeExchangeFill, FakeExchangeOrder } from './coinbase-fake-orders';
export { type CoinbaseJwtExpectations, type CoinbaseJwtVerdict, verifyCoinbaseJwt } from './coinbase-jwt-verifier';
export { type CoinbaseTestKey, createCoinbaseTestKey, writeCoinbaseKeyFile } from './coinbase-test-key';
