/**
 * The simulated best bid and offer of every symbol, in flat typed arrays indexed by symbol index so the market
 * generator updates it and the matching engine reads it without allocating.
 *
 * `availableBid` / `availableAsk` are what is left of the displayed size for this quote: a fill takes from
 * them, and the next quote replenishes them. That is how large orders fill in pieces.
 */
export class TopOfBook {
  /** Best bid price per symbol. */
  readonly bid: Float64Array;
  /** Best ask price per symbol. */
  readonly ask: Float64Array;
  /** Size displayed at the bid for the current quote. */
  readonly bidSize: Float64Array;
  /** Size displayed at the ask for the current quote. */
  readonly askSize: Float64Array;
  /** Bid size not yet taken by simulated orders since the current quote. */
  readonly availableBid: Float64Array;
  /** Ask size not yet taken by simulated orders since the current quote. */
  readonly availableAsk: Float64Array;
  /** Venue time of the current quote, epoch ms. */
  readonly quoteTimeMs: Float64Array;
  /** Price of the last trade print, NaN before the first. */
  readonly lastTrade: Float64Array;
  /** Size of the last trade print. */
  readonly lastTradeSize: Float64Array;
  /** Venue time of the last trade print, epoch ms. */
  readonly lastTradeTimeMs: Float64Array;

  /** @param symbolCount - how many symbols the market has. */
  constructor(readonly symbolCount: number) {
    this.bid = new Float64Array(symbolCount);
    this.ask = new Float64Array(symbolCount);
    this.bidSize = new Float64Array(symbolCount);
    this.askSize = new Float64Array(symbolCount);
    this.availableBid = new Float64Array(symbolCount);
    this.availableAsk = new Float64Array(symbolCount);
    this.quoteTimeMs = new Float64Array(symbolCount);
    this.lastTrade = new Float64Array(symbolCount).fill(Number.NaN);
    this.lastTradeSize = new Float64Array(symbolCount);
    this.lastTradeTimeMs = new Float64Array(symbolCount);
  }

  /**
   * Sets a new quote and replenishes the liquidity at the touch. For tools and tests: the market generator writes
   * the arrays directly, because passing doubles as arguments can allocate.
   */
  setQuote(symbolIndex: number, bid: number, ask: number, bidSize: number, askSize: number, timeMs: number): void {
    this.quoteTimeMs[symbolIndex] = timeMs;
    this.bid[symbolIndex] = bid;
    this.ask[symbolIndex] = ask;
    this.bidSize[symbolIndex] = bidSize;
    this.askSize[symbolIndex] = askSize;
    this.availableBid[symbolIndex] = bidSize;
    this.availableAsk[symbolIndex] = askSize;
  }

  /** Records a trade print. For tools and tests, like {@link TopOfBook.setQuote}. */
  setTrade(symbolIndex: number, price: number, size: number, timeMs: number): void {
    this.lastTrade[symbolIndex] = price;
    this.lastTradeSize[symbolIndex] = size;
    this.lastTradeTimeMs[symbolIndex] = timeMs;
  }

  /** Mid price of a symbol. */
  mid(symbolIndex: number): number {
    return ((this.bid[symbolIndex] ?? Number.NaN) + (this.ask[symbolIndex] ?? Number.NaN)) / 2;
  }
}
