import type { OrderRequest, OrderSide, OrderType, TimeInForce } from '../domain/order-request';
import type { OrderSnapshot } from '../domain/order-snapshot';
import type { OrderStatus } from '../domain/order-status';
import { OrderFillLedger } from './fill-ledger';

/**
 * An order as the order manager tracks it. Payloads of order-manager events carry the live object: read it in the
 * listener, and copy it (see {@link toOrderSnapshot}) to keep it.
 */
export interface ManagedOrder {
  readonly clientOrderId: string;
  readonly brokerOrderId: string | undefined;
  readonly account: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  /** Ordered quantity; 0 for a notional (cash amount) order until the broker reports one. */
  readonly quantity: number;
  readonly limitPrice: number | undefined;
  readonly stopPrice: number | undefined;
  readonly status: OrderStatus;
  /** The broker's own status string from the last event, kept for audit. */
  readonly brokerStatus: string | undefined;
  /** Filled quantity: executions and cumulative totals reconciled (see {@link OrderFillLedger}). */
  readonly filledQuantity: number;
  /** Volume-weighted average fill price, `NaN` before the first fill. */
  readonly averageFillPrice: number;
  /** Part of `filledQuantity` known only from a cumulative total, waiting for its real executions. */
  readonly syntheticQuantity: number;
  /** True for orders this manager did not submit (found at the broker during reconciliation, or by their fills). */
  readonly external: boolean;
  /** For a replacement: the order it replaces. */
  readonly replacesClientOrderId: string | undefined;
  /** For a replaced order: the order that replaced it. */
  readonly replacedByClientOrderId: string | undefined;
  /** The last reason given by the broker or the manager (reject text, reconciliation resolution). */
  readonly lastReason: string | undefined;
  /** The request as submitted; undefined for external orders. */
  readonly request: OrderRequest | undefined;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

/** The mutable record behind {@link ManagedOrder}. Only the order manager writes it. */
export class OrderRecord implements ManagedOrder {
  brokerOrderId: string | undefined = undefined;
  status: OrderStatus;
  brokerStatus: string | undefined = undefined;
  quantity: number;
  limitPrice: number | undefined;
  stopPrice: number | undefined;
  timeInForce: TimeInForce;
  replacesClientOrderId: string | undefined = undefined;
  replacedByClientOrderId: string | undefined = undefined;
  lastReason: string | undefined = undefined;
  updatedAtMs: number;
  /** The status before pending-cancel / pending-replace, to return to when that request fails. */
  statusBeforePending: OrderStatus | undefined = undefined;
  /** True while a submit or replace for this order is on the wire and has not answered. */
  transmitting = false;
  /** True once the broker has shown it knows the order (an id, or any status past pending-new). */
  acknowledged = false;
  /** Open quantity and count this order currently contributes to its position's open-order figures. */
  countedOpenQuantity = 0;
  countedOpen = false;
  readonly fills = new OrderFillLedger();

  constructor(
    readonly clientOrderId: string,
    readonly account: string,
    readonly symbol: string,
    readonly side: OrderSide,
    readonly type: OrderType,
    timeInForce: TimeInForce,
    quantity: number,
    limitPrice: number | undefined,
    stopPrice: number | undefined,
    status: OrderStatus,
    readonly external: boolean,
    readonly request: OrderRequest | undefined,
    readonly createdAtMs: number,
  ) {
    this.timeInForce = timeInForce;
    this.quantity = quantity;
    this.limitPrice = limitPrice;
    this.stopPrice = stopPrice;
    this.status = status;
    this.updatedAtMs = createdAtMs;
  }

  get filledQuantity(): number {
    return this.fills.filledQuantity;
  }

  get averageFillPrice(): number {
    return this.fills.averagePrice;
  }

  get syntheticQuantity(): number {
    return this.fills.syntheticQuantity;
  }
}

/** A plain, detached copy of an order in the domain's {@link OrderSnapshot} shape (for the bridge and APIs). */
export function toOrderSnapshot(order: ManagedOrder): OrderSnapshot {
  const average = order.averageFillPrice;
  return {
    clientOrderId: order.clientOrderId,
    brokerOrderId: order.brokerOrderId ?? '',
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    status: order.status,
    ...(order.brokerStatus === undefined ? {} : { brokerStatus: order.brokerStatus }),
    quantity: order.quantity,
    filledQuantity: order.filledQuantity,
    ...(Number.isNaN(average) ? {} : { averageFillPrice: average }),
    ...(order.limitPrice === undefined ? {} : { limitPrice: order.limitPrice }),
    ...(order.stopPrice === undefined ? {} : { stopPrice: order.stopPrice }),
    createdAtMs: order.createdAtMs,
    updatedAtMs: order.updatedAtMs,
  };
}
