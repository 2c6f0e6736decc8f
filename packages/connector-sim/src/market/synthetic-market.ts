import { symbolIdOf, TickFlags, type TickWriter } from '@tickwire/core';
import { GeometricBrownianMotion } from './geometric-brownian-motion';
import { InstrumentTable } from './instrument-table';
import { MeanRevertingProcess } from './mean-reverting-process';
import type { PriceProcess } from './price-process';
import { SeededRandom } from './seeded-random';
import type { SimSymbolSpec } from './sim-symbol';
import { TopOfBook } from './top-of-book';

/**
 * Told about every simulated quote and trade, whether or not it reaches the feed: the matching engine listens
 * here, so orders keep matching while the feed is silenced or disconnected.
 */
export interface MarketListener {
  /** The top of book of `symbolIndex` changed at venue time `venueTimeMs`; liquidity was replenished. */
  onQuote(symbolIndex: number, venueTimeMs: number): void;
  /**
   * A trade printed. `aggressorSide` is 1 when a buyer lifted the ask, -1 when a seller hit the bid.
   */
  onTrade(symbolIndex: number, price: number, size: number, aggressorSide: number, venueTimeMs: number): void;
}

/** Counters of what the market generated and what became of it. Plain numbers, updated in place. */
export interface SyntheticMarketStats {
  /** Quote events simulated. */
  quotes: number;
  /** Trade events simulated. */
  trades: number;
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
}

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
 * The per-tick path allocates nothing: state lives in typed arrays, numbers go straight into the TickWriter's
 * reusable draft, and the tick is published.
 */
export class SyntheticMarket {
  /** Best bid/offer and liquidity at the touch of every symbol. */
  readonly book: TopOfBook;
  /** What has been generated, published and withheld so far. */
  readonly stats: SyntheticMarketStats = {
    quotes: 0,
    trades: 0,
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

  private readonly writer: TickWriter;
  private readonly listener: MarketListener | undefined;
  private readonly random: SeededRandom;
  private readonly processes: PriceProcess[];
  private readonly symbolIds: Uint32Array;
  private readonly subscribed: Uint8Array;
  /** Ticks still to throw away per symbol (sequence-gap fault), and whether the next published one is flagged. */
  private readonly gapDropRemaining: Float64Array;
  private readonly gapPending: Uint8Array;
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
  /** Time of the event being generated, ms since `startAtMs`. */
  private eventMs = 0;

  /** @param options - symbols, seed, writer and start time. */
  constructor(options: SyntheticMarketOptions) {
    this.instruments =
      options.symbols instanceof InstrumentTable ? options.symbols : new InstrumentTable(options.symbols);
    const count = this.instruments.size;
    this.writer = options.writer;
    this.listener = options.listener;
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
    this.meanGapMs = new Float64Array(2 * count);
    this.nextEventMs = new Float64Array(2 * count);
    this.lastQuoteMs = new Float64Array(count);
    this.processes = [];
    for (let index = 0; index < count; index++) {
      const spec = this.instruments.spec(index);
      this.symbolIds[index] = symbolIdOf(spec.symbol);
      this.processes.push(this.createProcess(spec));
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

  /** Venue time reached so far, epoch milliseconds. */
  get nowMs(): number {
    return this.startAtMs + this.elapsedMs;
  }

  /** Turns publishing of a symbol's ticks on or off; simulation and matching go on either way. */
  setSubscribed(symbolIndex: number, subscribed: boolean): void {
    this.subscribed[symbolIndex] = subscribed ? 1 : 0;
  }

  /** True when the symbol's ticks are published. */
  isSubscribed(symbolIndex: number): boolean {
    return this.subscribed[symbolIndex] === 1;
  }

  /**
   * Sequence-gap fault: throws away the next `count` ticks of a symbol (-1 for every symbol) as if the venue had
   * lost them, and flags the next tick that does get through with `GAP_BEFORE`.
   */
  dropTicks(symbolIndex: number, count: number): void {
    for (let index = 0; index < this.instruments.size; index++) {
      if (symbolIndex !== -1 && index !== symbolIndex) continue;
      this.gapDropRemaining[index]! += count;
      this.gapPending[index] = 1;
    }
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
      // Times travel in fields, not arguments: see PriceProcess for why.
      this.eventMs = streamTime;
      nextEventMs[stream] = streamTime + this.meanGapMs[stream]! * this.random.nextExponential(1);
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

  private createProcess(spec: SimSymbolSpec): PriceProcess {
    if (spec.process === 'mean-reverting') {
      return new MeanRevertingProcess(
        {
          startPrice: spec.startPrice,
          volatility: spec.volatility,
          halfLifeSeconds: spec.halfLifeSeconds,
          ...(spec.meanPrice === undefined ? {} : { meanPrice: spec.meanPrice }),
        },
        this.random,
      );
    }
    return new GeometricBrownianMotion(
      { startPrice: spec.startPrice, volatility: spec.volatility, drift: spec.drift },
      this.random,
    );
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
    book.bid[symbolIndex] = priceGrid.toValue(bidSteps);
    book.ask[symbolIndex] = priceGrid.toValue(bidSteps + spreadTicks);
    book.bidSize[symbolIndex] = quantityGrid.toValue(this.drawSizeSteps(symbolIndex, 0));
    book.askSize[symbolIndex] = quantityGrid.toValue(this.drawSizeSteps(symbolIndex, 0));
    book.availableBid[symbolIndex] = book.bidSize[symbolIndex]!;
    book.availableAsk[symbolIndex] = book.askSize[symbolIndex]!;
    if (initial) return;
    this.stats.quotes++;
    const draft = this.writer.draft;
    draft.bid = book.bid[symbolIndex]!;
    draft.ask = book.ask[symbolIndex]!;
    // The 32-byte record has one size field, which a quote leaves at 0; the sizes live in the book for matching.
    draft.volume = 0;
    this.publish(symbolIndex, 0);
    this.listener?.onQuote(symbolIndex, this.startAtMs + this.eventMs);
  }

  /** A trade print at `eventMs`, at the bid or the ask, with a skewed size (many small prints, a few large). */
  private trade(symbolIndex: number): void {
    const buyerAggressed = this.random.nextFloat() < 0.5;
    const price = buyerAggressed ? this.book.ask[symbolIndex]! : this.book.bid[symbolIndex]!;
    this.book.lastTrade[symbolIndex] = price;
    this.stats.trades++;
    const draft = this.writer.draft;
    draft.bid = price;
    draft.ask = price;
    draft.volume = this.instruments.quantityGrid(symbolIndex).toValue(this.drawSizeSteps(symbolIndex, 1));
    this.publish(symbolIndex, TickFlags.TRADE);
    this.listener?.onTrade(symbolIndex, price, draft.volume, buyerAggressed ? 1 : -1, this.startAtMs + this.eventMs);
  }

  /**
   * A size in whole quantity increments, at least one: uniform in [mean/2, 3*mean/2) of the quote size (kind 0),
   * or exponential around the trade size (kind 1). Returns an integer, which V8 passes without boxing.
   */
  private drawSizeSteps(symbolIndex: number, kind: number): number {
    const spec = this.instruments.spec(symbolIndex);
    const size =
      kind === 0 ? spec.quoteSize * (0.5 + this.random.nextFloat()) : spec.tradeSize * this.random.nextExponential(1);
    const steps = Math.round(size / spec.quantityIncrement);
    return steps < 1 ? 1 : steps;
  }

  /** Stamps the draft's time and symbol and publishes it, unless the feed is muted, unsubscribed or gapping. */
  private publish(symbolIndex: number, flags: number): void {
    if (this.muted) {
      this.stats.muted++;
      return;
    }
    if (this.subscribed[symbolIndex] === 0) {
      this.stats.unsubscribed++;
      return;
    }
    if (this.gapDropRemaining[symbolIndex]! > 0) {
      this.gapDropRemaining[symbolIndex]!--;
      this.stats.gapDropped++;
      return;
    }
    if (this.gapPending[symbolIndex] === 1) {
      this.gapPending[symbolIndex] = 0;
      flags |= TickFlags.GAP_BEFORE;
    }
    const totalNanos = this.startNanos + Math.floor(this.eventMs * nanosPerMs);
    const carrySeconds = Math.floor(totalNanos / nanosPerSecond);
    const draft = this.writer.draft;
    draft.epochSeconds = this.startSeconds + carrySeconds;
    draft.nanoseconds = totalNanos - carrySeconds * nanosPerSecond;
    draft.symbolId = this.symbolIds[symbolIndex]!;
    draft.flags = flags;
    if (this.writer.publish()) this.stats.published++;
    else this.stats.ringFull++;
  }
}
