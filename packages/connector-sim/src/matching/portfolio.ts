import type { AccountSnapshot, Position } from '@tickwire/core';
import type { InstrumentTable } from '../market/instrument-table';
import type { TopOfBook } from '../market/top-of-book';

/** Starting balances of the simulated account. */
export interface PortfolioOptions {
  readonly accountId: string;
  readonly currency: string;
  readonly startingCash: number;
}

/**
 * Cash and positions of the simulated account, updated by every fill at the moment the venue executes it
 * (not when the event reaches the client), so `getPositions` after a disconnect already shows the missed fills.
 *
 * Positions are signed (negative is short) and kept in whole quantity increments; the average price is that of
 * the open position, reset when a fill flips its sign.
 */
export class Portfolio {
  /** Cash balance: starting cash minus bought notional plus sold notional minus fees. */
  cash: number;
  /** Profit realised by reducing or closing positions, before fees. */
  realizedPnl = 0;
  /** Fees charged so far. */
  fees = 0;
  private readonly positionSteps: Float64Array;
  private readonly averagePrice: Float64Array;

  /**
   * @param instruments - the symbols and their quantity grids.
   * @param book - current prices, for market value and unrealised profit.
   * @param options - account id, currency and starting cash.
   */
  constructor(
    private readonly instruments: InstrumentTable,
    private readonly book: TopOfBook,
    private readonly options: PortfolioOptions,
  ) {
    this.cash = options.startingCash;
    this.positionSteps = new Float64Array(instruments.size);
    this.averagePrice = new Float64Array(instruments.size);
  }

  /**
   * Books one execution.
   *
   * @param sideSign - +1 for a buy, -1 for a sell.
   * @param steps - executed quantity in quantity increments, > 0.
   */
  applyFill(symbolIndex: number, sideSign: number, steps: number, price: number, fee: number): void {
    const quantity = this.instruments.quantityGrid(symbolIndex).toValue(steps);
    const held = this.positionSteps[symbolIndex]!;
    const average = this.averagePrice[symbolIndex]!;
    const signedSteps = sideSign * steps;
    const after = held + signedSteps;
    if (held === 0 || Math.sign(held) === sideSign) {
      // Opening or adding: the average moves towards the fill price.
      this.averagePrice[symbolIndex] = (average * Math.abs(held) + price * steps) / Math.abs(after);
    } else {
      const closedSteps = Math.min(Math.abs(held), steps);
      const closedQuantity = this.instruments.quantityGrid(symbolIndex).toValue(closedSteps);
      this.realizedPnl += (price - average) * closedQuantity * Math.sign(held);
      if (after === 0) this.averagePrice[symbolIndex] = 0;
      else if (Math.sign(after) !== Math.sign(held)) this.averagePrice[symbolIndex] = price;
    }
    this.positionSteps[symbolIndex] = after;
    this.cash -= sideSign * quantity * price + fee;
    this.fees += fee;
  }

  /** Signed position of a symbol, in units. */
  positionOf(symbolIndex: number): number {
    return this.instruments.quantityGrid(symbolIndex).toValue(this.positionSteps[symbolIndex]!);
  }

  /** Every non-flat position, valued at the current mid. */
  positions(): Position[] {
    const positions: Position[] = [];
    for (let index = 0; index < this.instruments.size; index++) {
      if (this.positionSteps[index] === 0) continue;
      const quantity = this.positionOf(index);
      const averagePrice = this.averagePrice[index]!;
      const mid = this.book.mid(index);
      positions.push({
        symbol: this.instruments.spec(index).symbol,
        quantity,
        averagePrice,
        marketValue: quantity * mid,
        unrealizedPnl: (mid - averagePrice) * quantity,
      });
    }
    return positions;
  }

  /** Balances: equity is cash plus the market value of every position at the mid. */
  account(): AccountSnapshot {
    let marketValue = 0;
    for (let index = 0; index < this.instruments.size; index++) {
      if (this.positionSteps[index] !== 0) marketValue += this.positionOf(index) * this.book.mid(index);
    }
    const equity = this.cash + marketValue;
    return {
      accountId: this.options.accountId,
      currency: this.options.currency,
      cash: this.cash,
      equity,
      buyingPower: Math.max(0, equity),
      tradingBlocked: false,
    };
  }
}
