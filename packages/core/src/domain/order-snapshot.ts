import type { OrderSide, OrderType, TimeInForce } from './order-request';
import type { OrderStatus } from './order-status';

/** An order as the broker currently holds it: answers to `getOpenOrders` and reconciliation. */
export interface OrderSnapshot {
  readonly clientOrderId: string;
  readonly brokerOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly status: OrderStatus;
  readonly brokerStatus?: string;
  readonly quantity: number;
  readonly filledQuantity: number;
  readonly averageFillPrice?: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}
