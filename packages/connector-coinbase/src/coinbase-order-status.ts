import type { OrderSide, OrderStatus, OrderType, TimeInForce } from '@tickwire/core';

/** Every order status Coinbase documents, REST and user channel alike. */
export const COINBASE_ORDER_STATUSES: readonly string[] = [
  'PENDING',
  'QUEUED',
  'OPEN',
  'FILLED',
  'CANCELLED',
  'CANCEL_QUEUED',
  'EXPIRED',
  'FAILED',
  'UNKNOWN_ORDER_STATUS',
];

/**
 * tickwire's status for a Coinbase order status, or `undefined` for a value Coinbase does not document (the caller
 * reports it as `unknown`, keeps the string, and tells feed health). `OPEN` with something filled is
 * `partially-filled`.
 */
export function mapCoinbaseOrderStatus(status: string, filledQuantity: number): OrderStatus | undefined {
  switch (status) {
    case 'PENDING':
    case 'QUEUED':
      return 'pending-new';
    case 'OPEN':
      return filledQuantity > 0 ? 'partially-filled' : 'new';
    case 'FILLED':
      return 'filled';
    case 'CANCELLED':
      return 'canceled';
    case 'CANCEL_QUEUED':
      return 'pending-cancel';
    case 'EXPIRED':
      return 'expired';
    case 'FAILED':
      return 'rejected';
    case 'UNKNOWN_ORDER_STATUS':
      return 'unknown';
    default:
      return undefined;
  }
}

/** `BUY`/`SELL` (any case) as a side, or undefined. */
export function mapCoinbaseSide(side: unknown): OrderSide | undefined {
  if (typeof side !== 'string') return undefined;
  const upper = side.toUpperCase();
  return upper === 'BUY' ? 'buy' : upper === 'SELL' ? 'sell' : undefined;
}

/** Coinbase's order type (`LIMIT`, `Limit`, `STOP_LIMIT`, `Stop Limit`...) as tickwire's, or undefined. */
export function mapCoinbaseOrderType(orderType: unknown): OrderType | undefined {
  if (typeof orderType !== 'string') return undefined;
  switch (orderType.toUpperCase().replace(/[\s-]+/g, '_')) {
    case 'MARKET':
      return 'market';
    case 'LIMIT':
      return 'limit';
    case 'STOP':
      return 'stop';
    case 'STOP_LIMIT':
      return 'stop_limit';
    default:
      return undefined;
  }
}

/** Coinbase's `time_in_force` as tickwire's, or undefined. */
export function mapCoinbaseTimeInForce(timeInForce: unknown): TimeInForce | undefined {
  switch (timeInForce) {
    case 'GOOD_UNTIL_CANCELLED':
      return 'gtc';
    case 'GOOD_UNTIL_DATE_TIME':
      return 'gtd';
    case 'IMMEDIATE_OR_CANCEL':
      return 'ioc';
    case 'FILL_OR_KILL':
      return 'fok';
    default:
      return undefined;
  }
}
