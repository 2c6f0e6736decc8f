/**
 * The last known quote of one symbol. The object is owned by its {@link LastQuoteSource} and updated in place, so
 * readers may keep the reference (the risk gate keeps one per registered symbol) and read it without a lookup.
 *
 * A missing side is `NaN`; `timeMs` is `NaN` until the first quote.
 */
export interface LastQuote {
  readonly symbol: string;
  readonly bid: number;
  readonly ask: number;
  /** When the quote was current, epoch milliseconds (venue time where known, else receive time). */
  readonly timeMs: number;
}

/**
 * Where the risk gate and the order manager read last quotes from. The runtime backs it with the tick stream.
 *
 * `quoteOf` must return the same object for the same symbol on every call, creating it (with `NaN` fields) on the
 * first call, so callers can resolve it once at registration and read it on the hot path with no lookup.
 */
export interface LastQuoteSource {
  quoteOf(symbol: string): LastQuote;
}

interface MutableQuote {
  readonly symbol: string;
  bid: number;
  ask: number;
  timeMs: number;
}

/**
 * A plain in-memory {@link LastQuoteSource}: one mutable quote object per symbol, updated in place.
 *
 * @example
 * ```ts
 * const quotes = new LastQuoteBook();
 * quotes.update('AAPL', 189.1, 189.12, Date.now());
 * quotes.quoteOf('AAPL').ask; // 189.12
 * ```
 */
export class LastQuoteBook implements LastQuoteSource {
  private readonly quotes = new Map<string, MutableQuote>();

  /** The symbol's quote object; created with `NaN` fields on first use and the same object afterwards. */
  quoteOf(symbol: string): LastQuote {
    let quote = this.quotes.get(symbol);
    if (quote === undefined) {
      quote = { symbol, bid: Number.NaN, ask: Number.NaN, timeMs: Number.NaN };
      this.quotes.set(symbol, quote);
    }
    return quote;
  }

  /**
   * Stores a quote. Pass `NaN` for a side the venue did not send. Allocation-free once the symbol has been seen.
   * An update older than the stored one is ignored (returns false), so a late tick cannot roll the quote back.
   */
  update(symbol: string, bid: number, ask: number, timeMs: number): boolean {
    const quote = this.quoteOf(symbol) as MutableQuote;
    if (timeMs < quote.timeMs) return false;
    quote.bid = bid;
    quote.ask = ask;
    quote.timeMs = timeMs;
    return true;
  }
}

/** The mid of a quote, or `NaN` when either side is missing. */
export function quoteMid(quote: LastQuote): number {
  return (quote.bid + quote.ask) / 2;
}
