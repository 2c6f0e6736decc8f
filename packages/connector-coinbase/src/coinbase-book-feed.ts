import { type BookLevelUpdate, type ConnectorContext, OrderBook, type SubscriptionSet } from '@tickwire/core';
import { parseCoinbaseDecimal } from './coinbase-decimal';
import { reportCoinbaseProtocolError } from './coinbase-protocol-error';
import type { CoinbaseSymbolState, CoinbaseSymbolStates } from './coinbase-symbol-states';
import type { CoinbaseTickPublisher } from './coinbase-tick-publisher';
import { timeMs } from './coinbase-ticker-feed';
import type { CoinbaseLevel2Update, CoinbaseMarketChannel } from './coinbase-ws-messages';

/**
 * Keeps one core `OrderBook` per level2 product: an `l2_data` snapshot replaces the book, updates set a level's
 * quantity (`new_quantity` "0" removes it). Whenever the best bid or ask (or their sizes) change, the top goes out
 * as a quote tick. A book invalidated by a sequence gap refuses updates until the resubscription's snapshot, and
 * only then is feed health told the symbol resynced.
 */
export class CoinbaseBookFeed {
  readonly #context: ConnectorContext;
  readonly #states: CoinbaseSymbolStates;
  readonly #publisher: CoinbaseTickPublisher;
  readonly #wanted: SubscriptionSet<CoinbaseMarketChannel>;
  readonly #requestResync: (productId: string) => void;
  #resyncRequestsMuted = false;

  constructor(
    context: ConnectorContext,
    states: CoinbaseSymbolStates,
    publisher: CoinbaseTickPublisher,
    wanted: SubscriptionSet<CoinbaseMarketChannel>,
    requestResync: (productId: string) => void,
  ) {
    this.#context = context;
    this.#states = states;
    this.#publisher = publisher;
    this.#wanted = wanted;
    this.#requestResync = requestResync;
  }

  /** Creates the (empty, awaiting snapshot) book of a product whose level2 subscription starts. */
  open(productId: string): void {
    const state = this.#states.get(productId);
    state.book ??= new OrderBook({
      symbol: productId,
      requestResync: () => {
        if (!this.#resyncRequestsMuted) this.#requestResync(productId);
      },
    });
  }

  /** Drops the book of a product whose level2 subscription ended. */
  close(productId: string): void {
    const state = this.#states.find(productId);
    if (state !== undefined) state.book = undefined;
  }

  /** The book of a product, for callers that want depth. */
  book(productId: string): OrderBook | undefined {
    return this.#states.find(productId)?.book;
  }

  /**
   * Marks every book as needing a snapshot. With `requestResync` each asks for one (a gap on a live connection);
   * without it nothing is asked (a reconnect resubscribes everything anyway).
   */
  invalidateAll(requestResync: boolean): void {
    this.#resyncRequestsMuted = !requestResync;
    try {
      for (const state of this.#states.all()) state.book?.invalidate();
    } finally {
      this.#resyncRequestsMuted = false;
    }
  }

  /** One `l2_data` message's events. */
  onLevel2Events(events: readonly unknown[], sequence: number): void {
    for (let index = 0; index < events.length; index++) {
      const event = events[index] as { type?: unknown; product_id?: unknown; updates?: unknown };
      const snapshot = event?.type === 'snapshot';
      if (!snapshot && event?.type !== 'update') {
        reportCoinbaseProtocolError(this.#context, `an l2_data event of unknown type ${JSON.stringify(event?.type)}`);
        continue;
      }
      const productId = event.product_id;
      const updates = event.updates;
      if (typeof productId !== 'string' || !Array.isArray(updates)) {
        reportCoinbaseProtocolError(this.#context, 'an l2_data event without a product_id or updates array');
        continue;
      }
      if (!this.#wanted.has(productId, 'level2')) continue;
      const state = this.#states.get(productId);
      if (state.book === undefined) this.open(productId);
      if (snapshot) this.#applySnapshot(state, updates as readonly CoinbaseLevel2Update[], sequence);
      else this.#applyUpdates(state, updates as readonly CoinbaseLevel2Update[], sequence);
    }
  }

  #applySnapshot(state: CoinbaseSymbolState, updates: readonly CoinbaseLevel2Update[], sequence: number): void {
    const book = state.book as OrderBook;
    const bids: [number, number][] = [];
    const asks: [number, number][] = [];
    for (const update of updates) {
      const side = sideOf(update?.side);
      const price = parseCoinbaseDecimal(update?.price_level);
      const quantity = parseCoinbaseDecimal(update?.new_quantity);
      if (side === undefined || !Number.isFinite(price) || !(quantity >= 0)) {
        reportCoinbaseProtocolError(
          this.#context,
          `a ${state.symbol} level2 snapshot level it cannot read (${JSON.stringify(update)})`,
        );
        continue;
      }
      (side === 'bid' ? bids : asks).push([price, quantity]);
    }
    book.applySnapshot({ bids, asks });
    this.#publishTop(state, true);
    if (state.resyncPending) {
      state.resyncPending = false;
      this.#context.health.reportResynced(state.symbol);
    }
    if (this.#context.marketData.wants('book')) this.#emitEvent(state.symbol, true, bids, asks, sequence);
  }

  #applyUpdates(state: CoinbaseSymbolState, updates: readonly CoinbaseLevel2Update[], sequence: number): void {
    const book = state.book as OrderBook;
    // Updates before the snapshot (or after a gap, before the new one) describe a book we do not hold.
    if (book.needsResync) return;
    const bid = book.bestBid;
    const ask = book.bestAsk;
    const bidQuantity = book.bestBidQuantity;
    const askQuantity = book.bestAskQuantity;
    for (let index = 0; index < updates.length; index++) {
      const update = updates[index] as CoinbaseLevel2Update;
      const side = sideOf(update?.side);
      const price = parseCoinbaseDecimal(update?.price_level);
      const quantity = parseCoinbaseDecimal(update?.new_quantity);
      if (side === undefined || !Number.isFinite(price) || !(quantity >= 0)) {
        reportCoinbaseProtocolError(
          this.#context,
          `a ${state.symbol} level2 update it cannot read (${JSON.stringify(update)})`,
        );
        continue;
      }
      book.applyUpdate(side, price, quantity);
    }
    if (
      !sameNumber(bid, book.bestBid) ||
      !sameNumber(ask, book.bestAsk) ||
      bidQuantity !== book.bestBidQuantity ||
      askQuantity !== book.bestAskQuantity
    ) {
      this.#publishTop(state, false);
    }
    if (this.#context.marketData.wants('book')) {
      const bids: [number, number][] = [];
      const asks: [number, number][] = [];
      for (const update of updates) {
        const side = sideOf(update?.side);
        if (side === undefined) continue;
        const level: [number, number] = [
          parseCoinbaseDecimal(update.price_level),
          parseCoinbaseDecimal(update.new_quantity),
        ];
        (side === 'bid' ? bids : asks).push(level);
      }
      this.#emitEvent(state.symbol, false, bids, asks, sequence);
    }
  }

  #publishTop(state: CoinbaseSymbolState, snapshot: boolean): void {
    const book = state.book as OrderBook;
    this.#publisher.quote(state, book.bestBid, book.bestAsk, book.bestBidQuantity, book.bestAskQuantity, snapshot);
  }

  #emitEvent(symbol: string, snapshot: boolean, bids: [number, number][], asks: [number, number][], sequence: number) {
    const toLevels = (levels: [number, number][]): BookLevelUpdate[] =>
      levels.map(([price, size]) => ({ price, size }));
    this.#context.marketData.book({
      symbol,
      snapshot,
      bids: toLevels(bids),
      asks: toLevels(asks),
      timestampMs: timeMs(this.#publisher.messageTime),
      sequence,
    });
  }
}

function sideOf(side: unknown): 'bid' | 'ask' | undefined {
  if (side === 'bid') return 'bid';
  if (side === 'offer' || side === 'ask') return 'ask';
  return undefined;
}

// NaN (an empty side) equals NaN here: an empty side that stays empty is no change.
function sameNumber(left: number, right: number): boolean {
  return left === right || (Number.isNaN(left) && Number.isNaN(right));
}
