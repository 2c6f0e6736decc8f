import { type MarketDataSink, symbolIdOf, TickFlags, type TickWriter } from '@tickwire/core';
import { createPriceProcess } from './create-price-process';
import { InstrumentTable } from './instrument-table';
import type { FeedGapListener, MarketListener, SyntheticMarketStats } from './market-listener';
import type { PriceProcess } from './price-process';
import { SeededRandom } from './seeded-random';
import type { SimSymbolSpec } from './sim-symbol';
import { TopOfBook } from './top-of-book';

export type { FeedGapListener, MarketListener, SyntheticMarketStats } from './market-listener';

/** Options of {@link SyntheticMarket}. */
export interface SyntheticMarketOptions {
  /** The symbols, as specs or as a table shared with the matching engine. */
  readonly symbols: readonly SimSymbolSpec[] | InstrumentTable;
  /** Seed of every random draw: same seed and same clock readings give the same ticks. */
  readonly seed: number;
  /** Where ticks go. */
  readonly writer: TickWriter;
  /** Venue time of the first event, epoch milliseconds (fractional allowed). */
  readonly startAtMs: number;
  /**
   * When the caller asks to advance further than this in one call (a stalled event loop, a debugger), the market
   * skips the excess instead of generating a burst that would flood the ring. Default 1000.
   */
  readonly maxCatchUpMs?: number;
  /** Gets every quote and trade, for the matching engine. */
  readonly listener?: MarketListener;
  /** Full-precision quote and trade events for published ticks, built only when the sink wants them. */
  readonly marketData?: MarketDataSink;
  /** Told when a sequence-gap fault makes the feed skip. */
  readonly onGap?: FeedGapListener;
}

/** Subscription bit: publish the symbol's quotes (and snapshots). */
export const SUBSCRIBE_QUOTES = 1;
/** Subscription bit: publish the symbol's trades. */
export const SUBSCRIBE_TRADES = 2;

const msPerSecond = 1000;
const nanosPerMs = 1_000_000;
const nanosPerSecond = 1_000_000_000;

/**
 * The synthetic quote and trade generator.
 *
 * Each symbol has a quote stream and a trade stream with Poisson arrivals at its configured rates. A call to
 * {@link SyntheticMarket.advanceTo} generates, in time order across all streams, every event due up to the given
 * time, so a coarse timer (a few ms) still yields exact average rates of hundreds of thousands of ticks per second.
 *
 * The per-tick path allocates nothing: state lives in typed arrays and number fields (random draws and prices
 * included: see {@link SeededRandom} for why they travel in fields), numbers go straight into
 * the TickWriter's reusable draft, and the tick is published. (Full-precision events are objects, built only for
 * a sink that asks for them.)
 */
export class SyntheticMarket {
  /** Best bid/offer and liquidity at the touch of every symbol. */
  readonly book: TopOfBook;
  /** What has been generated, published and withheld so far. */
  readonly stats: SyntheticMarketStats = {
    quotes: 0,
    trades: 0,
    snapshots: 0,
    published: 0,
    ringFull: 0,
    muted: 0,
    unsubscribed: 0,
    gapDropped: 0,
    skippedMs: 0,
  };
  /** The simulated symbols, with their grids. */
  readonly instruments: InstrumentTable;
  /** When true, events are still simulated (and matched) but no tick is written: silence or disconnect. */
  muted = false;
  /** Added to every timestamp the venue stamps, ms: a venue clock that runs ahead (or behind) of ours. */
  timestampOffsetMs = 0;
  /** Gets every quote and trade (the matching engine); may be set after construction, since it reads `book`. */
  listener: MarketListener | undefined;

  private readonly writer: TickWriter;
  private readonly marketData: MarketDataSink | undefined;
  private readonly onGap: FeedGapListener | undefined;
  private readonly random: SeededRandom;
  private readonly processes: PriceProcess[] = [];
  private readonly symbolIds: Uint32Array;
  private readonly subscribed: Uint8Array;
  /** Ticks still to throw away per symbol (sequence-gap fault), and whether the next published one is flagged. */
  private readonly gapDropRemaining: Float64Array;
  private readonly gapPending: Uint8Array;
  /** The venue's own per-symbol sequence: ticks it sent, and the last one that got through. */
  private readonly sentSequence: Float64Array;
  private readonly deliveredSequence: Float64Array;
  /** Per stream (2 per symbol: quotes at 2i, trades at 2i+1): mean gap between events and the next event time. */
  private readonly meanGapMs: Float64Array;
  private readonly nextEventMs: Float64Array;
  private readonly lastQuoteMs: Float64Array;
  private readonly maxCatchUpMs: number;
  private readonly startSeconds: number;
  private readonly startNanos: number;
  private readonly startAtMs: number;
  /** Simulated time reached, ms since `startAtMs`. */
  private elapsedMs = 0;
  /** Time of the event being generated, ms since `startAtMs`. Times travel in fields: see PriceProcess for why. */
  private eventMs = 0;

  /** @param options - symbols, seed, writer and start time. */
  constructor(options: SyntheticMarketOptions) {
    this.instruments =
      options.symbols instanceof InstrumentTable ? options.symbols : new InstrumentTable(options.symbols);
    const count = this.instruments.size;
    this.writer = options.writer;
    this.listener = options.listener;
    this.marketData = options.marketData;
    this.onGap = options.onGap;
    this.random = new SeededRandom(options.seed);
    this.maxCatchUpMs = options.maxCatchUpMs ?? 1000;
    this.startAtMs = options.startAtMs;
    this.startSeconds = Math.floor(options.startAtMs / msPerSecond);
    this.startNanos = Math.round((options.startAtMs - this.startSeconds * msPerSecond) * nanosPerMs);
    this.book = new TopOfBook(count);
    this.symbolIds = new Uint32Array(count);
    this.subscribed = new Uint8Array(count);
    this.gapDropRemaining = new Float64Array(count);
    this.gapPending = new Uint8Array(count);
    this.sentSequence = new Float64Array(count);
    this.deliveredSequence = new Float64Array(count);
    this.meanGapMs = new Float64Array(2 * count);
    this.nextEventMs = new Float64Array(2 * count);
    this.lastQuoteMs = new Float64Array(count);
    for (let index = 0; index < count; index++) {
      const spec = this.instruments.spec(index);
      this.symbolIds[index] = symbolIdOf(spec.symbol);
      this.processes.push(createPriceProcess(spec, this.random));
      this.meanGapMs[2 * index] = spec.quoteRate > 0 ? msPerSecond / spec.quoteRate : Number.POSITIVE_INFINITY;
      this.meanGapMs[2 * index + 1] = spec.tradeRate > 0 ? msPerSecond / spec.tradeRate : Number.POSITIVE_INFINITY;
      this.nextEventMs[2 * index] = this.meanGapMs[2 * index]! * this.random.nextExponential(1);
      this.nextEventMs[2 * index + 1] = this.meanGapMs[2 * index + 1]! * this.random.nextExponential(1);
      // A book exists from the start, so an order that arrives before the first quote event still has a price.
      this.quote(index, true);
    }
  }

  /** Index of a symbol, or -1 when the market does not simulate it. */
  indexOf(symbol: string): number {
    return this.instruments.indexOf(symbol);
  }

  /** Venue time reached so far, epoch milliseconds (without {@link SyntheticMarket.timestampOffsetMs}). */
  get nowMs(): number {
    return this.startAtMs + this.elapsedMs;
  }

  /**
   * Chooses which of a symbol's ticks are published: a mask of {@link SUBSCRIBE_QUOTES} and
   * {@link SUBSCRIBE_TRADES} (0 for none). Simulation and matching go on either way.
   */
  setSubscribed(symbolIndex: number, kinds: number): void {
    this.subscribed[symbolIndex] = kinds & (SUBSCRIBE_QUOTES | SUBSCRIBE_TRADES);
  }

  /** The subscription mask of a symbol. */
  subscribedKinds(symbolIndex: number): number {
    return this.subscribed[symbolIndex]!;
  }

  /**
   * Sequence-gap fault: throws away the next `count` ticks of a symbol (-1 for every symbol) as if the venue had
   * lost them, flags the next tick that does get through with `GAP_BEFORE`, and tells `onGap`.
   */
  dropTicks(symbolIndex: number, count: number): void {
    for (let index = 0; index < this.instruments.size; index++) {
      if (symbolIndex !== -1 && index !== symbolIndex) continue;
      this.gapDropRemaining[index]! += count;
      this.gapPending[index] = 1;
    }
  }

  /** Flags the next tick of every symbol `GAP_BEFORE`: the connection was re-made, so anything may be missing. */
  markGapBeforeNextTick(): void {
    this.gapPending.fill(1);
  }

  /**
   * Writes the current top of book of a symbol as a `SNAPSHOT` quote stamped now, the way a venue answers a
   * (re)subscription, if the symbol is subscribed and the feed is not muted.
   */
  publishSnapshot(symbolIndex: number): void {
    this.eventMs = this.elapsedMs;
    this.stats.snapshots++;
    this.writeQuoteTick(symbolIndex, TickFlags.SNAPSHOT);
  }

  /**
   * Generates every quote and trade due up to venue time `untilMs` (epoch ms), in time order, and returns how many
   * events that was. Times that do not move forward generate nothing.
   */
  advanceTo(untilMs: number): number {
    const target = untilMs - this.startAtMs;
    if (!(target > this.elapsedMs)) return 0;
    if (target - this.elapsedMs > this.maxCatchUpMs) this.skipTo(target - this.maxCatchUpMs);
    const nextEventMs = this.nextEventMs;
    const streamCount = nextEventMs.length;
    let generated = 0;
    for (;;) {
      let stream = -1;
      let streamTime = target;
      for (let candidate = 0; candidate < streamCount; candidate++) {
        const candidateTime = nextEventMs[candidate]!;
        if (candidateTime <= streamTime) {
          stream = candidate;
          streamTime = candidateTime;
        }
      }
      if (stream < 0) break;
      this.eventMs = streamTime;
      this.random.drawExponential();
      nextEventMs[stream] = streamTime + this.meanGapMs[stream]! * this.random.exponential;
      if ((stream & 1) === 0) this.quote(stream >> 1, false);
      else this.trade(stream >> 1);
      generated++;
    }
    this.elapsedMs = target;
    return generated;
  }

  /** Jumps over simulated time the caller fell behind on, rescheduling every stream after it. */
  private skipTo(resumeFromMs: number): void {
    this.stats.skippedMs += resumeFromMs - this.elapsedMs;
    for (let stream = 0; stream < this.nextEventMs.length; stream++) {
      if (this.nextEventMs[stream]! < resumeFromMs) {
        this.nextEventMs[stream] = resumeFromMs + this.meanGapMs[stream]! * this.random.nextExponential(1);
      }
    }
  }

  /** A new quote at `eventMs`: step the price, snap it to the grid, refresh sizes, publish, tell the listener. */
  private quote(symbolIndex: number, initial: boolean): void {
    const spec = this.instruments.spec(symbolIndex);
    const process = this.processes[symbolIndex]!;
    process.elapsedSeconds = (this.eventMs - this.lastQuoteMs[symbolIndex]!) / msPerSecond;
    process.step();
    this.lastQuoteMs[symbolIndex] = this.eventMs;
    const spreadTicks = spec.spreadTicks;
    let bidSteps = Math.round(process.price / spec.priceIncrement - spreadTicks / 2);
    if (bidSteps < 1) bidSteps = 1;
    const priceGrid = this.instruments.priceGrid(symbolIndex);
    const quantityGrid = this.instruments.quantityGrid(symbolIndex);
    const book = this.book;
    book.quoteTimeMs[symbolIndex] = this.startAtMs + this.eventMs;
    priceGrid.store(book.bid, symbolIndex, bidSteps);
    priceGrid.store(book.ask, symbolIndex, bidSteps + spreadTicks);
    quantityGrid.store(book.bidSize, symbolIndex, this.drawSizeSteps(symbolIndex, 0));
    quantityGrid.store(book.askSize, symbolIndex, this.drawSizeSteps(symbolIndex, 0));
    book.availableBid[symbolIndex] = book.bidSize[symbolIndex]!;
    book.availableAsk[symbolIndex] = book.askSize[symbolIndex]!;
    if (initial) return;
    this.stats.quotes++;
    this.writeQuoteTick(symbolIndex, 0);
    this.listener?.onQuote(symbolIndex);
  }

  /** Publishes the book of a symbol as a quote tick (volume: bid size + ask size), plus the full event if wanted. */
  private writeQuoteTick(symbolIndex: number, flags: number): void {
    const book = this.book;
    const draft = this.writer.draft;
    draft.bid = book.bid[symbolIndex]!;
    draft.ask = book.ask[symbolIndex]!;
    draft.volume = book.bidSize[symbolIndex]! + book.askSize[symbolIndex]!;
    if (!this.publish(symbolIndex, flags)) return;
    const sink = this.marketData;
    if (sink === undefined || !sink.wants('quotes')) return;
    sink.quote({
      symbol: this.instruments.spec(symbolIndex).symbol,
      bidPrice: book.bid[symbolIndex]!,
      bidSize: book.bidSize[symbolIndex]!,
      askPrice: book.ask[symbolIndex]!,
      askSize: book.askSize[symbolIndex]!,
      timestampMs: this.startAtMs + this.eventMs + this.timestampOffsetMs,
    });
  }

  /** A trade print at `eventMs`, at the bid or the ask, with a skewed size (many small prints, a few large). */
  private trade(symbolIndex: number): void {
    this.random.drawUniform();
    const buyerAggressed = this.random.uniform < 0.5;
    const book = this.book;
    const price = buyerAggressed ? book.ask[symbolIndex]! : book.bid[symbolIndex]!;
    book.lastTrade[symbolIndex] = price;
    book.lastTradeTimeMs[symbolIndex] = this.startAtMs + this.eventMs;
    this.instruments
      .quantityGrid(symbolIndex)
      .store(book.lastTradeSize, symbolIndex, this.drawSizeSteps(symbolIndex, 1));
    this.stats.trades++;
    const draft = this.writer.draft;
    draft.bid = price;
    draft.ask = price;
    draft.volume = book.lastTradeSize[symbolIndex]!;
    if (this.publish(symbolIndex, TickFlags.TRADE) && this.marketData?.wants('trades') === true) {
      this.marketData.trade({
        symbol: this.instruments.spec(symbolIndex).symbol,
        price,
        size: book.lastTradeSize[symbolIndex]!,
        takerSide: buyerAggressed ? 'buy' : 'sell',
        timestampMs: this.startAtMs + this.eventMs + this.timestampOffsetMs,
      });
    }
    this.listener?.onTrade(symbolIndex, buyerAggressed ? 1 : -1);
  }

  /**
   * A size in whole quantity increments, at least one: uniform in [mean/2, 3*mean/2) of the quote size (kind 0),
   * or exponential around the trade size (kind 1). Returns an integer, which V8 passes without boxing.
   */
  private drawSizeSteps(symbolIndex: number, kind: number): number {
    const spec = this.instruments.spec(symbolIndex);
    let size: number;
    if (kind === 0) {
      this.random.drawUniform();
      size = spec.quoteSize * (0.5 + this.random.uniform);
    } else {
      this.random.drawExponential();
      size = spec.tradeSize * this.random.exponential;
    }
    return Math.max(1, Math.round(size / spec.quantityIncrement));
  }

  /**
   * Stamps the draft's time and symbol and publishes it, unless the feed is muted, the symbol unsubscribed or a
   * gap fault is eating ticks. Returns true when the tick reached the writer.
   */
  private publish(symbolIndex: number, flags: number): boolean {
    if (this.muted) {
      this.stats.muted++;
      return false;
    }
    if (
      (this.subscribed[symbolIndex]! & ((flags & TickFlags.TRADE) === 0 ? SUBSCRIBE_QUOTES : SUBSCRIBE_TRADES)) ===
      0
    ) {
      this.stats.unsubscribed++;
      return false;
    }
    this.sentSequence[symbolIndex]!++;
    if (this.gapDropRemaining[symbolIndex]! > 0) {
      this.gapDropRemaining[symbolIndex]!--;
      this.stats.gapDropped++;
      return false;
    }
    if (this.gapPending[symbolIndex] === 1) {
      this.gapPending[symbolIndex] = 0;
      flags |= TickFlags.GAP_BEFORE;
      const expected = this.deliveredSequence[symbolIndex]! + 1;
      if (this.sentSequence[symbolIndex] !== expected)
        this.onGap?.(symbolIndex, expected, this.sentSequence[symbolIndex]!);
    }
    this.deliveredSequence[symbolIndex] = this.sentSequence[symbolIndex]!;
    const totalNanos = this.startNanos + Math.floor((this.eventMs + this.timestampOffsetMs) * nanosPerMs);
    const carrySeconds = Math.floor(totalNanos / nanosPerSecond);
    const draft = this.writer.draft;
    draft.epochSeconds = this.startSeconds + carrySeconds;
    draft.nanoseconds = totalNanos - carrySeconds * nanosPerSecond;
    draft.symbolId = this.symbolIds[symbolIndex]!;
    draft.flags = flags;
    if (this.writer.publish()) {
      this.stats.published++;
      return true;
    }
    this.stats.ringFull++;
    return false;
  }
}
