import {
  type Fill,
  type OrderEvent,
  OrderFillLedger,
  type OrderSnapshot,
  type ReconciliationReport,
} from '@tickwire/core';

/**
 * What an order manager would book from a connector's reports, per client order id: core's `OrderFillLedger`
 * behind each order, fed with incremental fills (deduplicated by execution id) and cumulative totals alike.
 *
 * The test kit feeds it every order event and every reconciliation report, then compares its totals with the fake
 * broker's: a fill counted twice (unstable execution ids, a re-sent report) or lost (no reconciliation after a
 * drop) shows as a difference.
 */
export class FillAccumulator {
  readonly #ledgers = new Map<string, OrderFillLedger>();

  /** Books the fill and the cumulative total an order event carries, if any. */
  applyEvent(event: OrderEvent): void {
    if (event.fill !== undefined) this.applyFill(event.fill);
    if (event.cumulativeQuantity !== undefined) {
      this.#ledger(event.clientOrderId).applyCumulative(
        event.cumulativeQuantity,
        event.averageFillPrice ?? Number.NaN,
        event.fill?.price ?? Number.NaN,
      );
    }
  }

  /** Books one execution; a second fill with the same execution id changes nothing. */
  applyFill(fill: Fill): void {
    this.#ledger(fill.clientOrderId).applyExecution(fill.executionId, fill.quantity, fill.price, fill.fee ?? 0);
  }

  /** Books a reconciliation: its fills, then each order's filled total. */
  applyReport(report: ReconciliationReport): void {
    for (const fill of report.fills) this.applyFill(fill);
    for (const order of [...report.openOrders, ...report.closedOrders]) this.applySnapshot(order);
  }

  /** Books an order's filled total as the broker reports it in a snapshot. */
  applySnapshot(order: OrderSnapshot): void {
    if (order.filledQuantity <= 0) return;
    this.#ledger(order.clientOrderId).applyCumulative(
      order.filledQuantity,
      order.averageFillPrice ?? Number.NaN,
      order.limitPrice ?? Number.NaN,
    );
  }

  /** The filled quantity booked for an order (0 when nothing was). */
  filledQuantity(clientOrderId: string): number {
    return this.#ledgers.get(clientOrderId)?.filledQuantity ?? 0;
  }

  /** Sum of the distinct executions booked for an order, without cumulative-only quantity. */
  executedQuantity(clientOrderId: string): number {
    return this.#ledgers.get(clientOrderId)?.realQuantity ?? 0;
  }

  /** Volume-weighted average price of what is booked, `NaN` before any fill. */
  averagePrice(clientOrderId: string): number {
    return this.#ledgers.get(clientOrderId)?.averagePrice ?? Number.NaN;
  }

  /** True when an execution with this id was booked for the order. */
  hasExecution(clientOrderId: string, executionId: string): boolean {
    return this.#ledgers.get(clientOrderId)?.hasExecution(executionId) ?? false;
  }

  #ledger(clientOrderId: string): OrderFillLedger {
    let ledger = this.#ledgers.get(clientOrderId);
    if (ledger === undefined) {
      ledger = new OrderFillLedger();
      this.#ledgers.set(clientOrderId, ledger);
    }
    return ledger;
  }
}
