import { type OrderBook, symbolIdOf } from '@tickwire/core';
import { fromAlpacaSymbol } from './alpaca-symbols';

/**
 * What the parser keeps per symbol, found with one map lookup per message: the canonical symbol and its id
 * (computed once), flags owed to the next tick, and the crypto order book.
 */
export interface AlpacaSymbolState {
  /** As Alpaca writes it in messages: `AAPL`, `BTC/USD`. */
  readonly alpacaSymbol: string;
  /** Canonical: `AAPL`, `BTC-USD`. */
  readonly symbol: string;
  readonly symbolId: number;
  /** `TickFlags` for the next tick of this symbol only (GAP_BEFORE after a lost connection). */
  pendingFlags: number;
  /** True while `quotes` are subscribed: the order book's top then does not also become ticks. */
  quotesSubscribed: boolean;
  /** The L2 book, for crypto symbols with `orderbooks` subscribed. */
  book: OrderBook | undefined;
  /** The book top last written as a tick, so only changes of the top become ticks. */
  lastTopBid: number;
  lastTopAsk: number;
  lastTopBidSize: number;
  lastTopAskSize: number;
}

/** The symbol states of one stream, keyed by Alpaca's spelling. */
export class AlpacaSymbolStates {
  readonly #byAlpacaSymbol = new Map<string, AlpacaSymbolState>();

  /** The state of `alpacaSymbol`, created on first sight (wildcard subscriptions name symbols only in data). */
  get(alpacaSymbol: string): AlpacaSymbolState {
    return this.#byAlpacaSymbol.get(alpacaSymbol) ?? this.#create(alpacaSymbol);
  }

  /** Every state. */
  values(): IterableIterator<AlpacaSymbolState> {
    return this.#byAlpacaSymbol.values();
  }

  #create(alpacaSymbol: string): AlpacaSymbolState {
    const symbol = fromAlpacaSymbol(alpacaSymbol);
    const state: AlpacaSymbolState = {
      alpacaSymbol,
      symbol,
      symbolId: symbolIdOf(symbol),
      pendingFlags: 0,
      quotesSubscribed: false,
      book: undefined,
      lastTopBid: Number.NaN,
      lastTopAsk: Number.NaN,
      lastTopBidSize: 0,
      lastTopAskSize: 0,
    };
    this.#byAlpacaSymbol.set(alpacaSymbol, state);
    return state;
  }
}
