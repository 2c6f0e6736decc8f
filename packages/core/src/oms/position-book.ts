import type { Position } from '../domain/account';
import type { OrderSide } from '../domain/order-request';
import type { LastQuote, LastQuoteSource } from '../feed/last-quote-book';
import type { AccountExposure, RiskPortfolioView, SymbolExposure } from '../risk/portfolio-view';

// Positions within this fraction of a trade's size of zero are flat: float noise from fractional fills.
const FLAT_EPSILON = 1e-9;

/**
 * One account's position in one symbol, with average-cost accounting. Mutable: only {@link PositionBook} writes it.
 */
export class PositionRecord implements SymbolExposure {
  quantity = 0;
  /** Average entry price of the open quantity (0 when flat). */
  averagePrice = 0;
  realizedPnl = 0;
  fees = 0;
  openBuyQuantity = 0;
  openSellQuantity = 0;
  /** Last fill price: the mark when no quote has been seen. */
  lastFillPrice = Number.NaN;

  constructor(
    readonly account: string,
    readonly symbol: string,
    /** The symbol's last quote, resolved once so marking needs no lookup. */
    readonly quote: LastQuote,
  ) {}

  /** Mark price: the quote's mid (or its one side), else the last fill price, else the average price. */
  markPrice(): number {
    const bid = this.quote.bid;
    const ask = this.quote.ask;
    if (bid > 0 && ask > 0) return (bid + ask) / 2;
    if (bid > 0) return bid;
    if (ask > 0) return ask;
    if (this.lastFillPrice >= 0) return this.lastFillPrice;
    return this.averagePrice;
  }

  /** Unrealized PnL at the mark. */
  unrealizedPnl(): number {
    return this.quantity === 0 ? 0 : this.quantity * (this.markPrice() - this.averagePrice);
  }

  /** Books a trade of `signedQuantity` (negative sells) at `price`, with average-cost realized PnL. */
  applyTrade(signedQuantity: number, price: number, fee: number): void {
    this.lastFillPrice = price;
    this.realizedPnl -= fee;
    this.fees += fee;
    const before = this.quantity;
    if (before === 0 || before > 0 === signedQuantity > 0) {
      const size = Math.abs(before) + Math.abs(signedQuantity);
      this.averagePrice = (this.averagePrice * Math.abs(before) + price * Math.abs(signedQuantity)) / size;
      this.quantity = before + signedQuantity;
      return;
    }
    const closing = Math.min(Math.abs(signedQuantity), Math.abs(before));
    this.realizedPnl += closing * (price - this.averagePrice) * Math.sign(before);
    let after = before + signedQuantity;
    if (Math.abs(after) <= FLAT_EPSILON * Math.max(1, Math.abs(signedQuantity))) after = 0;
    this.quantity = after;
    if (after === 0) this.averagePrice = 0;
    else if (after > 0 !== before > 0) this.averagePrice = price; // flipped: the remainder opened at this price
  }

  /**
   * Books a change of cost without a change of quantity: real executions replaced a synthetic fill at a different
   * price. For a buy, `notionalDelta` more was paid; for a sell, `notionalDelta` more was received. If the position
   * still holds quantity on the trade's side, the cost basis absorbs it (`averagePrice += notionalDelta / |qty|`,
   * which is right for longs and shorts alike); otherwise it is realized. Either way total PnL (realized +
   * unrealized) moves by exactly the cash difference.
   */
  applyCostCorrection(side: OrderSide, notionalDelta: number): void {
    const sameSide = side === 'buy' ? this.quantity > 0 : this.quantity < 0;
    if (sameSide) this.averagePrice += notionalDelta / Math.abs(this.quantity);
    else this.realizedPnl += side === 'buy' ? -notionalDelta : notionalDelta;
  }
}

/** One account's totals. Mutable: only {@link PositionBook} writes it. */
export class AccountRecord implements AccountExposure {
  readonly positions: PositionRecord[] = [];
  readonly bySymbol = new Map<string, PositionRecord>();
  openOrderCount = 0;
  grossExposure = 0;
  netExposure = 0;
  realizedPnl = 0;
  unrealizedPnl = 0;
  dailyPnl = 0;
  peakDailyPnl = 0;
  drawdown = 0;
  /** Total PnL (realized + unrealized) when the day started; `dailyPnl` counts from here. */
  dayStartPnl = 0;

  constructor(readonly account: string) {}
}

/**
 * Positions per account and symbol with average price, realized and unrealized PnL marked to the last quote, and
 * the daily PnL and drawdown figures the risk gate and kill switch read. The order manager owns one and feeds it
 * fill deltas and open-order changes.
 *
 * Daily figures count from the last {@link PositionBook.startNewDay} (or creation): the runtime calls it at the
 * session open. Drawdown is the fall of daily PnL from its highest point today; the peak is sampled whenever an
 * account is marked, which the gate does before every order and the runtime on its timer.
 */
export class PositionBook implements RiskPortfolioView {
  private readonly byAccount = new Map<string, AccountRecord>();
  private readonly accountList: AccountRecord[] = [];
  // One-entry cache: the gate marks and reads the same account on every check.
  private lastAccount: AccountRecord | undefined = undefined;

  constructor(private readonly quotes: LastQuoteSource) {}

  /** The account's record, created on first use. */
  accountExposure(account: string): AccountRecord {
    const last = this.lastAccount;
    if (last !== undefined && last.account === account) return last;
    let record = this.byAccount.get(account);
    if (record === undefined) {
      record = new AccountRecord(account);
      this.byAccount.set(account, record);
      this.accountList.push(record);
    }
    this.lastAccount = record;
    return record;
  }

  /** The account's position in the symbol, created flat on first use. */
  symbolExposure(account: string, symbol: string): PositionRecord {
    const accountRecord = this.accountExposure(account);
    let record = accountRecord.bySymbol.get(symbol);
    if (record === undefined) {
      record = new PositionRecord(account, symbol, this.quotes.quoteOf(symbol));
      accountRecord.bySymbol.set(symbol, record);
      accountRecord.positions.push(record);
    }
    return record;
  }

  /** Every account seen. */
  accounts(): readonly AccountRecord[] {
    return this.accountList;
  }

  /**
   * Applies what an order gained: `quantityDelta` more filled for `notionalDelta` more cash. A zero quantity delta
   * with a notional delta is a price correction (see {@link PositionRecord.applyCostCorrection}).
   */
  applyFillDelta(
    account: string,
    symbol: string,
    side: OrderSide,
    quantityDelta: number,
    notionalDelta: number,
    fee: number,
  ): void {
    const position = this.symbolExposure(account, symbol);
    if (quantityDelta > 0) {
      position.applyTrade(side === 'buy' ? quantityDelta : -quantityDelta, notionalDelta / quantityDelta, fee);
    } else {
      if (notionalDelta !== 0) position.applyCostCorrection(side, notionalDelta);
      if (fee !== 0) {
        position.realizedPnl -= fee;
        position.fees += fee;
      }
    }
  }

  /** Adds (or with negative values removes) open-order quantity on one side, and open orders to the count. */
  adjustOpenOrders(account: string, symbol: string, side: OrderSide, quantityDelta: number, countDelta: number): void {
    const position = this.symbolExposure(account, symbol);
    if (side === 'buy') position.openBuyQuantity = clampTiny(position.openBuyQuantity + quantityDelta);
    else position.openSellQuantity = clampTiny(position.openSellQuantity + quantityDelta);
    this.accountExposure(account).openOrderCount += countDelta;
  }

  /** Re-marks one account; allocation-free once the account exists. */
  markAccount(account: string, _nowMs: number): void {
    const record = this.accountExposure(account);
    let realized = 0;
    let unrealized = 0;
    let gross = 0;
    let net = 0;
    const positions = record.positions;
    for (let index = 0; index < positions.length; index++) {
      const position = positions[index] as PositionRecord;
      const mark = position.markPrice();
      realized += position.realizedPnl;
      unrealized += position.quantity === 0 ? 0 : position.quantity * (mark - position.averagePrice);
      const worstLong = Math.abs(position.quantity + position.openBuyQuantity);
      const worstShort = Math.abs(position.quantity - position.openSellQuantity);
      gross += Math.max(worstLong, worstShort) * mark;
      net += position.quantity * mark;
    }
    record.realizedPnl = realized;
    record.unrealizedPnl = unrealized;
    record.grossExposure = gross;
    record.netExposure = net;
    record.dailyPnl = realized + unrealized - record.dayStartPnl;
    if (record.dailyPnl > record.peakDailyPnl) record.peakDailyPnl = record.dailyPnl;
    record.drawdown = record.peakDailyPnl - record.dailyPnl;
  }

  /** Re-marks every account. */
  markAll(nowMs: number): void {
    for (let index = 0; index < this.accountList.length; index++) {
      this.markAccount((this.accountList[index] as AccountRecord).account, nowMs);
    }
  }

  /** Starts a new trading day: daily PnL, its peak and drawdown restart from zero at the current marks. */
  startNewDay(nowMs: number): void {
    for (const record of this.accountList) {
      this.markAccount(record.account, nowMs);
      record.dayStartPnl = record.realizedPnl + record.unrealizedPnl;
      record.dailyPnl = 0;
      record.peakDailyPnl = 0;
      record.drawdown = 0;
    }
  }

  /** Positions as domain objects (allocates): every non-flat position, or one account's. */
  positions(account?: string): Position[] {
    const result: Position[] = [];
    for (const record of this.accountList) {
      if (account !== undefined && record.account !== account) continue;
      for (const position of record.positions) {
        if (position.quantity === 0) continue;
        const mark = position.markPrice();
        result.push({
          symbol: position.symbol,
          quantity: position.quantity,
          averagePrice: position.averagePrice,
          marketValue: position.quantity * mark,
          unrealizedPnl: position.unrealizedPnl(),
        });
      }
    }
    return result;
  }
}

function clampTiny(value: number): number {
  return Math.abs(value) < 1e-9 ? 0 : value;
}
