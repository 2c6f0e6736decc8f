import type { OrderSide, OrderStatus } from '@tickwire/core';
import { formatCoinbaseDecimal } from '../coinbase-decimal';
import type { CoinbaseOrderTerms } from '../coinbase-order-configuration';
import { mapCoinbaseOrderStatus } from '../coinbase-order-status';
import type { CoinbaseFill, CoinbaseHistoricalOrder, CoinbaseOrderConfiguration } from '../coinbase-rest-messages';
import { formatMicros } from './coinbase-fake-clock';

/** An order as the fake exchange holds it. */
export interface FakeExchangeOrder {
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly productId: string;
  readonly side: 'BUY' | 'SELL';
  readonly configuration: CoinbaseOrderConfiguration;
  readonly terms: CoinbaseOrderTerms;
  /** Coinbase's status string; a fault may set one Coinbase does not document. */
  status: string;
  filledSize: number;
  filledValue: number;
  numberOfFills: number;
  /** Stop-limit orders wait for their stop before they can trade. */
  triggered: boolean;
  cancelReason: string;
  rejectReason: string;
  readonly createdMicros: number;
  lastFillMicros: number;
}

/** One execution the fake exchange made. */
export interface FakeExchangeFill {
  readonly tradeId: string;
  readonly entryId: string;
  readonly orderId: string;
  readonly productId: string;
  readonly side: 'BUY' | 'SELL';
  readonly price: number;
  readonly size: number;
  readonly micros: number;
}

/** The order's size in base units, when it has one (a quote-sized market order has none until it trades). */
export function baseSizeOf(order: FakeExchangeOrder): number | undefined {
  return order.terms.quantity;
}

/** What is left to trade, in base units (quote-sized orders: 0 once anything traded). */
export function leavesOf(order: FakeExchangeOrder): number {
  if (!isWorking(order)) return 0;
  const size = baseSizeOf(order);
  return size === undefined ? 0 : Math.max(0, round(size - order.filledSize));
}

/** True while the order can still trade or be canceled. */
export function isWorking(order: FakeExchangeOrder): boolean {
  return order.status === 'OPEN' || order.status === 'PENDING' || order.status === 'QUEUED';
}

/** The order as `GET /orders/historical/...` returns it. */
export function toHistoricalOrderJson(order: FakeExchangeOrder): CoinbaseHistoricalOrder & Record<string, unknown> {
  const size = baseSizeOf(order);
  return {
    order_id: order.orderId,
    product_id: order.productId,
    user_id: 'fake-user',
    order_configuration: order.configuration,
    side: order.side,
    client_order_id: order.clientOrderId,
    status: order.status,
    time_in_force: TIME_IN_FORCE[order.terms.timeInForce] ?? 'UNKNOWN_TIME_IN_FORCE',
    created_time: formatMicros(order.createdMicros),
    completion_percentage:
      size === undefined || size === 0 ? '0' : formatCoinbaseDecimal((order.filledSize / size) * 100),
    filled_size: formatCoinbaseDecimal(order.filledSize),
    average_filled_price: formatCoinbaseDecimal(averagePriceOf(order)),
    number_of_fills: String(order.numberOfFills),
    filled_value: formatCoinbaseDecimal(order.filledValue),
    pending_cancel: false,
    size_in_quote: order.terms.notional !== undefined,
    total_fees: '0',
    order_type: ORDER_TYPE[order.terms.type] ?? 'UNKNOWN_ORDER_TYPE',
    reject_reason: order.rejectReason,
    cancel_message: order.cancelReason,
    ...(order.lastFillMicros > 0 ? { last_fill_time: formatMicros(order.lastFillMicros) } : {}),
    trigger_status:
      order.terms.type === 'stop_limit' ? (order.triggered ? 'STOP_TRIGGERED' : 'STOP_PENDING') : 'INVALID_ORDER_TYPE',
  };
}

/** The order as the user channel sends it. */
export function toUserOrderJson(order: FakeExchangeOrder): Record<string, unknown> {
  return {
    order_id: order.orderId,
    client_order_id: order.clientOrderId,
    cumulative_quantity: formatCoinbaseDecimal(order.filledSize),
    leaves_quantity: formatCoinbaseDecimal(leavesOf(order)),
    avg_price: formatCoinbaseDecimal(averagePriceOf(order)),
    total_fees: '0',
    status: order.status,
    product_id: order.productId,
    creation_time: formatMicros(order.createdMicros),
    order_side: order.side,
    order_type: ORDER_TYPE[order.terms.type] ?? 'UNKNOWN_ORDER_TYPE',
    limit_price: order.terms.limitPrice === undefined ? '' : formatCoinbaseDecimal(order.terms.limitPrice),
    stop_price: order.terms.stopPrice === undefined ? '' : formatCoinbaseDecimal(order.terms.stopPrice),
    cancel_reason: order.cancelReason,
    reject_reason: order.rejectReason,
    time_in_force: TIME_IN_FORCE[order.terms.timeInForce] ?? 'UNKNOWN_TIME_IN_FORCE',
  };
}

/** A fill as `GET /orders/historical/fills` returns it. */
export function toFillJson(fill: FakeExchangeFill): CoinbaseFill & Record<string, unknown> {
  return {
    entry_id: fill.entryId,
    trade_id: fill.tradeId,
    order_id: fill.orderId,
    trade_time: formatMicros(fill.micros),
    trade_type: 'FILL',
    price: formatCoinbaseDecimal(fill.price),
    size: formatCoinbaseDecimal(fill.size),
    commission: '0',
    product_id: fill.productId,
    sequence_timestamp: formatMicros(fill.micros),
    liquidity_indicator: 'MAKER',
    size_in_quote: false,
    user_id: 'fake-user',
    side: fill.side,
  };
}

/** The broker's view for the test kit, in tickwire's terms. */
export function toKitOrderState(order: FakeExchangeOrder): {
  clientOrderId: string;
  brokerOrderId: string;
  symbol: string;
  side: OrderSide;
  status: OrderStatus;
  quantity: number;
  filledQuantity: number;
  limitPrice?: number;
} {
  return {
    clientOrderId: order.clientOrderId,
    brokerOrderId: order.orderId,
    symbol: order.productId,
    side: order.side === 'BUY' ? 'buy' : 'sell',
    status: mapCoinbaseOrderStatus(order.status, order.filledSize) ?? 'unknown',
    quantity: baseSizeOf(order) ?? order.filledSize,
    filledQuantity: order.filledSize,
    ...(order.terms.limitPrice === undefined ? {} : { limitPrice: order.terms.limitPrice }),
  };
}

/** Volume-weighted average fill price, 0 before any fill. */
export function averagePriceOf(order: FakeExchangeOrder): number {
  return order.filledSize > 0 ? order.filledValue / order.filledSize : 0;
}

/** Rounds away binary noise at 12 decimals, so 0.1 + 0.2 fills compare equal to 0.3. */
export function round(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}

const TIME_IN_FORCE: Readonly<Record<string, string>> = {
  gtc: 'GOOD_UNTIL_CANCELLED',
  gtd: 'GOOD_UNTIL_DATE_TIME',
  ioc: 'IMMEDIATE_OR_CANCEL',
  fok: 'FILL_OR_KILL',
};

const ORDER_TYPE: Readonly<Record<string, string>> = {
  market: 'MARKET',
  limit: 'LIMIT',
  stop_limit: 'STOP_LIMIT',
};
