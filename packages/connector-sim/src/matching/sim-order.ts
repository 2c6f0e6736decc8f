import type { OrderSide, OrderSnapshot, OrderStatus, OrderType, TimeInForce } from '@tickwire/core';
import type { IncrementGrid } from '../market/increment-grid';

/** The fields an order is created from, after validation. Prices absent for the order type are NaN. */
export interface SimOrderFields {
  readonly clientOrderId: string;
  readonly brokerOrderId: string;
  readonly symbol: string;
  readonly symbolIndex: number;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  /** Ordered quantity in whole quantity increments. */
  readonly quantitySteps: number;
  readonly limitPrice: number;
  readonly stopPrice: number;
  readonly postOnly: boolean;
  /** When a `day` or `gtd` order expires, epoch ms; +Infinity for none. */
  readonly expireAtMs: number;
  readonly createdAtMs: number;
  /** Converts steps to quantities for reports. */
  readonly quantityGrid: IncrementGrid;
}

/**
 * One order as the simulated venue holds it. Quantities are kept in whole quantity increments (integers), so
 * partial fills of 0.0001 BTC add up exactly and `filled === quantity` is a safe test.
 */
export class SimOrder {
  readonly clientOrderId: string;
  readonly brokerOrderId: string;
  readonly symbol: string;
  readonly symbolIndex: number;
  readonly side: OrderSide;
  /** +1 for a buy, -1 for a sell. */
  readonly sideSign: number;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly quantitySteps: number;
  readonly limitPrice: number;
  readonly stopPrice: number;
  readonly postOnly: boolean;
  readonly expireAtMs: number;
  readonly createdAtMs: number;
  readonly quantityGrid: IncrementGrid;
  /** Filled so far, in quantity increments. */
  filledSteps = 0;
  /** Sum of price * quantity over the fills, for the average price. */
  filledNotional = 0;
  /** Fills so far; numbers the execution ids. */
  fillCount = 0;
  /** For stop and stop-limit orders: whether the stop price has been reached. */
  triggered = false;
  status: OrderStatus = 'new';
  updatedAtMs: number;

  /** @param fields - the validated order. */
  constructor(fields: SimOrderFields) {
    this.clientOrderId = fields.clientOrderId;
    this.brokerOrderId = fields.brokerOrderId;
    this.symbol = fields.symbol;
    this.symbolIndex = fields.symbolIndex;
    this.side = fields.side;
    this.sideSign = fields.side === 'buy' ? 1 : -1;
    this.type = fields.type;
    this.timeInForce = fields.timeInForce;
    this.quantitySteps = fields.quantitySteps;
    this.limitPrice = fields.limitPrice;
    this.stopPrice = fields.stopPrice;
    this.postOnly = fields.postOnly;
    this.expireAtMs = fields.expireAtMs;
    this.createdAtMs = fields.createdAtMs;
    this.updatedAtMs = fields.createdAtMs;
    this.quantityGrid = fields.quantityGrid;
  }

  /** Unfilled quantity, in quantity increments. */
  get leavesSteps(): number {
    return this.quantitySteps - this.filledSteps;
  }

  /** Ordered quantity in units of the instrument. */
  get quantity(): number {
    return this.quantityGrid.toValue(this.quantitySteps);
  }

  /** Filled quantity in units of the instrument. */
  get filledQuantity(): number {
    return this.quantityGrid.toValue(this.filledSteps);
  }

  /** Unfilled quantity in units; 0 once the order is closed. */
  get leavesQuantity(): number {
    return this.isOpen ? this.quantityGrid.toValue(this.leavesSteps) : 0;
  }

  /** Volume-weighted average fill price, undefined before the first fill. */
  get averageFillPrice(): number | undefined {
    return this.filledSteps > 0 ? this.filledNotional / this.filledQuantity : undefined;
  }

  /** True while the order can still fill, be canceled or be replaced. */
  get isOpen(): boolean {
    return this.status === 'new' || this.status === 'partially-filled';
  }

  /** The limit price in force now: the limit of a limit order or of a triggered stop-limit; NaN for none. */
  get workingLimitPrice(): number {
    if (this.type === 'limit') return this.limitPrice;
    if (this.type === 'stop_limit' && this.triggered) return this.limitPrice;
    return Number.NaN;
  }

  /** The order as `getOpenOrders` and reconciliation report it. */
  toSnapshot(): OrderSnapshot {
    const averageFillPrice = this.averageFillPrice;
    return {
      clientOrderId: this.clientOrderId,
      brokerOrderId: this.brokerOrderId,
      symbol: this.symbol,
      side: this.side,
      type: this.type,
      timeInForce: this.timeInForce,
      status: this.status,
      brokerStatus: this.status,
      quantity: this.quantity,
      filledQuantity: this.filledQuantity,
      ...(averageFillPrice === undefined ? {} : { averageFillPrice }),
      ...(Number.isNaN(this.limitPrice) ? {} : { limitPrice: this.limitPrice }),
      ...(Number.isNaN(this.stopPrice) ? {} : { stopPrice: this.stopPrice }),
      createdAtMs: this.createdAtMs,
      updatedAtMs: this.updatedAtMs,
    };
  }
}
