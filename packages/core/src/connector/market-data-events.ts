import type { DataKind } from './capabilities';

/**
 * Full-precision market data, beside the 32-byte ticks. Ticks carry f32 prices and no sizes for both sides; these
 * carry f64 prices, both sizes, bars and book depth, for callers that ask for them.
 *
 * Times are epoch milliseconds and may have a fraction (microseconds survive in an f64 at today's epoch).
 */
export interface QuoteEvent {
  readonly symbol: string;
  readonly bidPrice: number;
  readonly bidSize: number;
  readonly askPrice: number;
  readonly askSize: number;
  /** Venue time where the venue gives one, else receive time. */
  readonly timestampMs: number;
  readonly bidVenue?: string;
  readonly askVenue?: string;
}

/** One print. */
export interface TradeEvent {
  readonly symbol: string;
  readonly price: number;
  readonly size: number;
  readonly timestampMs: number;
  readonly tradeId?: string;
  /** The aggressor's side, where the venue says (Coinbase, Alpaca crypto). */
  readonly takerSide?: 'buy' | 'sell';
  readonly venue?: string;
  /** The venue's condition codes, unchanged. */
  readonly conditions?: readonly string[];
}

/** One OHLCV bar. */
export interface BarEvent {
  readonly symbol: string;
  /** Bar length in seconds (60 for minute bars, 86400 for daily). */
  readonly intervalSeconds: number;
  /** Start of the bar, epoch milliseconds. */
  readonly startMs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly vwap?: number;
  readonly tradeCount?: number;
  /** True for a bar revised after it was first sent (Alpaca `updatedBars`). */
  readonly revised?: boolean;
}

/** One price level of a book update; `size` 0 removes the level. */
export interface BookLevelUpdate {
  readonly price: number;
  readonly size: number;
}

/** A change to an order book, or a whole book when `snapshot` is true (replace everything held for the symbol). */
export interface BookUpdateEvent {
  readonly symbol: string;
  readonly snapshot: boolean;
  readonly bids: readonly BookLevelUpdate[];
  readonly asks: readonly BookLevelUpdate[];
  readonly timestampMs: number;
  /** The venue's sequence number for the book, where it sends one; used to detect gaps. */
  readonly sequence?: number;
}

/**
 * Where a connector delivers full-precision market data. Building these objects allocates, so a connector asks
 * {@link MarketDataSink.wants} first and skips the work when nobody listens; ticks go to the `TickWriter` regardless.
 */
export interface MarketDataSink {
  /** True when some consumer wants events of this kind. Cheap; may be called per message. */
  wants(kind: DataKind): boolean;
  quote(event: QuoteEvent): void;
  trade(event: TradeEvent): void;
  bar(event: BarEvent): void;
  book(event: BookUpdateEvent): void;
}
