import type {
  AccountSnapshot,
  OrderSide,
  OrderSnapshot,
  OrderStatus,
  OrderType,
  Position,
  TimeInForce,
} from '@tickwire/core';
import { mapAlpacaOrderStatus } from './alpaca-order-status';
import { fromAlpacaSymbol } from './alpaca-symbols';
import { alpacaNumber, alpacaTimeMs, optionalAlpacaNumber } from './alpaca-values';
import type { AlpacaAccount, AlpacaOrder, AlpacaPosition } from './alpaca-wire-types';

/** An order's status in tickwire terms; `unknown` (and `known: false`) for a status Alpaca does not document. */
export function statusOfAlpacaOrder(order: AlpacaOrder): { readonly status: OrderStatus; readonly known: boolean } {
  const status = mapAlpacaOrderStatus(order.status, filledQuantityOf(order), alpacaNumber(order.qty));
  return status === undefined ? { status: 'unknown', known: false } : { status, known: true };
}

/** Filled quantity of an order (0 when Alpaca sends none). */
export function filledQuantityOf(order: AlpacaOrder): number {
  const filled = alpacaNumber(order.filled_qty);
  return Number.isFinite(filled) ? filled : 0;
}

/** The best time for an order's latest change, epoch ms (`updated_at`, falling back through the others). */
export function updatedAtMsOf(order: AlpacaOrder): number | undefined {
  return (
    alpacaTimeMs(order.updated_at) ??
    alpacaTimeMs(order.filled_at) ??
    alpacaTimeMs(order.canceled_at) ??
    alpacaTimeMs(order.submitted_at) ??
    alpacaTimeMs(order.created_at)
  );
}

/**
 * An Alpaca order as an {@link OrderSnapshot}. A notional order has no `qty` until it fills; its quantity is then
 * what filled so far (0 before). A `type` or `time_in_force` Alpaca adds later is passed through as Alpaca wrote it.
 */
export function toOrderSnapshot(order: AlpacaOrder, fallbackTimeMs: number): OrderSnapshot {
  const filledQuantity = filledQuantityOf(order);
  const quantity = alpacaNumber(order.qty);
  const type = order.type ?? order.order_type ?? 'market';
  const timeInForce = order.time_in_force ?? 'day';
  const { status } = statusOfAlpacaOrder(order);
  const createdAtMs = alpacaTimeMs(order.created_at) ?? alpacaTimeMs(order.submitted_at) ?? fallbackTimeMs;
  const averageFillPrice = optionalAlpacaNumber(order.filled_avg_price);
  const limitPrice = optionalAlpacaNumber(order.limit_price);
  const stopPrice = optionalAlpacaNumber(order.stop_price);
  return {
    clientOrderId: order.client_order_id,
    brokerOrderId: order.id,
    symbol: fromAlpacaSymbol(order.symbol, order.asset_class),
    side: order.side as OrderSide,
    type: type as OrderType,
    timeInForce: timeInForce as TimeInForce,
    status,
    brokerStatus: order.status,
    quantity: Number.isFinite(quantity) ? quantity : filledQuantity,
    filledQuantity,
    ...(averageFillPrice === undefined || filledQuantity === 0 ? {} : { averageFillPrice }),
    ...(limitPrice === undefined ? {} : { limitPrice }),
    ...(stopPrice === undefined ? {} : { stopPrice }),
    createdAtMs,
    updatedAtMs: updatedAtMsOf(order) ?? createdAtMs,
  };
}

/** An order and its legs (bracket, OCO, OTO), parent first: every order Alpaca holds in one list. */
export function flattenOrderLegs(orders: readonly AlpacaOrder[]): AlpacaOrder[] {
  const flat: AlpacaOrder[] = [];
  const visit = (order: AlpacaOrder) => {
    flat.push(order);
    for (const leg of order.legs ?? []) visit(leg);
  };
  for (const order of orders) visit(order);
  return flat;
}

/** `GET /v2/account` as an {@link AccountSnapshot}. */
export function toAccountSnapshot(account: AlpacaAccount): AccountSnapshot {
  const equity = optionalAlpacaNumber(account.equity ?? account.portfolio_value);
  const buyingPower = optionalAlpacaNumber(account.buying_power);
  const blocked = account.trading_blocked === true || account.account_blocked === true;
  return {
    accountId: account.account_number ?? account.id ?? 'unknown',
    currency: account.currency ?? 'USD',
    cash: optionalAlpacaNumber(account.cash) ?? 0,
    ...(equity === undefined ? {} : { equity }),
    ...(buyingPower === undefined ? {} : { buyingPower }),
    ...(account.trading_blocked === undefined && account.account_blocked === undefined
      ? {}
      : { tradingBlocked: blocked }),
  };
}

/** One `GET /v2/positions` entry as a {@link Position}: signed quantity (short is negative), crypto as `BTC-USD`. */
export function toPosition(position: AlpacaPosition): Position {
  let quantity = alpacaNumber(position.qty);
  if (!Number.isFinite(quantity)) quantity = 0;
  if (position.side === 'short' && quantity > 0) quantity = -quantity;
  const marketValue = optionalAlpacaNumber(position.market_value);
  const unrealizedPnl = optionalAlpacaNumber(position.unrealized_pl);
  return {
    symbol: fromAlpacaSymbol(position.symbol, position.asset_class),
    quantity,
    averagePrice: optionalAlpacaNumber(position.avg_entry_price) ?? 0,
    ...(marketValue === undefined ? {} : { marketValue }),
    ...(unrealizedPnl === undefined ? {} : { unrealizedPnl }),
  };
}
