/**
 * `@tickwire/connector-alpaca`: Alpaca stocks and crypto, paper and live, for tickwire. The default export is the
 * plugin the runtime loads; the named exports are for embedding and for other connectors to learn from.
 *
 * @packageDocumentation
 */
import { defineConnector } from '@tickwire/core';
import { AlpacaConnector } from './alpaca-connector';
import { alpacaManifest } from './alpaca-manifest';

export {
  type AlpacaConfig,
  type AlpacaConfigInput,
  type AlpacaCredentials,
  type AlpacaEndpoints,
  alpacaConfigSchema,
  isLoopbackUrl,
  resolveAlpacaCredentials,
  resolveAlpacaEndpoints,
} from './alpaca-config';
export { AlpacaConnector } from './alpaca-connector';
export { alpacaRestError, alpacaStreamError, parseAlpacaErrorBody } from './alpaca-errors';
export { ALPACA_CONNECTOR_VERSION, ALPACA_REST_BUCKET, alpacaCapabilities, alpacaManifest } from './alpaca-manifest';
export { ALPACA_ORDER_STATUSES, ALPACA_TRADE_UPDATE_EVENTS, mapAlpacaOrderStatus } from './alpaca-order-status';
export {
  ALPACA_CLIENT_ORDER_ID_MAX_LENGTH,
  formatAlpacaDecimal,
  toAlpacaOrderBody,
  toAlpacaReplaceBody,
} from './alpaca-orders';
export { fromAlpacaSymbol, isCryptoSymbol, toAlpacaSymbol } from './alpaca-symbols';
export type * from './alpaca-wire-types';

/** The Alpaca connector plugin: `{ "package": "@tickwire/connector-alpaca", "config": { ... } }` in a runtime config. */
const alpacaPlugin = defineConnector({
  manifest: alpacaManifest,
  create: (config, context) => new AlpacaConnector(config, context),
});

export default alpacaPlugin;
