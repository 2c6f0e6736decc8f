import type { Fill, OrderSide } from '@tickwire/core';
import { filledQuantityOf, statusOfAlpacaOrder } from './alpaca-rest-mapping';
import { fromAlpacaSymbol } from './alpaca-symbols';
import { alpacaNumber, alpacaTimeMs, optionalAlpacaNumber } from './alpaca-values';
import type { AlpacaOrder } from './alpaca-wire-types';

/** One execution as `trade_updates` reported it. */
export interface SeenExecution {
  readonly executionId: string;
  readonly quantity: number;
  readonly price: number;
  /** Venue time, epoch ms. */
  readonly timestampMs: number;
}

interface TrackedOrder {
  readonly brokerOrderId: string;
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  open: boolean;
  readonly executions: SeenExecution[];
  readonly executionIds: Set<string>;
  readonly derived: Fill[];
  /** Notional of every execution reported so far (seen and derived). */
  reportedNotional: number;
  /** The cumulative filled quantity the reported executions add up to. */
  coveredQuantity: number;
}

// Quantities are decimal strings turned into doubles: compare with a tolerance.
const EPSILON = 1e-9;

/**
 * What the connector knows about the orders it has seen: Alpaca id <-> client order id, which are still working,
 * and every execution `trade_updates` delivered.
 *
 * Alpaca's trading REST API (as documented in the reference this connector follows) has no fills endpoint: an
 * order object carries only `filled_qty` and `filled_avg_price`. So reconciliation reports the executions seen on
 * the stream with their real `execution_id`s, plus one derived execution per order for filled quantity the stream
 * never delivered (a fill made while disconnected), with the stable id `<order id>:filled:<cumulative>` and the
 * price that makes the average come out as Alpaca's. An execution that arrives on the stream after a derived one
 * already covered its quantity is then passed on without its fill (its cumulative total still counts), so nothing
 * is booked twice.
 */
export class AlpacaOrderTracker {
  readonly #byBrokerId = new Map<string, TrackedOrder>();
  readonly #brokerIdByClientId = new Map<string, string>();
  readonly #maxClosedOrders: number;
  #closedCount = 0;

  /** @param maxClosedOrders - finished orders kept (oldest forgotten first), bounding memory in long sessions. */
  constructor(maxClosedOrders = 10_000) {
    this.#maxClosedOrders = maxClosedOrders;
  }

  /** Records an order object (from REST or the stream) and whether it is still working. */
  remember(order: AlpacaOrder): void {
    this.#track(order);
  }

  /** The Alpaca id of a client order id, if seen. */
  brokerOrderIdOf(clientOrderId: string): string | undefined {
    return this.#brokerIdByClientId.get(clientOrderId);
  }

  /** The client order id of an Alpaca id, if seen. */
  clientOrderIdOf(brokerOrderId: string): string | undefined {
    return this.#byBrokerId.get(brokerOrderId)?.clientOrderId;
  }

  /** Alpaca ids of the orders last seen working. */
  openBrokerOrderIds(): string[] {
    const ids: string[] = [];
    for (const tracked of this.#byBrokerId.values()) if (tracked.open) ids.push(tracked.brokerOrderId);
    return ids;
  }

  /**
   * Records an execution from `trade_updates` for `order` (the order object as it stood after the execution).
   * Returns false when a derived execution already covered it: pass the event on without its fill.
   */
  recordExecution(order: AlpacaOrder, execution: SeenExecution): boolean {
    const tracked = this.#track(order);
    if (tracked.executionIds.has(execution.executionId)) return true;
    const cumulativeAfter = filledQuantityOf(order);
    if (tracked.derived.length > 0 && cumulativeAfter <= tracked.coveredQuantity + EPSILON) return false;
    tracked.executionIds.add(execution.executionId);
    tracked.executions.push(execution);
    tracked.reportedNotional += execution.quantity * execution.price;
    tracked.coveredQuantity = Math.max(tracked.coveredQuantity + execution.quantity, cumulativeAfter);
    return true;
  }

  /**
   * The executions of `order` for a reconciliation: those seen on the stream at or after `sinceMs` (venue time),
   * plus a derived one for filled quantity the stream never delivered (see the class comment).
   */
  fillsOf(order: AlpacaOrder, sinceMs: number, fallbackTimeMs: number): Fill[] {
    const tracked = this.#track(order);
    const fills: Fill[] = [];
    for (const execution of tracked.executions) {
      if (execution.timestampMs >= sinceMs) fills.push(this.#fill(tracked, execution));
    }
    const filled = filledQuantityOf(order);
    const missing = filled - tracked.coveredQuantity;
    if (missing > EPSILON * Math.max(1, filled)) {
      const price = derivedPrice(order, filled, missing, tracked.reportedNotional);
      if (price !== undefined) {
        const derived = this.#fill(tracked, {
          executionId: `${order.id}:filled:${filled}`,
          quantity: missing,
          price,
          timestampMs: alpacaTimeMs(order.filled_at) ?? alpacaTimeMs(order.updated_at) ?? fallbackTimeMs,
        });
        tracked.derived.push(derived);
        tracked.reportedNotional += missing * price;
        tracked.coveredQuantity = filled;
      }
    }
    fills.push(...tracked.derived);
    return fills;
  }

  #fill(tracked: TrackedOrder, execution: SeenExecution): Fill {
    return {
      executionId: execution.executionId,
      clientOrderId: tracked.clientOrderId,
      symbol: tracked.symbol,
      side: tracked.side,
      quantity: execution.quantity,
      price: execution.price,
      timestampMs: execution.timestampMs,
    };
  }

  #track(order: AlpacaOrder): TrackedOrder {
    let tracked = this.#byBrokerId.get(order.id);
    const { status } = statusOfAlpacaOrder(order);
    const open = !['filled', 'canceled', 'expired', 'rejected', 'replaced'].includes(status);
    if (tracked === undefined) {
      tracked = {
        brokerOrderId: order.id,
        clientOrderId: order.client_order_id,
        symbol: fromAlpacaSymbol(order.symbol, order.asset_class),
        side: order.side === 'sell' ? 'sell' : 'buy',
        open,
        executions: [],
        executionIds: new Set(),
        derived: [],
        reportedNotional: 0,
        coveredQuantity: 0,
      };
      this.#byBrokerId.set(order.id, tracked);
      if (!open) this.#closedCount++;
    } else if (tracked.open !== open) {
      this.#closedCount += open ? -1 : 1;
      tracked.open = open;
    }
    this.#brokerIdByClientId.set(order.client_order_id, order.id);
    this.#forgetOldClosed();
    return tracked;
  }

  #forgetOldClosed(): void {
    if (this.#closedCount <= this.#maxClosedOrders) return;
    for (const [brokerOrderId, tracked] of this.#byBrokerId) {
      if (this.#closedCount <= this.#maxClosedOrders) break;
      if (tracked.open) continue;
      this.#byBrokerId.delete(brokerOrderId);
      if (this.#brokerIdByClientId.get(tracked.clientOrderId) === brokerOrderId) {
        this.#brokerIdByClientId.delete(tracked.clientOrderId);
      }
      this.#closedCount--;
    }
  }
}

/** The price of the missing quantity that makes the order's average come out as Alpaca reports it. */
function derivedPrice(
  order: AlpacaOrder,
  filled: number,
  missing: number,
  reportedNotional: number,
): number | undefined {
  const average = alpacaNumber(order.filled_avg_price);
  if (Number.isFinite(average) && average > 0) {
    const price = (average * filled - reportedNotional) / missing;
    // Rounding in Alpaca's average can push a tiny remainder negative; the average is then the honest estimate.
    return Number.isFinite(price) && price > 0 ? price : average;
  }
  return optionalAlpacaNumber(order.limit_price) ?? optionalAlpacaNumber(order.stop_price);
}
