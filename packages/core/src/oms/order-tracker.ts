import type { Fill, OrderEvent } from '../domain/order-event';
import type { OrderRequest } from '../domain/order-request';
import type { OrderSnapshot } from '../domain/order-snapshot';
import { isTerminalStatus, type OrderStatus } from '../domain/order-status';
import type { ListenerRegistry } from '../feed/listener-registry';
import { DEFAULT_ACCOUNT } from '../risk/portfolio-view';
import { FillOutcome } from './fill-ledger';
import type { OrderManagerEvents, OrderManagerStats, OrderUpdateCause } from './order-manager-events';
import { OrderRecord } from './order-record';
import { transitionRefusal } from './order-transitions';
import type { PositionBook } from './position-book';

const FILLED_EPSILON = 1e-9;
const NOTIONAL_EPSILON = 1e-12;

/**
 * The order manager's state: every order by client order id, and the rules that apply broker information to it.
 * Each change keeps three things consistent: the order's status (only through allowed transitions), its fills
 * (through its {@link OrderFillLedger}) and the positions' open-order and fill figures.
 */
export class OrderTracker {
  readonly orders = new Map<string, OrderRecord>();

  constructor(
    readonly positions: PositionBook,
    private readonly listeners: ListenerRegistry<OrderManagerEvents>,
    readonly stats: OrderManagerStats,
  ) {}

  /** Creates and registers the record for a request about to be sent, and announces it. */
  addFromRequest(request: OrderRequest, status: OrderStatus, nowMs: number, cause: OrderUpdateCause): OrderRecord {
    const record = new OrderRecord(
      request.clientOrderId,
      request.account ?? DEFAULT_ACCOUNT,
      request.symbol,
      request.side,
      request.type,
      request.timeInForce,
      request.quantity ?? 0,
      request.limitPrice,
      request.stopPrice,
      status,
      false,
      request,
      nowMs,
    );
    this.register(record);
    this.listeners.emit('order', { order: record, previousStatus: status, cause });
    return record;
  }

  /** Adopts an order found at the broker that this manager did not submit. */
  adoptSnapshot(snapshot: OrderSnapshot, account: string): OrderRecord {
    const record = new OrderRecord(
      snapshot.clientOrderId,
      account,
      snapshot.symbol,
      snapshot.side,
      snapshot.type,
      snapshot.timeInForce,
      snapshot.quantity,
      snapshot.limitPrice,
      snapshot.stopPrice,
      'unknown',
      true,
      undefined,
      snapshot.createdAtMs,
    );
    record.brokerOrderId = snapshot.brokerOrderId;
    this.register(record);
    this.reportAnomaly(
      'external-order',
      snapshot.clientOrderId,
      `broker lists ${snapshot.symbol} ${snapshot.side} order`,
    );
    return record;
  }

  /** Adopts an order known only by a fill; its quantity grows with its fills and it counts as filled. */
  adoptFill(fill: Fill, account: string): OrderRecord {
    const record = new OrderRecord(
      fill.clientOrderId,
      account,
      fill.symbol,
      fill.side,
      'market',
      'day',
      0,
      undefined,
      undefined,
      'unknown',
      true,
      undefined,
      fill.timestampMs,
    );
    this.register(record);
    this.reportAnomaly('external-order', fill.clientOrderId, `a fill (${fill.executionId}) for an order not sent here`);
    return record;
  }

  /** Forgets an order whose request never left (so its id can be sent again). */
  remove(record: OrderRecord): void {
    this.orders.delete(record.clientOrderId);
    this.setOpenContribution(record, false, 0);
  }

  /**
   * Applies one broker event: fills first (execution, then cumulative total, then the total implied by a `filled`
   * status), then the status, then any status the fills imply. Returns false for an event about an order this
   * manager does not know and cannot adopt.
   */
  applyEvent(event: OrderEvent, cause: OrderUpdateCause, account: string = DEFAULT_ACCOUNT): boolean {
    this.stats.brokerEvents++;
    let record = this.orders.get(event.clientOrderId);
    if (record === undefined) {
      if (event.fill === undefined) {
        this.stats.orphanEvents++;
        this.reportAnomaly('orphan-event', event.clientOrderId, `${event.status} event for an order not known here`);
        return false;
      }
      record = this.adoptFill(event.fill, account);
    }
    const statusBefore = record.status;
    const filledBefore = record.fills.filledQuantity;
    const notionalBefore = record.fills.filledNotional;
    if (event.brokerOrderId !== undefined && record.brokerOrderId === undefined)
      record.brokerOrderId = event.brokerOrderId;
    if (event.brokerStatus !== undefined) record.brokerStatus = event.brokerStatus;
    if (event.reason !== undefined) record.lastReason = event.reason;
    if (event.replacedByClientOrderId !== undefined) record.replacedByClientOrderId = event.replacedByClientOrderId;
    if (event.fill !== undefined) this.applyExecution(record, event.fill, cause);
    const total =
      event.cumulativeQuantity ?? (event.status === 'filled' && record.quantity > 0 ? record.quantity : undefined);
    if (total !== undefined) this.applyCumulative(record, total, event.averageFillPrice ?? Number.NaN, cause);
    const changed = this.transition(record, this.normalizedTarget(record, event.status), cause, event.brokerStatus);
    this.progressFromFills(record, cause);
    if (changed || record.status !== statusBefore) record.updatedAtMs = event.timestampMs;
    const nothingNew =
      record.status === statusBefore &&
      record.fills.filledQuantity === filledBefore &&
      record.fills.filledNotional === notionalBefore;
    if (nothingNew) this.stats.duplicateEvents++;
    return true;
  }

  /** Counts one real execution for the order (once per execution id). */
  applyExecution(record: OrderRecord, fill: Fill, cause: OrderUpdateCause): boolean {
    if (fill.symbol !== record.symbol || fill.side !== record.side) {
      this.reportAnomaly(
        'fill-mismatch',
        record.clientOrderId,
        `execution ${fill.executionId} is ${fill.symbol} ${fill.side}, order is ${record.symbol} ${record.side}`,
      );
    }
    const fee = fill.fee ?? 0;
    const outcome = record.fills.applyExecution(fill.executionId, fill.quantity, fill.price, fee);
    if (outcome === FillOutcome.ALREADY_KNOWN) {
      this.stats.duplicateFills++;
      return false;
    }
    if (outcome === FillOutcome.INVALID) {
      this.reportAnomaly(
        'invalid-fill',
        record.clientOrderId,
        `execution ${fill.executionId}: ${fill.quantity} @ ${fill.price}`,
      );
      return false;
    }
    if (record.external && record.fills.filledQuantity > record.quantity) record.quantity = record.fills.filledQuantity;
    this.bookFill(record, fill.executionId, fill.quantity, fill.price, fee, cause);
    return true;
  }

  /** Takes a cumulative filled total for the order (see {@link OrderFillLedger.applyCumulative}). */
  applyCumulative(record: OrderRecord, total: number, averagePrice: number, cause: OrderUpdateCause): boolean {
    const outcome = record.fills.applyCumulative(total, averagePrice, this.estimatePrice(record));
    if (outcome === FillOutcome.INVALID) {
      this.reportAnomaly('invalid-fill', record.clientOrderId, `cumulative quantity ${total}`);
      return false;
    }
    if (outcome !== FillOutcome.APPLIED) return false;
    if (record.fills.quantityDelta > 0) this.stats.syntheticFills++;
    this.bookFill(record, undefined, 0, Number.NaN, 0, cause);
    return true;
  }

  /**
   * Moves the order to `to` if the transition table allows it; otherwise counts and reports the refusal and leaves
   * the order as it was. Returns true when the status changed.
   */
  transition(
    record: OrderRecord,
    to: OrderStatus,
    cause: OrderUpdateCause,
    brokerStatus?: string,
    reason?: string,
  ): boolean {
    const from = record.status;
    if (from === to) return false;
    const refusal = transitionRefusal(from, to);
    if (refusal !== undefined) {
      this.stats.refusedTransitions[refusal]++;
      this.listeners.emit('transition-refused', { order: record, from, to, reason: refusal, cause, brokerStatus });
      return false;
    }
    if (to === 'pending-cancel' || to === 'pending-replace') {
      if (from !== 'pending-cancel' && from !== 'pending-replace') record.statusBeforePending = from;
    }
    if (to !== 'pending-new' && to !== 'unknown' && to !== 'rejected') record.acknowledged = true;
    if (reason !== undefined) record.lastReason = reason;
    record.status = to;
    if (isTerminalStatus(to)) {
      this.stats.finalStates[to as keyof OrderManagerStats['finalStates']]++;
      this.settlePricesIfFinal(record);
    }
    this.refreshOpen(record);
    this.listeners.emit('order', { order: record, previousStatus: from, cause });
    return true;
  }

  /** Moves a live order to what its fills imply: fully filled means `filled`, any fill means at least partial. */
  progressFromFills(record: OrderRecord, cause: OrderUpdateCause): void {
    if (isTerminalStatus(record.status)) return;
    const filled = record.fills.filledQuantity;
    if (record.quantity > 0 && filled >= record.quantity * (1 - FILLED_EPSILON)) {
      this.transition(record, 'filled', cause);
    } else if (
      filled > 0 &&
      (record.status === 'pending-new' || record.status === 'new' || record.status === 'unknown')
    ) {
      this.transition(record, 'partially-filled', cause);
    }
  }

  /** Recomputes the order's share of its position's open quantity and its account's open-order count. */
  refreshOpen(record: OrderRecord): void {
    const open = !isTerminalStatus(record.status);
    const remaining = open ? Math.max(0, record.quantity - record.fills.filledQuantity) : 0;
    this.setOpenContribution(record, open, remaining);
  }

  private register(record: OrderRecord): void {
    this.orders.set(record.clientOrderId, record);
    this.refreshOpen(record);
  }

  private setOpenContribution(record: OrderRecord, open: boolean, remaining: number): void {
    const countDelta = (open ? 1 : 0) - (record.countedOpen ? 1 : 0);
    const quantityDelta = remaining - record.countedOpenQuantity;
    if (countDelta === 0 && quantityDelta === 0) return;
    record.countedOpen = open;
    record.countedOpenQuantity = remaining;
    this.positions.adjustOpenOrders(record.account, record.symbol, record.side, quantityDelta, countDelta);
  }

  private normalizedTarget(record: OrderRecord, status: OrderStatus): OrderStatus {
    // A terminal order keeps the event's own status, so a late event is refused and reported, not disguised.
    if (isTerminalStatus(record.status)) return status;
    if (status !== 'new' && status !== 'partially-filled' && status !== 'pending-new') return status;
    const filled = record.fills.filledQuantity;
    if (record.quantity > 0 && filled >= record.quantity * (1 - FILLED_EPSILON)) return 'filled';
    if (filled > 0 && status !== 'partially-filled') return 'partially-filled';
    return status;
  }

  // The best price for synthetic quantity no broker average covers: limit, then executions' average, then quote.
  private estimatePrice(record: OrderRecord): number {
    if (record.limitPrice !== undefined) return record.limitPrice;
    const fills = record.fills;
    if (fills.realQuantity > 0) return fills.realNotional / fills.realQuantity;
    const mark = this.positions.symbolExposure(record.account, record.symbol).markPrice();
    if (mark > 0) return mark;
    return record.stopPrice ?? Number.NaN;
  }

  /**
   * Books what the ledger's last call changed into the position. New quantity is booked at its own price: the
   * execution's, or for synthetic quantity the ledger's estimate, marked as estimated. Whatever else the notional
   * moved is a correction of the order's estimated fills, which the position books as if those fills had carried
   * the corrected price from the start (so realized PnL of later closes moves too, not just today's cost basis).
   */
  private bookFill(
    record: OrderRecord,
    executionId: string | undefined,
    executionQuantity: number,
    executionPrice: number,
    fee: number,
    cause: OrderUpdateCause,
  ): void {
    const ledger = record.fills;
    const quantity = ledger.quantityDelta;
    const notional = ledger.notionalDelta;
    let price = executionPrice;
    let correction = notional;
    if (quantity > 0) {
      // An execution only adds quantity once it has overtaken every total, so the new units are its own.
      const synthetic = executionId === undefined;
      const syntheticPrice = ledger.syntheticPrice;
      price = synthetic ? (Number.isNaN(syntheticPrice) ? notional / quantity : syntheticPrice) : executionPrice;
      correction = notional - quantity * price;
      this.positions.bookOrderFill(
        record.account,
        record.symbol,
        record.side,
        record.clientOrderId,
        quantity,
        quantity * price,
        fee,
        synthetic,
      );
    }
    // Float noise of the split is not a correction worth a replay.
    const noise = NOTIONAL_EPSILON * Math.max(Math.abs(notional), 1);
    const chargedFee = quantity > 0 ? 0 : fee;
    if (Math.abs(correction) > noise || chargedFee !== 0) {
      this.positions.correctOrderFill(
        record.account,
        record.symbol,
        record.side,
        record.clientOrderId,
        Math.abs(correction) > noise ? correction : 0,
        chargedFee,
      );
    }
    this.settlePricesIfFinal(record);
    if (record.quantity > 0 && ledger.filledQuantity > record.quantity * (1 + FILLED_EPSILON)) {
      this.reportAnomaly('overfill', record.clientOrderId, `filled ${ledger.filledQuantity} of ${record.quantity}`);
    }
    this.refreshOpen(record);
    this.listeners.emit('fill', {
      order: record,
      executionId,
      quantity,
      price,
      notionalDelta: notional,
      confirmedQuantity: executionId === undefined ? 0 : executionQuantity - quantity,
      synthetic: executionId === undefined,
      fee,
      cause,
    });
    this.listeners.emit('order', { order: record, previousStatus: record.status, cause });
  }

  /**
   * Tells the position when nothing can re-price the order's booked fills any more: every unit is a real execution,
   * or the order is final and the broker's average covers its whole total.
   */
  private settlePricesIfFinal(record: OrderRecord): void {
    const ledger = record.fills;
    if (ledger.filledQuantity === 0) return;
    if (ledger.allReal || (isTerminalStatus(record.status) && ledger.averageCoversFilled)) {
      this.positions.settleOrderFills(record.account, record.symbol, record.clientOrderId);
    }
  }

  /** Emits an `anomaly` event. */
  reportAnomaly(kind: OrderManagerEvents['anomaly']['kind'], clientOrderId: string, detail: string): void {
    this.listeners.emit('anomaly', { kind, clientOrderId, detail });
  }
}
