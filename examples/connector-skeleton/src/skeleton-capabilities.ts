import type { ConnectorCapabilities } from '@tickwire/core';

/** What the Skeleton Exchange supports; the host, the risk gate and the test kit read it. */
export const skeletonCapabilities: ConnectorCapabilities = {
  assetClasses: ['equity'],
  orderTypes: ['market', 'limit'],
  timeInForce: ['day', 'gtc'],
  orderClasses: ['simple'],
  dataKinds: ['quotes'],
  tradingModes: ['paper'],
  idempotentClientOrderIds: true,
  clientOrderIdMaxLength: 40,
  replaceOrders: true,
  cancelAllOrders: false,
  reconciliation: true,
  notionalOrders: false,
  fractionalQuantity: false,
  extendedHours: false,
  rateLimitBuckets: [{ name: 'orders', capacity: 20, refillPerSecond: 10, scope: 'account' }],
};
