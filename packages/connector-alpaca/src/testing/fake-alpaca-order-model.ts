import { randomUUID } from 'node:crypto';
import type { ValidOrderRequest } from './fake-alpaca-order-validation';
import type { VenueTimestamp } from './fake-alpaca-time';

/** An order as the fake venue holds it (numbers as numbers; {@link orderToWire} writes Alpaca's strings). */
export interface FakeOrder {
  readonly id: string;
  clientOrderId: string;
  readonly symbol: string;
  readonly crypto: boolean;
  readonly side: 'buy' | 'sell';
  readonly type: string;
  timeInForce: string;
  qty: number | undefined;
  readonly notional: number | undefined;
  filledQty: number;
  filledNotional: number;
  limitPrice: number | undefined;
  stopPrice: number | undefined;
  trailPrice: number | undefined;
  readonly trailPercent: number | undefined;
  /** Trailing stops: the best price seen since submission. */
  watermark: number | undefined;
  /** Stop orders: set once the stop price was reached. */
  triggered: boolean;
  status: string;
  readonly extendedHours: boolean;
  readonly orderClass: string;
  readonly legs: FakeOrder[];
  readonly parentId: string | undefined;
  readonly createdAt: VenueTimestamp;
  updatedAt: VenueTimestamp;
  filledAt: VenueTimestamp | undefined;
  canceledAt: VenueTimestamp | undefined;
  replacedAt: VenueTimestamp | undefined;
  replacedBy: string | undefined;
  replaces: string | undefined;
  /** A scripted refusal for cancel-all (tests of the 207 answer's failure entries). */
  cancelFailure: { readonly status: number; readonly code: number; readonly message: string } | undefined;
}

/** Statuses after which nothing more happens to an order. */
export const CLOSED_STATUSES: ReadonlySet<string> = new Set(['filled', 'canceled', 'expired', 'replaced', 'rejected']);

/** True while the order is working (including `held` legs). */
export function isOpen(order: FakeOrder): boolean {
  return !CLOSED_STATUSES.has(order.status);
}

/** Builds a new order from a validated request. */
export function createFakeOrder(
  request: ValidOrderRequest & { readonly clientOrderId: string },
  now: VenueTimestamp,
  parentId?: string,
): FakeOrder {
  return {
    id: randomUUID(),
    clientOrderId: request.clientOrderId,
    symbol: request.symbol,
    crypto: request.crypto,
    side: request.side,
    type: request.type,
    timeInForce: request.timeInForce,
    qty: request.qty,
    notional: request.notional,
    filledQty: 0,
    filledNotional: 0,
    limitPrice: request.limitPrice,
    stopPrice: request.stopPrice,
    trailPrice: request.trailPrice,
    trailPercent: request.trailPercent,
    watermark: undefined,
    triggered: false,
    status: parentId === undefined ? 'new' : 'held',
    extendedHours: request.extendedHours,
    orderClass: request.orderClass,
    legs: [],
    parentId,
    createdAt: now,
    updatedAt: now,
    filledAt: undefined,
    canceledAt: undefined,
    replacedAt: undefined,
    replacedBy: undefined,
    replaces: undefined,
    cancelFailure: undefined,
  };
}

/** The order as Alpaca's REST API and `trade_updates` write it: every number a string, absent values null. */
export function orderToWire(order: FakeOrder, statusOverride?: string): Record<string, unknown> {
  const text = (value: number | undefined) => (value === undefined ? null : String(value));
  const time = (value: VenueTimestamp | undefined) => (value === undefined ? null : value.toRestText());
  return {
    id: order.id,
    client_order_id: order.clientOrderId,
    created_at: order.createdAt.toRestText(),
    updated_at: order.updatedAt.toRestText(),
    submitted_at: order.createdAt.toRestText(),
    filled_at: time(order.filledAt),
    expired_at: null,
    canceled_at: time(order.canceledAt),
    failed_at: null,
    replaced_at: time(order.replacedAt),
    replaced_by: order.replacedBy ?? null,
    replaces: order.replaces ?? null,
    asset_id: order.crypto ? '276e2673-764b-4ab6-a611-caf665ca6340' : 'b0b6dd9d-8b9b-48a9-ba46-b9d54906e415',
    symbol: order.symbol,
    asset_class: order.crypto ? 'crypto' : 'us_equity',
    notional: text(order.notional),
    qty: text(order.qty),
    filled_qty: String(order.filledQty),
    filled_avg_price: order.filledQty > 0 ? String(round9(order.filledNotional / order.filledQty)) : null,
    order_class: order.orderClass === 'simple' ? '' : order.orderClass,
    order_type: order.type,
    type: order.type,
    side: order.side,
    time_in_force: order.timeInForce,
    limit_price: text(order.limitPrice),
    stop_price: text(order.stopPrice),
    status: statusOverride ?? order.status,
    extended_hours: order.extendedHours,
    legs: order.legs.length === 0 ? null : order.legs.map((leg) => orderToWire(leg)),
    trail_percent: text(order.trailPercent),
    trail_price: text(order.trailPrice),
    hwm: text(order.watermark),
    position_intent: order.side === 'buy' ? 'buy_to_open' : 'sell_to_close',
  };
}

/** Rounds away binary noise from sums of decimal prices. */
export function round9(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
