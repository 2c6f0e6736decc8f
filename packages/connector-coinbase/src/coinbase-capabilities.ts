import type { ConnectorCapabilities, RateLimitBucketSpec } from '@tickwire/core';

/** Private REST endpoints: 30 requests a second per user (Coinbase Advanced Trade rate limits). */
export const COINBASE_REST_BUCKET: RateLimitBucketSpec = {
  name: 'rest-private',
  capacity: 30,
  refillPerSecond: 30,
  scope: 'account',
  description: 'Coinbase Advanced Trade private REST: 30 requests/s per user',
};

/**
 * Public REST endpoints (the server-time probe): 10 requests a second per IP address.
 */
export const COINBASE_PUBLIC_REST_BUCKET: RateLimitBucketSpec = {
  name: 'rest-public',
  capacity: 10,
  refillPerSecond: 10,
  scope: 'ip',
  description: 'Coinbase Advanced Trade public REST: 10 requests/s per IP',
};

/**
 * WebSocket subscribe and unsubscribe messages. Coinbase allows 8 unauthenticated messages a second per IP; every
 * message tickwire sends carries a JWT, but keeping under that figure costs nothing and survives a key without
 * the view permission.
 */
export const COINBASE_WS_MESSAGE_BUCKET: RateLimitBucketSpec = {
  name: 'ws-messages',
  capacity: 8,
  refillPerSecond: 8,
  scope: 'ip',
  description: 'Coinbase Advanced Trade WebSocket: 8 unauthenticated messages/s per IP',
};

/** What the Coinbase Advanced Trade connector can do; the host, the risk gate and the test kit read it. */
export const coinbaseCapabilities: ConnectorCapabilities = {
  assetClasses: ['crypto'],
  orderTypes: ['market', 'limit', 'stop_limit'],
  // market: IOC; limit: GTC (post-only allowed), GTD (post-only allowed), FOK, IOC (smart order routing);
  // stop-limit: GTC.
  timeInForce: ['gtc', 'gtd', 'ioc', 'fok'],
  orderClasses: ['simple'],
  dataKinds: ['quotes', 'trades', 'book'],
  tradingModes: ['live'],
  // A create with a client_order_id Coinbase already holds returns that order instead of making a second one.
  idempotentClientOrderIds: true,
  clientOrderIdMaxLength: 128,
  replaceOrders: false,
  // Lists the open orders, then cancels them all in one batch_cancel call.
  cancelAllOrders: true,
  reconciliation: true,
  notionalOrders: true,
  fractionalQuantity: true,
  extendedHours: false,
  rateLimitBuckets: [COINBASE_REST_BUCKET, COINBASE_PUBLIC_REST_BUCKET, COINBASE_WS_MESSAGE_BUCKET],
};
