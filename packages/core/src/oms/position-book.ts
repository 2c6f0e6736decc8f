import type { Position } from '../domain/account';
import type { OrderSide } from '../domain/order-request';
import type { LastQuote, LastQuoteSource } from '../feed/last-quote-book';
import type { AccountExposure, RiskPortfolioView, SymbolExposure } from '../risk/portfolio-view';
import { type PositionFigures, PositionTradeJournal } from './position-trade-journal';

/**
 * One account's position in one symbol, with average-cost accounting. Mutable: only {@link PositionBook} writes it.
 */
export class PositionRecord implements SymbolExposure, PositionFigures {
  quantity = 0;
  /** Average entry price of the open quantity (0 when flat). */
  averagePrice = 0;
  realizedPnl = 0;
  fees = 0;
  openBuyQuantity = 0;
  openSellQuantity = 0;
  /** Last fill price: the mark when no quote has been seen. */
  lastFillPrice = Number.NaN;
  /** Trades kept while an estimated price may still be corrected. */
  private readonly journal = new PositionTradeJournal();

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

  /**
   * Books a trade of `signedQuantity` (negative sells) at `price`, with average-cost realized PnL. Its price is
   * final; see {@link PositionRecord.bookOrderTrade} for trades whose price may still be corrected.
   */
  applyTrade(signedQuantity: number, price: number, fee: number): void {
    const quantity = Math.abs(signedQuantity);
    this.journal.book(this, undefined, signedQuantity > 0 ? 'buy' : 'sell', quantity, quantity * price, fee, false);
  }

  /**
   * Books a change of cost without a change of quantity that no journaled trade can take: the cost basis absorbs
   * it while the position holds the trade's side, otherwise it is realized. Total PnL (realized + unrealized) moves by exactly the cash difference.
   */
  applyCostCorrection(side: OrderSide, notionalDelta: number): void {
    this.journal.correct(this, undefined, side, notionalDelta, 0);
  }

  /**
   * Books an order's trade of `quantity` (above 0) for `notional` cash. An `estimated` one (a synthetic fill priced
   * by a guess) is kept with every later trade until {@link PositionRecord.settleOrderPrice}, so a correction
   * re-prices it in place (see {@link PositionTradeJournal}).
   */
  bookOrderTrade(
    orderKey: string | undefined,
    side: OrderSide,
    quantity: number,
    notional: number,
    fee: number,
    estimated: boolean,
  ): void {
    this.journal.book(this, orderKey, side, quantity, notional, fee, estimated);
  }

  /**
   * Books a correction of an order's cash (`notionalDelta` more paid for a buy, more received for a sell) and a fee
   * charged without a trade: onto the order's estimated trades as if they had had the true price from the start,
   * or, when it has none pending, as a cost correction.
   */
  correctOrderCost(orderKey: string | undefined, side: OrderSide, notionalDelta: number, fee: number): void {
    this.journal.correct(this, orderKey, side, notionalDelta, fee);
  }

  /** The order's fill prices are final: its trades no longer need to be kept for a correction. */
  settleOrderPrice(orderKey: string): void {
    this.journal.settle(orderKey);
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
   * with a notional delta is a price correction (see {@link PositionRecord.applyCostCorrection}). The order manager
   * books through {@link PositionBook.bookOrderFill} instead, so its estimated prices can be corrected in place.
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
    if (quantityDelta > 0) position.bookOrderTrade(undefined, side, quantityDelta, notionalDelta, fee, false);
    else if (notionalDelta !== 0 || fee !== 0) position.correctOrderCost(undefined, side, notionalDelta, fee);
  }

  /**
   * Books `quantity` (above 0) of an order's fills for `notional` cash. `estimated` marks a price that is a guess
   * (a synthetic fill from a cumulative total), which {@link PositionBook.correctOrderFill} may still correct.
   */
  bookOrderFill(
    account: string,
    symbol: string,
    side: OrderSide,
    orderKey: string,
    quantity: number,
    notional: number,
    fee: number,
    estimated: boolean,
  ): void {
    this.symbolExposure(account, symbol).bookOrderTrade(orderKey, side, quantity, notional, fee, estimated);
  }

  /**
   * Corrects the cash of an order's fills by `notionalDelta` (more paid for a buy, more received for a sell), with
   * a `fee` charged without new quantity. Estimated fills of the order are re-priced as if booked at the true price
   * (later closes realize against the corrected average); with none pending, the cost basis or realized PnL absorbs it.
   */
  correctOrderFill(
    account: string,
    symbol: string,
    side: OrderSide,
    orderKey: string,
    notionalDelta: number,
    fee: number,
  ): void {
    this.symbolExposure(account, symbol).correctOrderCost(orderKey, side, notionalDelta, fee);
  }

  /** The order's fill prices are final: its fills need no longer be kept for a correction. */
  settleOrderFills(account: string, symbol: string, orderKey: string): void {
    this.symbolExposure(account, symbol).settleOrderPrice(orderKey);
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
