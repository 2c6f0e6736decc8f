import { type OrderBook, symbolIdOf } from '@tickwire/core';

/** What the market data parsers keep per product, created once and updated in place. */
export interface CoinbaseSymbolState {
  /** The canonical symbol: Coinbase product ids (`BTC-USD`) are used as they are. */
  readonly symbol: string;
  readonly symbolId: number;
  /** The next tick of this symbol carries GAP_BEFORE (a venue sequence gap, or a reconnect). */
  gapPending: boolean;
  /** Feed health was told of a gap; `reportResynced` is owed once the data is whole again. */
  resyncPending: boolean;
  /** The L2 book, while level2 is subscribed. */
  book: OrderBook | undefined;
}

/** Per-product state, looked up by product id on every message. */
export class CoinbaseSymbolStates {
  readonly #states = new Map<string, CoinbaseSymbolState>();

  /** The state of `productId`, created on first sight. */
  get(productId: string): CoinbaseSymbolState {
    return this.#states.get(productId) ?? this.#create(productId);
  }

  /** The state of `productId` if it was ever seen. */
  find(productId: string): CoinbaseSymbolState | undefined {
    return this.#states.get(productId);
  }

  /** Every state. */
  all(): IterableIterator<CoinbaseSymbolState> {
    return this.#states.values();
  }

  /** Every symbol's next tick carries GAP_BEFORE; when `owesResync`, each also owes a `reportResynced`. */
  markAllGapped(owesResync: boolean): void {
    for (const state of this.#states.values()) {
      state.gapPending = true;
      if (owesResync) state.resyncPending = true;
    }
  }

  #create(productId: string): CoinbaseSymbolState {
    const state: CoinbaseSymbolState = {
      symbol: productId,
      symbolId: symbolIdOf(productId),
      gapPending: false,
      resyncPending: false,
      book: undefined,
    };
    this.#states.set(productId, state);
    return state;
  }
}
