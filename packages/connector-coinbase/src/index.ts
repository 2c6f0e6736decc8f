/**
 * `@tickwire/connector-coinbase`: the Coinbase Advanced Trade connector for tickwire. The default export is the
 * plugin the runtime loads by package name; the fake Coinbase for tests and local runs is at
 * `@tickwire/connector-coinbase/testing`.
 *
 * @packageDocumentation
 */
import { coinbasePlugin } from './coinbase-plugin';

export {
  COINBASE_PUBLIC_REST_BUCKET,
  COINBASE_REST_BUCKET,
  COINBASE_WS_MESSAGE_BUCKET,
  coinbaseCapabilities,
} from './coinbase-capabilities';
export { type CoinbaseConfig, type CoinbaseConfigInput, coinbaseConfigSchema } from './coinbase-config';
export { CoinbaseConnector } from './coinbase-connector';
export { formatCoinbaseDecimal, parseCoinbaseDecimal } from './coinbase-decimal';
export { COINBASE_JWT_LIFETIME_SECONDS, type CoinbaseJwtClaims, coinbaseJwtUri, signCoinbaseJwt } from './coinbase-jwt';
export {
  buildCoinbaseOrderConfiguration,
  COINBASE_ORDER_CONFIGURATION_KINDS,
  type CoinbaseOrderTerms,
  readCoinbaseOrderConfiguration,
} from './coinbase-order-configuration';
export type { CoinbaseUserOrder } from './coinbase-order-mapping';
export { COINBASE_ORDER_STATUSES, mapCoinbaseOrderStatus } from './coinbase-order-status';
export { COINBASE_CONNECTOR_VERSION, coinbasePlugin } from './coinbase-plugin';
export type * from './coinbase-rest-messages';
export {
  type CoinbaseJwtAlgorithm,
  type CoinbaseSigningKey,
  parseCoinbaseSigningKey,
} from './coinbase-signing-key';
export {
  COINBASE_CHANNEL_OF_KIND,
  COINBASE_KIND_OF_CHANNEL,
  COINBASE_MESSAGE_CHANNELS,
  type CoinbaseEnvelope,
  type CoinbaseLevel2Update,
  type CoinbaseMarketChannel,
  type CoinbaseMarketTrade,
  type CoinbaseSubscribeMessage,
  type CoinbaseTicker,
} from './coinbase-ws-messages';

export default coinbasePlugin;
