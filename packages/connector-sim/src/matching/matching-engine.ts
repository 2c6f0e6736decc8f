import type { Fill, OrderEvent, OrderRequest, OrderStatus, ReplaceRequest } from '@tickwire/core';
import type { InstrumentTable } from '../market/instrument-table';
import type { MarketListener } from '../market/synthetic-market';
import type { TopOfBook } from '../market/top-of-book';
import { FillJournal } from './fill-journal';
import { OrderValidator } from './order-validation';
import { Portfolio, type PortfolioOptions } from './portfolio';
import { SimOrder } from './sim-order';

/** Options of {@link MatchingEngine}. */
export interface MatchingEngineOptions {
  readonly instruments: InstrumentTable;
  readonly book: TopOfBook;
  /** Receives every order event at the moment the venue produces it, stamped with venue time. */
  readonly onEvent: (event: OrderEvent) => void;
  /** Length of the simulated trading day in ms, aligned to the epoch; `day` orders expire at its end. Default 1 day. */
  readonly tradingDayMs?: number;
  /** Fee per fill as a fraction of its notional, e.g. 0.0001 for 1 bp. Default 0. */
  readonly feeRate?: number;
  /** The account's id, currency and starting cash. */
  readonly account?: Partial<PortfolioOptions>;
  /** Fills kept for reconciliation. Default 100,000. */
  readonly fillHistoryLimit?: number;
  /** Closed orders kept for lookups, idempotent resubmits and reconciliation. Default 10,000. */
  readonly closedOrderLimit?: number;
}

/** What became of a submitted order at the venue. */
export type SubmitOutcome =
  | { readonly outcome: 'accepted'; readonly order: SimOrder }
  | { readonly outcome: 'duplicate'; readonly order: SimOrder }
  | { readonly outcome: 'rejected'; readonly reason: string };

/** What became of a cancel request. `closed` means the order had already filled, canceled or expired. */
export type CancelOutcome =
  | { readonly outcome: 'canceled'; readonly order: SimOrder }
  | { readonly outcome: 'closed'; readonly order: SimOrder }
  | { readonly outcome: 'unknown' };

/** What became of a replace request; on anything but `replaced` the original order is untouched. */
export type ReplaceOutcome =
  | { readonly outcome: 'replaced'; readonly order: SimOrder }
  | { readonly outcome: 'closed'; readonly order: SimOrder }
  | { readonly outcome: 'unknown' }
  | { readonly outcome: 'duplicate'; readonly order: SimOrder }
  | { readonly outcome: 'rejected'; readonly reason: string };

/**
 * The simulated venue's matching engine: market, limit, stop and stop-limit orders against the simulated top of
 * book, with time-in-force, partial fills, cancels, replaces and rejects.
 *
 * How orders fill:
 * - A marketable order (market, limit at or through the far touch, triggered stop) takes liquidity at the far
 *   touch, at that price, up to the size left at the touch and the symbol's `maxFillQuantity`; the rest waits
 *   for the next quote, which replenishes the touch. So large orders fill in pieces.
 * - A resting limit order also fills passively, at its limit price, when a trade prints through it from the
 *   other side (a seller hitting at or below a buy limit), up to the trade's size.
 * - Stops trigger when the far touch reaches the stop price (ask >= stop for a buy, bid <= stop for a sell),
 *   then behave as market (stop) or limit (stop-limit) orders.
 * - `ioc` fills what it can at once and cancels the rest; `fok` fills entirely at once or is canceled;
 *   `day` expires at the end of the trading day, `gtd` at `expireAtMs`, `gtc` never.
 *
 * The engine is synchronous and clock-free: callers pass venue time in. Latency, disconnects and other faults
 * belong to the layer that carries its events to the client.
 */
export class MatchingEngine implements MarketListener {
  /** Cash and positions. */
  readonly portfolio: Portfolio;
  /** Every execution, for reconciliation. */
  readonly fills: FillJournal;
  private readonly instruments: InstrumentTable;
  private readonly book: TopOfBook;
  private readonly onEvent: (event: OrderEvent) => void;
  private readonly validator: OrderValidator;
  private readonly feeRate: number;
  private readonly closedOrderLimit: number;
  private readonly orders = new Map<string, SimOrder>();
  /** Open orders per symbol index, in time priority. */
  private readonly working: SimOrder[][];
  private readonly maxFillSteps: Float64Array;
  private readonly closedOrderIds: string[] = [];
  private orderSequence = 0;
  /**
   * Venue time of the matching pass in progress. A field, not an argument, on the per-quote path: V8 boxes a
   * double passed to a call it did not inline.
   */
  private timeMs = 0;
  private nextExpiryMs = Number.POSITIVE_INFINITY;

  /** @param options - instruments, book, event sink and account settings. */
  constructor(options: MatchingEngineOptions) {
    this.instruments = options.instruments;
    this.book = options.book;
    this.onEvent = options.onEvent;
    this.feeRate = options.feeRate ?? 0;
    this.closedOrderLimit = options.closedOrderLimit ?? 10_000;
    const tradingDayMs = options.tradingDayMs ?? 86_400_000;
    if (!(tradingDayMs > 0)) throw new RangeError(`tradingDayMs must be > 0, got ${tradingDayMs}.`);
    this.validator = new OrderValidator(this.instruments, this.book, tradingDayMs);
    this.portfolio = new Portfolio(this.instruments, this.book, {
      accountId: options.account?.accountId ?? 'SIM-ACCOUNT',
      currency: options.account?.currency ?? 'USD',
      startingCash: options.account?.startingCash ?? 1_000_000,
    });
    this.fills = new FillJournal(options.fillHistoryLimit);
    this.working = this.instruments.specs.map(() => []);
    this.maxFillSteps = new Float64Array(this.instruments.size);
    this.instruments.specs.forEach((spec, index) => {
      const cap = spec.maxFillQuantity;
      this.maxFillSteps[index] =
        cap === undefined ? Number.POSITIVE_INFINITY : Math.max(1, this.instruments.quantityGrid(index).toSteps(cap));
    });
  }

  /** The order with this client order id, open or recently closed. */
  getOrder(clientOrderId: string): SimOrder | undefined {
    return this.orders.get(clientOrderId);
  }

  /** Open orders, oldest first within each symbol. */
  openOrders(): SimOrder[] {
    return this.working.flat().filter((order) => order.isOpen);
  }

  /** Orders (open or closed) whose state changed at or after `sinceMs`. */
  ordersUpdatedSince(sinceMs: number): SimOrder[] {
    return [...this.orders.values()].filter((order) => order.updatedAtMs >= sinceMs);
  }

  /**
   * Accepts or refuses a new order at venue time `nowMs`. An accepted order is reported `new` and may fill at
   * once. A refused one is not reported: the venue answers the request with the reason, which the connector turns
   * into a rejected promise. A client order id the venue already holds is not a new order: the existing one is
   * returned and nothing is reported (an idempotent retry).
   *
   * @param rejectAfterAccepting - a scripted fault: a valid order is taken (and stored) but reported `rejected`
   *   with this reason instead of going live, the way some brokers reject asynchronously.
   */
  submit(request: OrderRequest, nowMs: number, rejectAfterAccepting?: string): SubmitOutcome {
    const existing = this.orders.get(request.clientOrderId);
    if (existing !== undefined) return { outcome: 'duplicate', order: existing };
    const check = this.validator.check(request, this.nextBrokerOrderId(), nowMs);
    if (!check.ok) return { outcome: 'rejected', reason: check.reason };
    const order = new SimOrder(check.fields);
    if (order.postOnly && this.isMarketable(order)) {
      return { outcome: 'rejected', reason: postOnlyReason(order) };
    }
    this.orders.set(order.clientOrderId, order);
    if (rejectAfterAccepting !== undefined) this.close(order, 'rejected', nowMs, rejectAfterAccepting);
    else this.activate(order, nowMs);
    return { outcome: 'accepted', order };
  }

  /** Cancels an open order at venue time `nowMs`, reporting `canceled`. */
  cancel(clientOrderId: string, nowMs: number): CancelOutcome {
    const order = this.orders.get(clientOrderId);
    if (order === undefined) return { outcome: 'unknown' };
    if (!order.isOpen) return { outcome: 'closed', order };
    this.close(order, 'canceled', nowMs, 'canceled on request');
    this.compact(order.symbolIndex);
    return { outcome: 'canceled', order };
  }

  /**
   * Cancel/replace at venue time `nowMs`: the original is reported `replaced` (naming the new id) and a new
   * order under `newClientOrderId` is reported `new`, keeping symbol, side and type. Fills so far stay with the
   * original; the new order's quantity defaults to the original's unfilled remainder. A refused replacement
   * leaves the original untouched and reports nothing.
   */
  replace(request: ReplaceRequest, nowMs: number): ReplaceOutcome {
    const original = this.orders.get(request.clientOrderId);
    if (original === undefined) return { outcome: 'unknown' };
    if (!original.isOpen) return { outcome: 'closed', order: original };
    const clash = this.orders.get(request.newClientOrderId);
    if (clash !== undefined) return { outcome: 'duplicate', order: clash };
    const check = this.validator.checkReplace(original, request, this.nextBrokerOrderId(), nowMs);
    if (!check.ok) return { outcome: 'rejected', reason: check.reason };
    const replacement = new SimOrder(check.fields);
    if (replacement.postOnly && this.isMarketable(replacement)) {
      return { outcome: 'rejected', reason: postOnlyReason(replacement) };
    }
    this.close(original, 'replaced', nowMs, undefined, request.newClientOrderId);
    this.compact(original.symbolIndex);
    this.orders.set(replacement.clientOrderId, replacement);
    this.activate(replacement, nowMs);
    return { outcome: 'replaced', order: replacement };
  }

  /** {@inheritDoc MarketListener.onQuote} */
  onQuote(symbolIndex: number): void {
    const list = this.working[symbolIndex]!;
    if (list.length === 0) return;
    this.timeMs = this.book.quoteTimeMs[symbolIndex]!;
    for (let index = 0; index < list.length; index++) this.takeLiquidity(list[index]!);
    this.compact(symbolIndex);
  }

  /** {@inheritDoc MarketListener.onTrade} */
  onTrade(symbolIndex: number, aggressorSide: number): void {
    const list = this.working[symbolIndex]!;
    if (list.length === 0) return;
    const price = this.book.lastTrade[symbolIndex]!;
    const venueTimeMs = this.book.lastTradeTimeMs[symbolIndex]!;
    const grid = this.instruments.quantityGrid(symbolIndex);
    let remainingSteps = Math.floor(this.book.lastTradeSize[symbolIndex]! / grid.increment + 1e-9);
    const tolerance = this.instruments.priceGrid(symbolIndex).increment * 1e-6;
    for (let index = 0; index < list.length && remainingSteps > 0; index++) {
      const order = list[index]!;
      const limit = order.workingLimitPrice;
      if (!order.isOpen || order.sideSign === aggressorSide || Number.isNaN(limit)) continue;
      const throughLimit = order.sideSign === 1 ? price <= limit + tolerance : price >= limit - tolerance;
      if (!throughLimit) continue;
      const steps = Math.min(order.leavesSteps, remainingSteps, this.maxFillSteps[symbolIndex]!);
      this.execute(order, steps, limit, venueTimeMs);
      remainingSteps -= steps;
    }
    this.compact(symbolIndex);
  }

  /** Expires `day` and `gtd` orders whose time has come. Cheap when none is due. */
  expireDue(nowMs: number): void {
    if (nowMs < this.nextExpiryMs) return;
    let nextExpiryMs = Number.POSITIVE_INFINITY;
    for (let symbolIndex = 0; symbolIndex < this.working.length; symbolIndex++) {
      for (const order of this.working[symbolIndex]!) {
        if (order.expireAtMs <= nowMs) this.close(order, 'expired', nowMs, `${order.timeInForce} order expired`);
        else nextExpiryMs = Math.min(nextExpiryMs, order.expireAtMs);
      }
      this.compact(symbolIndex);
    }
    this.nextExpiryMs = nextExpiryMs;
  }

  private nextBrokerOrderId(): string {
    this.orderSequence++;
    return `SIM-${this.orderSequence}`;
  }

  /** Brings a new order live: `new`, immediate execution, time-in-force, then resting. */
  private activate(order: SimOrder, nowMs: number): void {
    this.timeMs = nowMs;
    this.report(order, 'new', nowMs);
    if (order.timeInForce === 'fok') {
      if (this.isMarketable(order) && this.takeableSteps(order) >= order.leavesSteps) this.takeLiquidity(order);
      else this.close(order, 'canceled', nowMs, 'fok: not enough liquidity to fill the whole quantity at once');
      return;
    }
    this.takeLiquidity(order);
    if (!order.isOpen) return;
    if (order.timeInForce === 'ioc') {
      this.close(order, 'canceled', nowMs, 'ioc: unfilled remainder canceled');
      return;
    }
    this.working[order.symbolIndex]!.push(order);
    this.nextExpiryMs = Math.min(this.nextExpiryMs, order.expireAtMs);
  }

  /** Triggers stops, and fills a marketable order against the far touch as far as liquidity allows. */
  private takeLiquidity(order: SimOrder): void {
    const nowMs = this.timeMs;
    if (!order.isOpen) return;
    const symbolIndex = order.symbolIndex;
    if ((order.type === 'stop' || order.type === 'stop_limit') && !order.triggered) {
      const reached =
        order.sideSign === 1
          ? this.book.ask[symbolIndex]! >= order.stopPrice
          : this.book.bid[symbolIndex]! <= order.stopPrice;
      if (!reached) return;
      order.triggered = true;
      order.updatedAtMs = nowMs;
    }
    if (!this.isMarketable(order)) return;
    const steps = Math.min(order.leavesSteps, this.takeableSteps(order));
    if (steps <= 0) return;
    const grid = this.instruments.quantityGrid(symbolIndex);
    if (order.sideSign === 1) {
      this.execute(order, steps, this.book.ask[symbolIndex]!, nowMs);
      this.book.availableAsk[symbolIndex] = grid.toValue(
        Math.max(0, grid.toSteps(this.book.availableAsk[symbolIndex]!) - steps),
      );
    } else {
      this.execute(order, steps, this.book.bid[symbolIndex]!, nowMs);
      this.book.availableBid[symbolIndex] = grid.toValue(
        Math.max(0, grid.toSteps(this.book.availableBid[symbolIndex]!) - steps),
      );
    }
  }

  /** True when the order may trade at the far touch now (untriggered stops never are). */
  private isMarketable(order: SimOrder): boolean {
    if ((order.type === 'stop' || order.type === 'stop_limit') && !order.triggered) return false;
    const limit = order.workingLimitPrice;
    if (Number.isNaN(limit)) return true;
    const tolerance = this.instruments.priceGrid(order.symbolIndex).increment * 1e-6;
    return order.sideSign === 1
      ? this.book.ask[order.symbolIndex]! <= limit + tolerance
      : this.book.bid[order.symbolIndex]! >= limit - tolerance;
  }

  /** Quantity steps the order could take at the far touch now. */
  private takeableSteps(order: SimOrder): number {
    const symbolIndex = order.symbolIndex;
    const available =
      order.sideSign === 1 ? this.book.availableAsk[symbolIndex]! : this.book.availableBid[symbolIndex]!;
    const steps = Math.floor(available / this.instruments.quantityGrid(symbolIndex).increment + 1e-9);
    return Math.min(steps, this.maxFillSteps[symbolIndex]!);
  }

  /** One execution: books it, journals it and reports it with incremental and cumulative quantities. */
  private execute(order: SimOrder, steps: number, price: number, nowMs: number): void {
    const quantity = order.quantityGrid.toValue(steps);
    const fee = this.feeRate * quantity * price;
    order.filledSteps += steps;
    order.filledNotional += quantity * price;
    order.fillCount++;
    order.updatedAtMs = nowMs;
    this.portfolio.applyFill(order.symbolIndex, order.sideSign, steps, price, fee);
    const fill: Fill = {
      executionId: `${order.brokerOrderId}-${order.fillCount}`,
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      quantity,
      price,
      fee,
      timestampMs: nowMs,
    };
    this.fills.record(fill);
    order.status = order.leavesSteps === 0 ? 'filled' : 'partially-filled';
    if (order.status === 'filled') this.retire(order);
    this.report(order, order.status, nowMs, undefined, fill);
  }

  /** Moves an open order to a closed status and reports it. */
  private close(
    order: SimOrder,
    status: OrderStatus,
    nowMs: number,
    reason?: string,
    replacedByClientOrderId?: string,
  ): void {
    order.status = status;
    order.updatedAtMs = nowMs;
    this.retire(order);
    this.report(order, status, nowMs, reason, undefined, replacedByClientOrderId);
  }

  private report(
    order: SimOrder,
    status: OrderStatus,
    nowMs: number,
    reason?: string,
    fill?: Fill,
    replacedByClientOrderId?: string,
  ): void {
    const averageFillPrice = order.averageFillPrice;
    this.onEvent({
      clientOrderId: order.clientOrderId,
      brokerOrderId: order.brokerOrderId,
      status,
      brokerStatus: status,
      ...(fill === undefined ? {} : { fill }),
      cumulativeQuantity: order.filledQuantity,
      leavesQuantity: order.leavesQuantity,
      ...(averageFillPrice === undefined ? {} : { averageFillPrice }),
      ...(replacedByClientOrderId === undefined ? {} : { replacedByClientOrderId }),
      ...(reason === undefined ? {} : { reason }),
      timestampMs: nowMs,
    });
  }

  /** Remembers a closed order for lookups, forgetting the oldest beyond the limit. */
  private retire(order: SimOrder): void {
    this.closedOrderIds.push(order.clientOrderId);
    if (this.closedOrderIds.length > this.closedOrderLimit) {
      const forgotten = this.closedOrderIds.shift()!;
      if (this.orders.get(forgotten)?.isOpen === false) this.orders.delete(forgotten);
    }
  }

  /** Drops closed orders from a symbol's working list, in place. */
  private compact(symbolIndex: number): void {
    const list = this.working[symbolIndex]!;
    let kept = 0;
    for (let index = 0; index < list.length; index++) {
      const order = list[index]!;
      if (order.isOpen) list[kept++] = order;
    }
    list.length = kept;
  }
}

function postOnlyReason(order: SimOrder): string {
  return `post-only ${order.side} limit ${order.limitPrice} would take liquidity now; price it behind the touch.`;
}
