import { BookSide } from './book-side';

/** Which side of the book a level belongs to. */
export type BookSideName = 'bid' | 'ask';

/** One price level, as returned by {@link OrderBook.topLevels}. */
export interface BookLevel {
  readonly price: number;
  readonly quantity: number;
}

/** A full book as a venue sends it on subscribe or resync: `[price, quantity]` pairs, any order. */
export interface BookSnapshotInput {
  readonly bids: ArrayLike<readonly [number, number]>;
  readonly asks: ArrayLike<readonly [number, number]>;
  /** The venue sequence of the snapshot; updates must continue from `sequence + 1`. */
  readonly sequence?: number;
}

/** Top-N levels of both sides, best first. */
export interface BookTopSnapshot {
  readonly symbol: string;
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
  readonly sequence: number;
}

/** Why a book asked for a resync. */
export interface BookResyncRequest {
  readonly symbol: string;
  /** `gap`: a venue sequence was skipped; `invalidated`: the caller said the book can no longer be trusted. */
  readonly reason: 'gap' | 'invalidated';
  /** The sequence the book expected next (NaN when not sequence-driven). */
  readonly expectedSequence: number;
  /** The sequence that arrived instead (NaN when not sequence-driven). */
  readonly receivedSequence: number;
}

/** Order-book settings. */
export interface OrderBookOptions {
  /** The canonical symbol; carried in resync requests and snapshots. */
  readonly symbol: string;
  /**
   * Called once when the book detects a venue sequence gap (or is invalidated): the connector should fetch a new
   * snapshot and call {@link OrderBook.applySnapshot}. Updates are refused until then.
   */
  readonly requestResync?: (request: BookResyncRequest) => void;
  /** Levels to preallocate per side (the arrays double when outgrown). Default 64. */
  readonly initialCapacity?: number;
}

/**
 * An L2 order book built from a snapshot plus incremental updates.
 *
 * Price levels live in sorted typed arrays (binary search; quantity 0 removes a level), so an update allocates
 * nothing and best bid/ask are O(1). A book starts waiting for a snapshot: updates before the first snapshot and
 * after a detected sequence gap are refused (return false) until {@link OrderBook.applySnapshot}.
 *
 * Venue sequences are checked with {@link OrderBook.acceptSequence}, once per venue message (several level changes
 * can share one sequence): an old or repeated sequence is refused, a skipped one marks the book as needing resync
 * and calls `requestResync`.
 *
 * @example
 * ```ts
 * const book = new OrderBook({ symbol: 'BTC-USD', requestResync: () => connector.requestBookSnapshot('BTC-USD') });
 * book.applySnapshot({ bids: [[100, 2]], asks: [[100.5, 1]], sequence: 41 });
 * if (book.acceptSequence(42)) book.applyUpdate('bid', 100.25, 3);
 * writeBookTop(book, writer.draft);
 * ```
 */
export class OrderBook {
  /** The canonical symbol. */
  readonly symbol: string;
  private readonly bids: BookSide;
  private readonly asks: BookSide;
  private readonly requestResyncCallback: ((request: BookResyncRequest) => void) | undefined;
  private lastSequence = Number.NaN;
  private awaitingSnapshot = true;
  private gapCount = 0;
  private updateCount = 0;

  constructor(options: OrderBookOptions) {
    this.symbol = options.symbol;
    this.bids = new BookSide(true, options.initialCapacity);
    this.asks = new BookSide(false, options.initialCapacity);
    this.requestResyncCallback = options.requestResync;
  }

  /** True until a snapshot has been applied, and again after a gap or {@link OrderBook.invalidate}. */
  get needsResync(): boolean {
    return this.awaitingSnapshot;
  }

  /** The last accepted venue sequence, or `NaN` when the book is not sequence-driven. */
  get sequence(): number {
    return this.lastSequence;
  }

  /** How many sequence gaps the book has detected. */
  get gaps(): number {
    return this.gapCount;
  }

  /** How many level updates were applied since creation. */
  get updates(): number {
    return this.updateCount;
  }

  /** Best bid price, or `NaN` when there is no bid. */
  get bestBid(): number {
    return this.bids.bestPrice();
  }

  /** Best ask price, or `NaN` when there is no ask. */
  get bestAsk(): number {
    return this.asks.bestPrice();
  }

  /** Quantity at the best bid (0 when none). */
  get bestBidQuantity(): number {
    return this.bids.bestQuantity();
  }

  /** Quantity at the best ask (0 when none). */
  get bestAskQuantity(): number {
    return this.asks.bestQuantity();
  }

  /** True when the best bid is above the best ask: the book is wrong or the venue is mid-auction. */
  get isCrossed(): boolean {
    return this.bids.bestPrice() > this.asks.bestPrice();
  }

  /** True when the best bid equals the best ask. */
  get isLocked(): boolean {
    return this.bids.bestPrice() === this.asks.bestPrice();
  }

  /** Number of price levels on one side. */
  depth(side: BookSideName): number {
    return side === 'bid' ? this.bids.depth : this.asks.depth;
  }

  /** Quantity resting at exactly `price` on `side`, or 0. */
  quantityAt(side: BookSideName, price: number): number {
    return side === 'bid' ? this.bids.quantityAtPrice(price) : this.asks.quantityAtPrice(price);
  }

  /**
   * Replaces the whole book and clears any resync request. Levels with quantity 0 are skipped; a repeated price
   * keeps its last quantity.
   *
   * @throws RangeError when a price or quantity is not a finite number (quantity must be >= 0), naming the level.
   */
  applySnapshot(snapshot: BookSnapshotInput): void {
    this.bids.clear();
    this.asks.clear();
    this.loadSide(this.bids, snapshot.bids, 'bid');
    this.loadSide(this.asks, snapshot.asks, 'ask');
    this.lastSequence = snapshot.sequence ?? Number.NaN;
    this.awaitingSnapshot = false;
  }

  /**
   * Checks the venue sequence of the next message. Returns true when it follows the last one, so the message's
   * updates may be applied. Returns false for an old or repeated sequence (drop the message) and for a skipped one,
   * which also marks the book as needing resync and calls `requestResync` once.
   */
  acceptSequence(sequence: number): boolean {
    if (this.awaitingSnapshot) return false;
    const last = this.lastSequence;
    if (Number.isNaN(last)) {
      // Not sequenced so far (the snapshot had none): take this one as the baseline.
      this.lastSequence = sequence;
      return true;
    }
    if (sequence <= last) return false;
    if (sequence === last + 1) {
      this.lastSequence = sequence;
      return true;
    }
    this.gapCount++;
    this.markNeedsResync('gap', last + 1, sequence);
    return false;
  }

  /**
   * Sets the quantity at one price level; quantity 0 removes it. Returns false, changing nothing, while the book
   * needs a resync or when the values are not usable (negative or non-finite).
   */
  applyUpdate(side: BookSideName, price: number, quantity: number): boolean {
    if (this.awaitingSnapshot) return false;
    // Written so NaN fails: only finite prices and non-negative finite quantities pass.
    if (!(price > -Infinity && price < Infinity && quantity >= 0 && quantity < Infinity)) return false;
    this.updateCount++;
    // One call site, not one per side: V8 inlines it once, so the price is never boxed to cross a call.
    return (side === 'bid' ? this.bids : this.asks).set(price, quantity);
  }

  /**
   * Marks the book as untrustworthy (a disconnect, a parser error) and asks for a resync. Updates are refused until
   * the next snapshot.
   */
  invalidate(): void {
    this.markNeedsResync('invalidated', Number.NaN, Number.NaN);
  }

  /** The best `count` levels of each side, best first. Allocates: for snapshots on request, not per update. */
  topLevels(count: number): BookTopSnapshot {
    return {
      symbol: this.symbol,
      bids: collectLevels(this.bids, count),
      asks: collectLevels(this.asks, count),
      sequence: this.lastSequence,
    };
  }

  /** Copies up to `count` levels of one side into the given arrays, best first; returns how many. Allocation-free. */
  copyTopLevels(
    side: BookSideName,
    count: number,
    outPrices: Float64Array | number[],
    outQuantities: Float64Array | number[],
  ): number {
    return (side === 'bid' ? this.bids : this.asks).copyTop(count, outPrices, outQuantities);
  }

  private markNeedsResync(reason: BookResyncRequest['reason'], expected: number, received: number): void {
    if (this.awaitingSnapshot && reason === 'invalidated') return;
    const alreadyWaiting = this.awaitingSnapshot;
    this.awaitingSnapshot = true;
    if (alreadyWaiting || this.requestResyncCallback === undefined) return;
    this.requestResyncCallback({
      symbol: this.symbol,
      reason,
      expectedSequence: expected,
      receivedSequence: received,
    });
  }

  private loadSide(side: BookSide, levels: ArrayLike<readonly [number, number]>, name: BookSideName): void {
    for (let index = 0; index < levels.length; index++) {
      const level = levels[index] as readonly [number, number];
      const price = level[0];
      const quantity = level[1];
      if (!Number.isFinite(price) || !Number.isFinite(quantity) || quantity < 0) {
        throw new RangeError(
          `OrderBook ${this.symbol}: snapshot ${name} level ${index} is [${price}, ${quantity}]; prices must be ` +
            'finite and quantities finite and >= 0. Check the connector parser for this venue message.',
        );
      }
      side.set(price, quantity);
    }
  }
}

function collectLevels(side: BookSide, count: number): BookLevel[] {
  const levels: BookLevel[] = [];
  const limit = Math.min(count, side.depth);
  for (let rank = 0; rank < limit; rank++) levels.push({ price: side.priceAt(rank), quantity: side.quantityAt(rank) });
  return levels;
}
