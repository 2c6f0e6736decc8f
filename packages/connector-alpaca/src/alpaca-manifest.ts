import { type ConnectorCapabilities, type ConnectorManifest, TickSource } from '@tickwire/core';
import { type AlpacaConfig, alpacaConfigSchema } from './alpaca-config';
import { ALPACA_CLIENT_ORDER_ID_MAX_LENGTH } from './alpaca-orders';

/** This package's version; a test keeps it equal to package.json's. */
export const ALPACA_CONNECTOR_VERSION = '0.1.0';

/** Alpaca's trading REST limit: 200 requests per minute per account. */
export const ALPACA_REST_BUCKET = {
  name: 'rest',
  capacity: 200,
  refillPerSecond: 200 / 60,
  scope: 'account',
  description: 'Alpaca trading REST API: 200 requests/min per account (HTTP 429 beyond, X-Ratelimit-* headers)',
} as const;

/** What the Alpaca connector can do. */
export const alpacaCapabilities: ConnectorCapabilities = {
  assetClasses: ['equity', 'crypto'],
  orderTypes: ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'],
  timeInForce: ['day', 'gtc', 'opg', 'cls', 'ioc', 'fok'],
  orderClasses: ['simple', 'bracket', 'oco', 'oto'],
  dataKinds: ['quotes', 'trades', 'bars', 'book'],
  tradingModes: ['paper', 'live'],
  idempotentClientOrderIds: true,
  clientOrderIdMaxLength: ALPACA_CLIENT_ORDER_ID_MAX_LENGTH,
  replaceOrders: true,
  cancelAllOrders: true,
  reconciliation: true,
  notionalOrders: true,
  fractionalQuantity: true,
  extendedHours: true,
  rateLimitBuckets: [ALPACA_REST_BUCKET],
};

/** The manifest of `@tickwire/connector-alpaca`. */
export const alpacaManifest: ConnectorManifest<AlpacaConfig> = {
  packageName: '@tickwire/connector-alpaca',
  version: ALPACA_CONNECTOR_VERSION,
  specificationVersion: 'tickwire.connector/v1',
  tickSourceId: TickSource.ALPACA,
  displayName: 'Alpaca',
  description:
    'Alpaca stocks and crypto, paper or live: trading REST v2, trade_updates, stock (iex/sip/delayed_sip/test) and crypto (v1beta3) market data.',
  capabilities: alpacaCapabilities,
  configSchema: alpacaConfigSchema,
  secretConfigKeys: ['keyId', 'secretKey'],
};
