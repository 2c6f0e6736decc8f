import type { Fill, OrderEvent, OrderSnapshot } from '@tickwire/core';
import { parseCoinbaseDecimal } from './coinbase-decimal';
import { readCoinbaseOrderConfiguration } from './coinbase-order-configuration';
import {
  mapCoinbaseOrderStatus,
  mapCoinbaseOrderType,
  mapCoinbaseSide,
  mapCoinbaseTimeInForce,
} from './coinbase-order-status';
import type { CoinbaseFill, CoinbaseHistoricalOrder } from './coinbase-rest-messages';

/** An order as the user channel sends it (`events[].orders[]`). */
export interface CoinbaseUserOrder {
  readonly order_id: string;
  readonly client_order_id?: string;
  readonly status: string;
  readonly product_id?: string;
  readonly order_side?: string;
  readonly order_type?: string;
  readonly cumulative_quantity?: string;
  readonly leaves_quantity?: string;
  readonly avg_price?: string;
  readonly total_fees?: string;
  readonly limit_price?: string;
  readonly stop_price?: string;
  readonly creation_time?: string;
  readonly cancel_reason?: string;
  readonly reject_reason?: string;
  readonly time_in_force?: string;
}

/**
 * The order event for one user-channel order. `cumulative_quantity` is Coinbase's running filled total, so it goes
 * out as `cumulativeQuantity` and never as an incremental fill: the order manager works out what is new. A status
 * Coinbase does not document becomes `unknown` with the string kept in `brokerStatus`.
 */
export function userOrderToEvent(order: CoinbaseUserOrder, timestampMs: number): OrderEvent {
  const cumulative = parseCoinbaseDecimal(order.cumulative_quantity);
  const leaves = parseCoinbaseDecimal(order.leaves_quantity);
  const average = parseCoinbaseDecimal(order.avg_price);
  const reason = [order.reject_reason, order.cancel_reason].find((text) => typeof text === 'string' && text !== '');
  return {
    clientOrderId: clientIdOf(order.client_order_id, order.order_id),
    brokerOrderId: order.order_id,
    status: mapCoinbaseOrderStatus(order.status, cumulative) ?? 'unknown',
    brokerStatus: order.status,
    ...(Number.isFinite(cumulative) ? { cumulativeQuantity: cumulative } : {}),
    ...(Number.isFinite(leaves) ? { leavesQuantity: leaves } : {}),
    ...(Number.isFinite(average) && cumulative > 0 ? { averageFillPrice: average } : {}),
    ...(reason === undefined ? {} : { reason }),
    timestampMs,
  };
}

/** An order snapshot from a historical order; `undefined` when the order lacks what a snapshot needs. */
export function historicalOrderToSnapshot(order: CoinbaseHistoricalOrder): OrderSnapshot | undefined {
  const terms = readCoinbaseOrderConfiguration(order.order_configuration);
  const side = mapCoinbaseSide(order.side);
  const type = terms?.type ?? mapCoinbaseOrderType(order.order_type);
  const timeInForce = terms?.timeInForce ?? mapCoinbaseTimeInForce(order.time_in_force);
  if (side === undefined || type === undefined || timeInForce === undefined || order.product_id === undefined) {
    return undefined;
  }
  const filled = finiteOr(parseCoinbaseDecimal(order.filled_size), 0);
  const average = parseCoinbaseDecimal(order.average_filled_price);
  const createdAtMs = Date.parse(order.created_time ?? '');
  const lastFillMs = Date.parse(order.last_fill_time ?? '');
  const status = order.status ?? 'UNKNOWN_ORDER_STATUS';
  return {
    clientOrderId: clientIdOf(order.client_order_id, order.order_id),
    brokerOrderId: order.order_id,
    symbol: order.product_id,
    side,
    type,
    timeInForce,
    status: mapCoinbaseOrderStatus(status, filled) ?? 'unknown',
    brokerStatus: status,
    // A quote-sized market order has no base quantity until it fills.
    quantity: terms?.quantity ?? filled,
    filledQuantity: filled,
    ...(Number.isFinite(average) && filled > 0 ? { averageFillPrice: average } : {}),
    ...(terms?.limitPrice === undefined ? {} : { limitPrice: terms.limitPrice }),
    ...(terms?.stopPrice === undefined ? {} : { stopPrice: terms.stopPrice }),
    createdAtMs: finiteOr(createdAtMs, 0),
    updatedAtMs: finiteOr(lastFillMs, finiteOr(createdAtMs, 0)),
  };
}

/**
 * One execution from the fills endpoint as a tickwire fill (`trade_id` is the execution id), or `undefined` when
 * its numbers are unusable. A fill sized in the quote currency is converted to base units at its price.
 */
export function coinbaseFillToFill(fill: CoinbaseFill, clientOrderId: string): Fill | undefined {
  const price = parseCoinbaseDecimal(fill.price);
  const size = parseCoinbaseDecimal(fill.size);
  const side = mapCoinbaseSide(fill.side);
  const timestampMs = Date.parse(fill.trade_time ?? '');
  if (!(price > 0) || !(size > 0) || side === undefined || fill.product_id === undefined) return undefined;
  const fee = parseCoinbaseDecimal(fill.commission);
  return {
    executionId: fill.trade_id,
    clientOrderId,
    symbol: fill.product_id,
    side,
    quantity: fill.size_in_quote === true ? size / price : size,
    price,
    ...(Number.isFinite(fee) ? { fee } : {}),
    timestampMs: finiteOr(timestampMs, 0),
  };
}

// Orders placed outside tickwire may carry no client order id; the venue id then names them.
function clientIdOf(clientOrderId: string | undefined, orderId: string): string {
  return clientOrderId === undefined || clientOrderId === '' ? orderId : clientOrderId;
}

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}
