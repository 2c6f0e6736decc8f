/** What {@link OrderFillLedger.applyExecution} and {@link OrderFillLedger.applyCumulative} did with their input. */
export const FillOutcome = {
  /** The figures changed (read the deltas). */
  APPLIED: 0,
  /** Already known: an execution id seen before, or a cumulative total not above the known one. Nothing changed. */
  ALREADY_KNOWN: 1,
  /** Not usable: a quantity <= 0 or a non-finite number. Nothing changed. */
  INVALID: 2,
} as const;

/** One of {@link FillOutcome}'s values. */
export type FillOutcomeCode = (typeof FillOutcome)[keyof typeof FillOutcome];

// Differences below this fraction of the quantity are float noise (0.1 + 0.2 vs 0.3), not fills.
const RELATIVE_EPSILON = 1e-9;

/**
 * The fills of one order, reconciled across the two ways brokers report them, so that a fill is never counted twice
 * and never lost.
 *
 * Inputs:
 * - an **execution** (`Fill` with an `executionId`): a real, incremental fill. Each id counts once.
 * - a **cumulative** total (`cumulativeQuantity`, optionally with the broker's `averageFillPrice`): the running
 *   filled quantity at the time of the event. Totals are truthful but may arrive late and out of order.
 *
 * The rule: the order's filled quantity is `max(highest cumulative total seen, sum of distinct executions)`.
 * Both terms only grow and neither can exceed the true total, so the figure never double counts; and it reaches the
 * true total as soon as either every execution or the final cumulative total has arrived, so nothing is lost.
 *
 * When the cumulative total is ahead of the executions, the difference is a **synthetic fill**: quantity known from
 * the total, price estimated. Its price comes from the broker's average where given ("average price math": the
 * notional of the total is `total x average`, so the synthetic part costs that minus what the executions cost), else
 * from the caller's best estimate (limit price, last quote). When the real executions arrive later, they replace the
 * synthetic quantity rather than adding to it: the filled quantity stays put and only the notional moves to the true
 * prices. The deltas after each call say exactly how much quantity and notional the order gained (the notional delta
 * of a pure price correction comes with a quantity delta of 0), so positions apply each unit once.
 *
 * Notional is exact once every execution has arrived, or once the final cumulative total with its average has.
 */
export class OrderFillLedger {
  /** Sum of distinct executions. */
  realQuantity = 0;
  realNotional = 0;
  /** Highest cumulative total seen. */
  cumulativeQuantity = 0;
  /** The highest cumulative total that came with an average price, and its notional. */
  anchorQuantity = 0;
  anchorNotional = 0;
  /** Price for synthetic quantity when no average covers it. */
  estimatePrice = Number.NaN;
  /** What the order has booked: `max(cumulativeQuantity, realQuantity)` and its notional. */
  filledQuantity = 0;
  filledNotional = 0;
  /** Fees of the distinct executions. */
  fees = 0;
  /** The change made by the last call that returned APPLIED. */
  quantityDelta = 0;
  notionalDelta = 0;
  private executionIds: Set<string> | undefined;

  /** Volume-weighted average price of what is booked, or `NaN` before the first fill. */
  get averagePrice(): number {
    return this.filledQuantity > 0 ? this.filledNotional / this.filledQuantity : Number.NaN;
  }

  /** Quantity known only from cumulative totals, still waiting for its real executions. */
  get syntheticQuantity(): number {
    return Math.max(this.filledQuantity - this.realQuantity, 0);
  }

  /**
   * The price the synthetic quantity is booked at (the booked notional the executions do not account for, per
   * synthetic unit), or `NaN` when every booked unit is a real execution.
   */
  get syntheticPrice(): number {
    const synthetic = this.filledQuantity - this.realQuantity;
    return synthetic > RELATIVE_EPSILON * Math.max(this.filledQuantity, 1)
      ? (this.filledNotional - this.realNotional) / synthetic
      : Number.NaN;
  }

  /** True when every booked unit is a real execution: nothing can re-price the booked notional any more. */
  get allReal(): boolean {
    return this.filledQuantity - this.realQuantity <= RELATIVE_EPSILON * Math.max(this.filledQuantity, 1);
  }

  /** True when the highest cumulative total with a broker average covers everything booked. */
  get averageCoversFilled(): boolean {
    return this.anchorQuantity >= this.filledQuantity - RELATIVE_EPSILON * Math.max(this.filledQuantity, 1);
  }

  /** True when the execution id has been counted. */
  hasExecution(executionId: string): boolean {
    return this.executionIds?.has(executionId) ?? false;
  }

  /** Counts one real execution, once per id. */
  applyExecution(executionId: string, quantity: number, price: number, fee = 0): FillOutcomeCode {
    if (!(quantity > 0 && quantity < Infinity && price >= 0 && price < Infinity)) return FillOutcome.INVALID;
    this.executionIds ??= new Set();
    if (this.executionIds.has(executionId)) return FillOutcome.ALREADY_KNOWN;
    this.executionIds.add(executionId);
    this.realQuantity += quantity;
    this.realNotional += quantity * price;
    if (Number.isFinite(fee)) this.fees += fee;
    this.recompute();
    return FillOutcome.APPLIED;
  }

  /**
   * Takes a cumulative filled total. A total above the known one books the difference as a synthetic fill; a total
   * equal to the known one with a (new) average refines the notional of the synthetic part; anything lower is old news.
   *
   * @param averagePrice - the broker's average over the whole total, or `NaN` when the event has none.
   * @param fallbackPrice - the best price estimate for synthetic quantity that no average covers.
   */
  applyCumulative(total: number, averagePrice: number, fallbackPrice: number): FillOutcomeCode {
    if (!(total >= 0 && total < Infinity)) return FillOutcome.INVALID;
    const epsilon = RELATIVE_EPSILON * Math.max(total, 1);
    const hasAverage = averagePrice >= 0 && averagePrice < Infinity;
    const raisesTotal = total > this.cumulativeQuantity + epsilon;
    const refinesAnchor = hasAverage && total >= this.anchorQuantity - epsilon && total > this.realQuantity + epsilon;
    if (!raisesTotal && !refinesAnchor) return FillOutcome.ALREADY_KNOWN;
    if (raisesTotal) this.cumulativeQuantity = total;
    if (hasAverage && total >= this.anchorQuantity - epsilon) {
      this.anchorQuantity = total;
      this.anchorNotional = total * averagePrice;
    }
    if (fallbackPrice >= 0 && fallbackPrice < Infinity) this.estimatePrice = fallbackPrice;
    this.recompute();
    return this.quantityDelta !== 0 || this.notionalDelta !== 0 ? FillOutcome.APPLIED : FillOutcome.ALREADY_KNOWN;
  }

  private recompute(): void {
    const epsilon = RELATIVE_EPSILON * Math.max(this.cumulativeQuantity, 1);
    let quantity: number;
    let notional: number;
    if (this.cumulativeQuantity <= this.realQuantity + epsilon) {
      // Every unit is backed by a real execution: exact.
      quantity = this.realQuantity;
      notional = this.realNotional;
    } else {
      quantity = this.cumulativeQuantity;
      // Start from the better-known base (the broker's averaged total, or the executions) and estimate the rest.
      const useAnchor = this.anchorQuantity >= this.realQuantity;
      const baseQuantity = useAnchor ? this.anchorQuantity : this.realQuantity;
      const baseNotional = useAnchor ? this.anchorNotional : this.realNotional;
      const remainder = quantity - baseQuantity;
      notional =
        remainder > epsilon ? baseNotional + remainder * this.estimateFor(baseQuantity, baseNotional) : baseNotional;
    }
    this.quantityDelta = quantity - this.filledQuantity;
    this.notionalDelta = notional - this.filledNotional;
    this.filledQuantity = quantity;
    this.filledNotional = notional;
  }

  private estimateFor(baseQuantity: number, baseNotional: number): number {
    if (this.estimatePrice >= 0) return this.estimatePrice;
    if (baseQuantity > 0) return baseNotional / baseQuantity;
    return 0;
  }
}
