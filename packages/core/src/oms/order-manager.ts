import type { OrderEvent } from '../domain/order-event';
import type { OrderRequest, ReplaceRequest } from '../domain/order-request';
import { isTerminalStatus, type OrderStatus } from '../domain/order-status';
import { LastQuoteBook, type LastQuoteSource } from '../feed/last-quote-book';
import { type ListenerErrorHandler, ListenerRegistry } from '../feed/listener-registry';
import type { KillSwitchTarget } from '../risk/kill-switch';
import {
  createOrderManagerStats,
  type OrderManagerEvents,
  type OrderManagerStats,
  type ReconciliationSummary,
} from './order-manager-events';
import {
  type BrokerReconciliationState,
  type CancelOutcome,
  classifyTransmitError,
  type MissingOrderPolicy,
  type OrderTransmitter,
  type PreTransmitGate,
  type ReconciliationSource,
  type SubmitOutcome,
  type TransmitErrorClassifier,
} from './order-manager-types';
import { applyBrokerState } from './order-reconciler';
import type { ManagedOrder } from './order-record';
import { OrderTracker } from './order-tracker';
import { PositionBook } from './position-book';
import { TransmissionHandler } from './transmission-handler';

/** Order-manager settings. */
export interface OrderManagerOptions {
  /** A name for reports and the kill switch's results, e.g. the connector's name. */
  readonly name?: string;
  /** The wire to the broker (a connector, through the runtime). */
  readonly transmitter: OrderTransmitter;
  /** The check run immediately before every transmission: normally the `RiskGate`. */
  readonly gate?: PreTransmitGate;
  /** Positions to keep; pass the same book to the `RiskGate` as its portfolio. Default: a new one on `quotes`. */
  readonly positions?: PositionBook;
  /** Last quotes for marking positions, used when `positions` is not given. */
  readonly quotes?: LastQuoteSource;
  /** Epoch milliseconds. Default `Date.now`. */
  readonly clock?: () => number;
  /** How transmit errors are read. Default {@link classifyTransmitError}. */
  readonly classifyTransmitError?: TransmitErrorClassifier;
  /** What reconciliation does with orders the broker no longer lists. Default `resolve`. */
  readonly missingOrderPolicy?: MissingOrderPolicy;
  /** New orders held during reconciliation, at most; more are refused as retryable. Default 1000. */
  readonly maxHeldOrders?: number;
  /**
   * How far before the last broker event {@link OrderManager.reconcile} asks for fills (a margin for clock skew and
   * events delivered out of order). Default 5 minutes.
   */
  readonly reconciliationLookbackMs?: number;
  readonly onListenerError?: ListenerErrorHandler;
}

/** What {@link OrderManager.cancelAllOpenOrders} did. */
export interface CancelAllReport {
  /** Open orders a cancel was attempted for. */
  readonly requested: number;
  readonly outcomes: readonly CancelOutcome[];
  /** Orders held during reconciliation that were dropped instead of sent. */
  readonly droppedHeldOrders: number;
}

/** Where the manager stands with reconciliation. */
export type ReconciliationState = 'idle' | 'reconciling' | 'required';

/**
 * The order manager (OMS): the single place that turns order intents into broker requests and broker events into
 * order state, positions and PnL. One per connector; it is also that connector's kill-switch target.
 *
 * - Idempotent submits: the first `submit` for a client order id is sent; any later call with that id returns the
 *   first call's outcome (the same promise) without sending again. Outcomes where nothing can have reached the
 *   broker (`denied` by the gate, `refused`) are not remembered, so a retry is checked afresh.
 * - A validated state machine ({@link ORDER_TRANSITIONS}): a refused transition is counted, reported as a
 *   `transition-refused` event and not applied. Duplicate, late and out-of-order events are tolerated.
 * - Fills from executions and from cumulative totals are reconciled per order ({@link OrderFillLedger}).
 * - Reconciliation after a reconnect: {@link OrderManager.beginReconciliation} holds new orders and replaces in a
 *   FIFO queue (their promises resolve when they are finally sent; beyond `maxHeldOrders` they are refused as
 *   retryable). Cancels are never held: they only reduce risk. {@link OrderManager.applyReconciliation} recovers
 *   fills and states and releases the queue. {@link OrderManager.abortReconciliation} refuses the held orders as
 *   retryable and refuses new ones until a reconciliation succeeds.
 *
 * @example
 * ```ts
 * const positions = new PositionBook(quotes);
 * const gate = new RiskGate({ limits, instruments, portfolio: positions, quotes, feedHealth });
 * const oms = new OrderManager({ transmitter: connector, gate, positions });
 * oms.on('order', ({ order }) => bridge.publishOrderUpdate(toOrderSnapshot(order)));
 * connector.onOrderEvent((event) => oms.onOrderEvent(event));
 * const outcome = await oms.submit({ clientOrderId: 'intent-42', symbol: 'AAPL', side: 'buy', type: 'limit',
 *   timeInForce: 'day', quantity: 10, limitPrice: 189.5 });
 * ```
 */
export class OrderManager implements KillSwitchTarget {
  /** The name given in the options, if any. */
  readonly name: string | undefined;
  /** Positions and PnL, by account and symbol (also the risk gate's portfolio view). */
  readonly positions: PositionBook;
  /** Running counts; read-only for callers. */
  readonly stats: OrderManagerStats = createOrderManagerStats();
  private readonly listeners: ListenerRegistry<OrderManagerEvents>;
  private readonly tracker: OrderTracker;
  private readonly wire: TransmissionHandler;
  private readonly clock: () => number;
  private readonly missingOrderPolicy: MissingOrderPolicy;
  private readonly lookbackMs: number;
  private lastBrokerEventMs = Number.NaN;

  constructor(options: OrderManagerOptions) {
    this.name = options.name;
    this.positions = options.positions ?? new PositionBook(options.quotes ?? new LastQuoteBook());
    this.listeners = new ListenerRegistry<OrderManagerEvents>(options.onListenerError);
    this.tracker = new OrderTracker(this.positions, this.listeners, this.stats);
    this.clock = options.clock ?? Date.now;
    this.missingOrderPolicy = options.missingOrderPolicy ?? 'resolve';
    this.lookbackMs = options.reconciliationLookbackMs ?? 300_000;
    this.wire = new TransmissionHandler({
      tracker: this.tracker,
      transmitter: options.transmitter,
      gate: options.gate,
      clock: this.clock,
      classify: options.classifyTransmitError ?? classifyTransmitError,
      maxHeldOrders: options.maxHeldOrders ?? 1000,
    });
  }

  /** Subscribes to order updates, fills, refused transitions, anomalies and reconciliation phases. */
  on<Type extends keyof OrderManagerEvents>(
    type: Type,
    listener: (event: OrderManagerEvents[Type]) => void,
  ): () => void {
    return this.listeners.on(type, listener);
  }

  /** Where the manager stands with reconciliation. */
  get reconciliationState(): ReconciliationState {
    return this.wire.reconciliationState;
  }

  /** Sends a new order, once per client order id (see the class notes on idempotency). */
  submit(request: OrderRequest): Promise<SubmitOutcome> {
    return this.wire.submit(request);
  }

  /** Replaces a live order; idempotent on `newClientOrderId`. The outcome is the replacement's. */
  replace(request: ReplaceRequest): Promise<SubmitOutcome> {
    return this.wire.replace(request);
  }

  /**
   * Cancels an order. Cancels pass the gate's cancel check (rate) unless `emergency`; a second cancel while the
   * first is on the wire returns the first's promise. Canceling an order still held for reconciliation drops it.
   */
  cancel(clientOrderId: string, options: { readonly emergency?: boolean } = {}): Promise<CancelOutcome> {
    return this.wire.cancel(clientOrderId, options.emergency ?? false);
  }

  /**
   * The kill switch's sweep: drops held orders and sends an emergency cancel for every open order (including those
   * of unknown outcome, which may be live at the broker).
   */
  async cancelAllOpenOrders(): Promise<CancelAllReport> {
    const droppedHeldOrders = this.wire.dropHeld('the kill switch tripped before the order was sent', false);
    const open = [...this.tracker.orders.values()].filter((order) => !isTerminalStatus(order.status));
    const outcomes = await Promise.all(open.map((order) => this.wire.cancel(order.clientOrderId, true)));
    return { requested: open.length, outcomes, droppedHeldOrders };
  }

  /** The connector's order-event sink: applies one broker event. */
  onOrderEvent(event: OrderEvent): void {
    if (!(event.timestampMs <= this.lastBrokerEventMs)) this.lastBrokerEventMs = event.timestampMs;
    this.tracker.applyEvent(event, 'broker');
  }

  /** The order with this client order id, if known. The live object: copy it to keep it. */
  order(clientOrderId: string): ManagedOrder | undefined {
    return this.tracker.orders.get(clientOrderId);
  }

  /** Every order still open (not terminal), including those of unknown outcome. */
  openOrders(): ManagedOrder[] {
    return [...this.tracker.orders.values()].filter((order) => !isTerminalStatus(order.status));
  }

  /** Every order known, in creation order. */
  allOrders(): ManagedOrder[] {
    return [...this.tracker.orders.values()];
  }

  /** Starts holding new orders and replaces until {@link OrderManager.applyReconciliation}. */
  beginReconciliation(): void {
    this.wire.reconciliationState = 'reconciling';
    this.listeners.emit('reconciliation', { phase: 'begin', summary: undefined, reason: undefined });
  }

  /**
   * Applies the broker's state after a reconnect (see {@link applyBrokerState} for the order of steps), then sends
   * the held orders in arrival order, each through the gate at that moment.
   */
  applyReconciliation(state: BrokerReconciliationState): ReconciliationSummary {
    const partial = applyBrokerState(this.tracker, state, this.missingOrderPolicy, () => undefined);
    for (const clientOrderId of partial.unresolved) {
      this.listeners.emit('anomaly', {
        kind: 'unresolved',
        clientOrderId,
        detail: 'the outcome is still unknown after reconciliation; settle it with resolveUnknown()',
      });
    }
    this.wire.reconciliationState = 'idle';
    const summary: ReconciliationSummary = { ...partial, releasedOrders: this.wire.releaseHeld() };
    this.listeners.emit('reconciliation', { phase: 'end', summary, reason: undefined });
    return summary;
  }

  /** Gives up a reconciliation: held orders are refused as retryable, and so are new ones until the next success. */
  abortReconciliation(reason: string): void {
    this.wire.reconciliationState = 'required';
    this.wire.dropHeld(`reconciliation failed (${reason}); retry once the connection is reconciled`, true);
    this.listeners.emit('reconciliation', { phase: 'abort', summary: undefined, reason });
  }

  /**
   * The whole reconciliation: begin, ask the source for the broker's state since a time, apply it; on failure, abort
   * and rethrow.
   *
   * The window starts at the last broker event received minus the lookback (0 before any event), or at `sinceMs`
   * if that is earlier: a caller can widen the window, never narrow it. Events already on the wire when a
   * connection drops are lost with it, and the fills they carried happened before the drop, so asking only from the
   * moment of the drop would miss them for good.
   */
  async reconcile(source: ReconciliationSource, sinceMs?: number): Promise<ReconciliationSummary> {
    this.beginReconciliation();
    const sinceLastEvent = Number.isNaN(this.lastBrokerEventMs) ? 0 : this.lastBrokerEventMs - this.lookbackMs;
    const since = sinceMs === undefined ? sinceLastEvent : Math.min(sinceMs, sinceLastEvent);
    let state: BrokerReconciliationState;
    try {
      state = await source.reconcile(since);
    } catch (error) {
      this.abortReconciliation(error instanceof Error ? error.message : String(error));
      throw error;
    }
    return this.applyReconciliation(state);
  }

  /**
   * Settles an order of unknown outcome by an operator's word (after checking with the broker by hand). Returns
   * false when the order is not unknown or the status is not reachable.
   */
  resolveUnknown(clientOrderId: string, status: OrderStatus, operator: string): boolean {
    const record = this.tracker.orders.get(clientOrderId);
    if (record === undefined || record.status !== 'unknown') return false;
    return this.tracker.transition(record, status, 'operator', undefined, `resolved by ${operator}`);
  }

  /**
   * Forgets terminal orders last updated before `updatedBeforeMs`, and their remembered submit outcomes, so a
   * long-running process does not grow without bound. Their fills stay in the positions. After this, a retry with
   * one of their ids is no longer recognised here (the gate's duplicate window still catches recent ones), so
   * prune well after any retry could arrive, e.g. once a day. Returns how many orders were forgotten.
   */
  pruneTerminalOrders(updatedBeforeMs: number): number {
    let pruned = 0;
    for (const [clientOrderId, order] of this.tracker.orders) {
      if (!isTerminalStatus(order.status) || !(order.updatedAtMs < updatedBeforeMs)) continue;
      this.tracker.orders.delete(clientOrderId);
      this.wire.forgetOutcome(clientOrderId);
      pruned++;
    }
    return pruned;
  }

  /** Re-marks every account's positions to the last quotes (the runtime calls it on a timer). */
  markToMarket(nowMs: number = this.clock()): void {
    this.positions.markAll(nowMs);
  }

  /** Starts a new trading day for daily PnL and drawdown. */
  startNewDay(nowMs: number = this.clock()): void {
    this.positions.startNewDay(nowMs);
  }
}
