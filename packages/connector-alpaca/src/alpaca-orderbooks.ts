import {
  type BookLevelUpdate,
  type ConnectorContext,
  OrderBook,
  TickFlags,
  TickwireError,
  writeBookTop,
} from '@tickwire/core';
import { writeStreamTime } from './alpaca-stream-time';
import type { AlpacaSymbolState } from './alpaca-symbol-state';
import type { AlpacaDataMessage } from './alpaca-wire-types';

type AlpacaLevel = { readonly p: number; readonly s: number };

/** Options for {@link AlpacaOrderbooks}. */
export interface AlpacaOrderbooksOptions {
  readonly context: ConnectorContext;
  /** Ask for a fresh snapshot of one symbol's book (the stream resubscribes its orderbook). */
  readonly requestSnapshot: (state: AlpacaSymbolState) => void;
}

/**
 * Crypto `orderbooks` (`o` messages) into the core's L2 {@link OrderBook}: a message with the reset flag `r` replaces
 * the book, others update levels (size 0 removes one). When the top of the book changes, it becomes a quote tick
 * (best bid, best ask, volume = both sizes) unless quotes are also subscribed for the symbol, which already carry
 * the top.
 *
 * The reset flag is unconfirmed in Alpaca's documents. Until a stream has sent `r: true` once, the first message
 * after (re)subscribing is taken as the snapshot, which is what Alpaca sends first; once it has, only `r: true`
 * replaces a book. Alpaca books carry no sequence numbers, so a gap cannot be seen; books are invalidated on every
 * reconnect and rebuilt from the snapshot the resubscription brings.
 */
export class AlpacaOrderbooks {
  readonly #options: AlpacaOrderbooksOptions;
  #resetFlagSeen = false;

  constructor(options: AlpacaOrderbooksOptions) {
    this.#options = options;
  }

  /** Applies one `o` message. Throws only on an unreadable timestamp (the parser reports it). */
  handle(message: AlpacaDataMessage, state: AlpacaSymbolState): void {
    if (state.book === undefined) state.book = new OrderBook({ symbol: state.symbol, initialCapacity: 32 });
    const book = state.book;
    const bids = Array.isArray(message.b) ? message.b : [];
    const asks = Array.isArray(message.a) ? message.a : [];
    if (message.r === true) this.#resetFlagSeen = true;
    const isSnapshot = message.r === true || (book.needsResync && !this.#resetFlagSeen);
    if (isSnapshot) {
      if (!validLevels(bids) || !validLevels(asks)) {
        this.#refuse(state, 'a snapshot level is not { p: number, s: number >= 0 }');
        return;
      }
      book.applySnapshot({ bids: bids.map(toPair), asks: asks.map(toPair) });
    } else {
      if (book.needsResync) return; // updates before the snapshot are meaningless
      for (let index = 0; index < bids.length; index++) {
        const level = bids[index] as AlpacaLevel;
        if (!book.applyUpdate('bid', level.p, level.s)) {
          this.#refuse(state, `bid level ${index} is unusable`);
          return;
        }
      }
      for (let index = 0; index < asks.length; index++) {
        const level = asks[index] as AlpacaLevel;
        if (!book.applyUpdate('ask', level.p, level.s)) {
          this.#refuse(state, `ask level ${index} is unusable`);
          return;
        }
      }
    }
    const { context } = this.#options;
    const draft = context.tickWriter.draft;
    writeStreamTime(draft, message.t, context);
    const timestampMs = draft.epochSeconds * 1000 + draft.nanoseconds / 1e6;
    if (!state.quotesSubscribed && this.#topChanged(book, state) && writeBookTop(book, draft)) {
      draft.symbolId = state.symbolId;
      draft.volume = book.bestBidQuantity + book.bestAskQuantity;
      draft.flags = (isSnapshot ? TickFlags.SNAPSHOT : 0) | state.pendingFlags;
      state.pendingFlags = 0;
      context.tickWriter.publish();
    }
    if (context.marketData.wants('book')) {
      context.marketData.book({
        symbol: state.symbol,
        snapshot: isSnapshot,
        bids: bids.map(toLevelUpdate),
        asks: asks.map(toLevelUpdate),
        timestampMs,
      });
    }
  }

  /** Forgets every book's content (after a lost connection): updates are refused until the next snapshot. */
  invalidateAll(states: Iterable<AlpacaSymbolState>): void {
    for (const state of states) {
      state.book?.invalidate();
      state.lastTopBid = Number.NaN;
      state.lastTopAsk = Number.NaN;
    }
  }

  #topChanged(book: OrderBook, state: AlpacaSymbolState): boolean {
    const bid = book.bestBid;
    const ask = book.bestAsk;
    const bidSize = book.bestBidQuantity;
    const askSize = book.bestAskQuantity;
    // NaN !== NaN, so an empty side compares by emptiness.
    const same =
      (bid === state.lastTopBid || (Number.isNaN(bid) && Number.isNaN(state.lastTopBid))) &&
      (ask === state.lastTopAsk || (Number.isNaN(ask) && Number.isNaN(state.lastTopAsk))) &&
      bidSize === state.lastTopBidSize &&
      askSize === state.lastTopAskSize;
    state.lastTopBid = bid;
    state.lastTopAsk = ask;
    state.lastTopBidSize = bidSize;
    state.lastTopAskSize = askSize;
    return !same;
  }

  #refuse(state: AlpacaSymbolState, problem: string): void {
    state.book?.invalidate();
    this.#options.context.health.reportProtocolError(
      new TickwireError({
        code: 'PROTOCOL_ERROR',
        message: `Alpaca sent an unusable orderbook message for ${state.symbol} (${problem}); the book is rebuilt from a fresh snapshot.`,
      }),
    );
    this.#options.requestSnapshot(state);
  }
}

function validLevels(levels: readonly unknown[]): boolean {
  return levels.every(
    (level) =>
      typeof level === 'object' &&
      level !== null &&
      Number.isFinite((level as AlpacaLevel).p) &&
      (level as AlpacaLevel).s >= 0,
  );
}

function toPair(level: AlpacaLevel): readonly [number, number] {
  return [level.p, level.s];
}

function toLevelUpdate(level: AlpacaLevel): BookLevelUpdate {
  return { price: level.p, size: level.s };
}
