/**
 * Told about every simulated quote and trade, whether or not it reaches the feed: the matching engine listens
 * here, so orders keep matching while the feed is silenced or disconnected.
 *
 * Only integers cross these calls; prices, sizes and times are in the {@link TopOfBook} arrays. (V8 boxes a
 * double passed to a call it did not inline, which would allocate on every quote.)
 */
export interface MarketListener {
  /** The top of book of `symbolIndex` changed (see `book.quoteTimeMs`); liquidity was replenished. */
  onQuote(symbolIndex: number): void;
  /**
   * A trade printed (see `book.lastTrade`, `lastTradeSize`, `lastTradeTimeMs`). `aggressorSide` is 1 when a
   * buyer lifted the ask, -1 when a seller hit the bid.
   */
  onTrade(symbolIndex: number, aggressorSide: number): void;
}

/** Told when the feed of a symbol skipped venue sequence numbers (a sequence-gap fault took effect). */
export type FeedGapListener = (symbolIndex: number, expectedSequence: number, receivedSequence: number) => void;

/** Counters of what the market generated and what became of it. Plain numbers, updated in place. */
export interface SyntheticMarketStats {
  /** Quote events simulated. */
  quotes: number;
  /** Trade events simulated. */
  trades: number;
  /** Snapshot ticks written on subscribe and after reconnects. */
  snapshots: number;
  /** Ticks the TickWriter accepted. */
  published: number;
  /** Ticks the TickWriter refused because the ring was full (also counted by the ring). */
  ringFull: number;
  /** Ticks not offered to the writer because the feed was muted (silence or disconnect fault). */
  muted: number;
  /** Ticks not offered because the symbol has no subscription. */
  unsubscribed: number;
  /** Ticks thrown away by a sequence-gap fault. */
  gapDropped: number;
  /** Simulated time skipped because the caller fell further behind than `maxCatchUpMs`. */
  skippedMs: number;
}
