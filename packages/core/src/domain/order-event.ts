import type { OrderStatus } from './order-status';

/**
 * One execution. `quantity` is incremental: what this execution filled, never the running total.
 * `executionId` is the broker's id for it, which is how a fill delivered twice is counted once.
 */
export interface Fill {
  readonly executionId: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly price: number;
  readonly fee?: number;
  /** Venue time of the execution, epoch milliseconds. */
  readonly timestampMs: number;
}

/**
 * What a connector reports about an order, in broker-neutral terms, through the order-event sink.
 *
 * Brokers report fills two ways and a connector passes on what it has, without converting:
 * - `fill`: an incremental execution (Alpaca `fill`/`partial_fill`, IB execDetails);
 * - `cumulativeQuantity`: the running filled total (Coinbase `cumulative_quantity`, Tradier `exec_quantity`,
 *   IB orderStatus `filled`).
 * The order manager reconciles both so a fill is never counted twice or lost.
 */
export interface OrderEvent {
  readonly clientOrderId: string;
  readonly brokerOrderId?: string;
  readonly status: OrderStatus;
  /** The broker's own status string, kept for audit and for statuses mapped to `unknown`. */
  readonly brokerStatus?: string;
  readonly fill?: Fill;
  readonly cumulativeQuantity?: number;
  readonly leavesQuantity?: number;
  readonly averageFillPrice?: number;
  /** For `replaced`: the client order id of the order that replaced this one. */
  readonly replacedByClientOrderId?: string;
  /** Why the broker rejected, canceled or expired the order, in its words. */
  readonly reason?: string;
  /** Venue time of the event, epoch milliseconds. */
  readonly timestampMs: number;
}
