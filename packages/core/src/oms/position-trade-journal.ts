import type { OrderSide } from '../domain/order-request';

// Positions within this fraction of a trade's size of zero are flat: float noise from fractional fills.
const FLAT_EPSILON = 1e-9;

/**
 * Beyond this many journaled trades the oldest is made final, so a broker that never confirms its estimated fills
 * (cumulative totals with no executions and no average) cannot grow the journal or the cost of a replay without end.
 */
const MAX_JOURNAL_ENTRIES = 1_000;

/** The figures of one position that trades change (average-cost accounting). */
export interface PositionFigures {
  quantity: number;
  /** Average entry price of the open quantity (0 when flat). */
  averagePrice: number;
  realizedPnl: number;
  fees: number;
  /** Last fill price: the mark when no quote has been seen. */
  lastFillPrice: number;
}

/** Books a trade of `signedQuantity` (negative sells) at `price` into `figures`, with average-cost realized PnL. */
export function bookTrade(figures: PositionFigures, signedQuantity: number, price: number, fee: number): void {
  figures.lastFillPrice = price;
  figures.realizedPnl -= fee;
  figures.fees += fee;
  const before = figures.quantity;
  if (before === 0 || before > 0 === signedQuantity > 0) {
    const size = Math.abs(before) + Math.abs(signedQuantity);
    figures.averagePrice = (figures.averagePrice * Math.abs(before) + price * Math.abs(signedQuantity)) / size;
    figures.quantity = before + signedQuantity;
    return;
  }
  const closing = Math.min(Math.abs(signedQuantity), Math.abs(before));
  figures.realizedPnl += closing * (price - figures.averagePrice) * Math.sign(before);
  let after = before + signedQuantity;
  if (Math.abs(after) <= FLAT_EPSILON * Math.max(1, Math.abs(signedQuantity))) after = 0;
  figures.quantity = after;
  if (after === 0) figures.averagePrice = 0;
  else if (after > 0 !== before > 0) figures.averagePrice = price; // flipped: the remainder opened at this price
}

/**
 * Books a change of cost without a change of quantity, when the trade it belongs to can no longer be re-priced in
 * place. For a buy, `notionalDelta` more was paid; for a sell, `notionalDelta` more was received. If the position
 * still holds quantity on the trade's side, the cost basis absorbs it (`averagePrice += notionalDelta / |qty|`,
 * right for longs and shorts alike); otherwise it is realized. Either way total PnL (realized + unrealized) moves by
 * exactly the cash difference.
 */
export function bookCostCorrection(figures: PositionFigures, side: OrderSide, notionalDelta: number): void {
  const sameSide = side === 'buy' ? figures.quantity > 0 : figures.quantity < 0;
  if (sameSide) figures.averagePrice += notionalDelta / Math.abs(figures.quantity);
  else figures.realizedPnl += side === 'buy' ? -notionalDelta : notionalDelta;
}

/** One trade (or, with quantity 0, one cost correction or fee) as booked, in booking order. */
interface JournalEntry {
  /** The order the trade belongs to (its client order id), if any. */
  readonly orderKey: string | undefined;
  readonly side: OrderSide;
  readonly quantity: number;
  /** Cash of the trade: its price is `notional / quantity`. Moves when an estimate is corrected. */
  notional: number;
  readonly fee: number;
  /** True while the price is an estimate that the order's real executions may still correct. */
  estimated: boolean;
}

/**
 * The trades of one position since its oldest estimated one, so that a price correction can be booked as if the
 * trade had carried the true price from the start, instead of being absorbed into today's cost basis.
 *
 * Average-cost accounting depends on the order of trades: if an estimated buy is later found to have cost more,
 * every sell after it closed against a different average, so its realized PnL changes too. The journal keeps the
 * figures from before the oldest estimated trade (the base) and every trade since, re-prices the estimated ones and
 * replays. When no estimate is pending it is empty and booking a trade costs what it always did.
 */
export class PositionTradeJournal {
  private readonly base: PositionFigures = {
    quantity: 0,
    averagePrice: 0,
    realizedPnl: 0,
    fees: 0,
    lastFillPrice: Number.NaN,
  };
  private readonly entries: JournalEntry[] = [];

  /** Trades held for a possible replay (0 when no estimate is pending). */
  get length(): number {
    return this.entries.length;
  }

  /**
   * Books a trade into `figures`, journaling it when its price is an estimate or an estimate before it is pending.
   * `notional` is the trade's cash (quantity x price), `quantity` is above 0.
   */
  book(
    figures: PositionFigures,
    orderKey: string | undefined,
    side: OrderSide,
    quantity: number,
    notional: number,
    fee: number,
    estimated: boolean,
  ): void {
    if (estimated || this.entries.length > 0) {
      if (this.entries.length === 0) copyFigures(figures, this.base);
      this.entries.push({ orderKey, side, quantity, notional, fee, estimated });
    }
    bookTrade(figures, side === 'buy' ? quantity : -quantity, notional / quantity, fee);
    if (this.entries.length > MAX_JOURNAL_ENTRIES) this.settleOldest();
  }

  /**
   * Corrects the cash of an order's trades by `notionalDelta` (more paid for a buy, more received for a sell), plus
   * a `fee` charged without a trade. If the order has estimated trades in the journal, the correction is spread over
   * them in proportion to their quantity and the journal replays into `figures`; otherwise it is booked as a cost
   * correction (see {@link bookCostCorrection}).
   */
  correct(
    figures: PositionFigures,
    orderKey: string | undefined,
    side: OrderSide,
    notionalDelta: number,
    fee: number,
  ): void {
    let estimatedQuantity = 0;
    if (orderKey !== undefined && notionalDelta !== 0) {
      for (const entry of this.entries) {
        if (entry.estimated && entry.orderKey === orderKey) estimatedQuantity += entry.quantity;
      }
    }
    if (estimatedQuantity > 0) {
      for (const entry of this.entries) {
        if (entry.estimated && entry.orderKey === orderKey) {
          entry.notional += (notionalDelta * entry.quantity) / estimatedQuantity;
        }
      }
      if (fee !== 0) this.entries.push({ orderKey, side, quantity: 0, notional: 0, fee, estimated: false });
      this.replay(figures);
    } else {
      // No trade to re-price: book it now, and journal it so a later replay keeps it in its place.
      if (this.entries.length > 0) {
        this.entries.push({ orderKey, side, quantity: 0, notional: notionalDelta, fee, estimated: false });
      }
      applyEntry(figures, side, 0, notionalDelta, fee);
    }
    if (this.entries.length > MAX_JOURNAL_ENTRIES) this.settleOldest();
  }

  /** The order's prices are final: its trades stop being estimates, and trades no longer needed are folded away. */
  settle(orderKey: string): void {
    if (this.entries.length === 0) return;
    for (const entry of this.entries) {
      if (entry.orderKey === orderKey) entry.estimated = false;
    }
    this.foldSettledPrefix();
  }

  private settleOldest(): void {
    const oldest = this.entries[0];
    if (oldest !== undefined) oldest.estimated = false;
    this.foldSettledPrefix();
  }

  private foldSettledPrefix(): void {
    let folded = 0;
    while (folded < this.entries.length && !(this.entries[folded] as JournalEntry).estimated) {
      const entry = this.entries[folded] as JournalEntry;
      applyEntry(this.base, entry.side, entry.quantity, entry.notional, entry.fee);
      folded++;
    }
    if (folded === this.entries.length) this.entries.length = 0;
    else if (folded > 0) this.entries.splice(0, folded);
  }

  private replay(figures: PositionFigures): void {
    copyFigures(this.base, figures);
    for (const entry of this.entries) applyEntry(figures, entry.side, entry.quantity, entry.notional, entry.fee);
  }
}

function applyEntry(figures: PositionFigures, side: OrderSide, quantity: number, notional: number, fee: number): void {
  if (quantity > 0) {
    bookTrade(figures, side === 'buy' ? quantity : -quantity, notional / quantity, fee);
    return;
  }
  if (notional !== 0) bookCostCorrection(figures, side, notional);
  figures.realizedPnl -= fee;
  figures.fees += fee;
}

function copyFigures(from: PositionFigures, to: PositionFigures): void {
  to.quantity = from.quantity;
  to.averagePrice = from.averagePrice;
  to.realizedPnl = from.realizedPnl;
  to.fees = from.fees;
  to.lastFillPrice = from.lastFillPrice;
}
