import { type ConnectorContext, type EpochTime, TickFlags } from '@tickwire/core';
import type { CoinbaseSymbolState } from './coinbase-symbol-states';

/**
 * Writes Coinbase market data into the host's `TickWriter` without allocating: quotes (ticker, book top) with
 * volume = bid size + ask size, trades with bid = ask = price and volume = size. It owns the per-symbol flags:
 * SNAPSHOT for the state sent on (re)subscribe, and GAP_BEFORE on the first tick of a symbol after a sequence gap
 * or reconnect. A symbol without a book owes feed health a `reportResynced` until its next tick, which carries a
 * whole, current state again.
 */
export class CoinbaseTickPublisher {
  /** The current message's venue time; the parser fills it from the envelope `timestamp`. */
  readonly messageTime: EpochTime = { epochSeconds: 0, nanoseconds: 0 };
  readonly #context: ConnectorContext;

  constructor(context: ConnectorContext) {
    this.#context = context;
  }

  /** A quote tick at the message time. `NaN` for a missing side; sizes that are `NaN` count as 0. */
  quote(
    state: CoinbaseSymbolState,
    bid: number,
    ask: number,
    bidSize: number,
    askSize: number,
    snapshot: boolean,
  ): void {
    const draft = this.#context.tickWriter.draft;
    draft.epochSeconds = this.messageTime.epochSeconds;
    draft.nanoseconds = this.messageTime.nanoseconds;
    draft.bid = bid;
    draft.ask = ask;
    draft.volume = sizeOrZero(bidSize) + sizeOrZero(askSize);
    this.#publish(state, snapshot ? TickFlags.SNAPSHOT : 0);
  }

  /** A trade tick at its own time (`epochSeconds` + `nanoseconds`, parsed by the caller). */
  trade(
    state: CoinbaseSymbolState,
    price: number,
    size: number,
    epochSeconds: number,
    nanoseconds: number,
    snapshot: boolean,
  ): void {
    const draft = this.#context.tickWriter.draft;
    draft.epochSeconds = epochSeconds;
    draft.nanoseconds = nanoseconds;
    draft.bid = price;
    draft.ask = price;
    draft.volume = size;
    this.#publish(state, TickFlags.TRADE | (snapshot ? TickFlags.SNAPSHOT : 0));
  }

  #publish(state: CoinbaseSymbolState, flags: number): void {
    const writer = this.#context.tickWriter;
    const draft = writer.draft;
    draft.symbolId = state.symbolId;
    if (state.gapPending) {
      state.gapPending = false;
      draft.flags = flags | TickFlags.GAP_BEFORE;
    } else {
      draft.flags = flags;
    }
    writer.publish();
    // A book's data is whole again only after a new snapshot; the book feed reports that itself.
    if (state.resyncPending && state.book === undefined) {
      state.resyncPending = false;
      this.#context.health.reportResynced(state.symbol);
    }
  }
}

// Written so NaN (no size sent) counts as 0, which Math.max would not do.
function sizeOrZero(size: number): number {
  return Number.isNaN(size) || size < 0 ? 0 : size;
}
