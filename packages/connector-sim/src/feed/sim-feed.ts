import type { InstrumentTable } from '../market/instrument-table';
import type { MarketListener, SyntheticMarketStats } from '../market/market-listener';
import type { TopOfBook } from '../market/top-of-book';

/**
 * A source of market data for the simulated venue. It keeps the top of book the matching engine trades against,
 * writes ticks for subscribed symbols, and tells the engine about every quote and trade.
 *
 * `SyntheticMarket` (price processes) is the one implementation today. Replay of recorded tick files is planned
 * as a second one: it would set the book from recorded quotes and write the recorded ticks (flagged `SNAPSHOT` as
 * a replay), and the venue, matching engine and faults above it would not change.
 */
export interface SimFeed {
  /** The symbols the feed covers. */
  readonly instruments: InstrumentTable;
  /** Best bid/offer and liquidity at the touch, per symbol index. */
  readonly book: TopOfBook;
  /** What was generated, published and withheld. */
  readonly stats: SyntheticMarketStats;
  /** Gets every quote and trade: the matching engine. */
  listener: MarketListener | undefined;
  /** While true, the market goes on (and orders match) but no tick is written. */
  muted: boolean;
  /** Added to every timestamp the feed stamps, ms (a venue clock ahead of or behind ours). */
  timestampOffsetMs: number;
  /** Produces everything due up to venue time `untilMs` (epoch ms); returns how many events that was. */
  advanceTo(untilMs: number): number;
  /** Sets which kinds of a symbol's ticks are published (`SUBSCRIBE_QUOTES | SUBSCRIBE_TRADES`, or 0). */
  setSubscribed(symbolIndex: number, kinds: number): void;
  /** The subscription mask of a symbol. */
  subscribedKinds(symbolIndex: number): number;
  /** Writes the current top of book of a subscribed symbol as a `SNAPSHOT` tick. */
  publishSnapshot(symbolIndex: number): void;
  /** Throws away the next `count` ticks of a symbol (-1: all symbols) and flags the next one `GAP_BEFORE`. */
  dropTicks(symbolIndex: number, count: number): void;
  /** Flags the next tick of every symbol `GAP_BEFORE` (after the link was re-made). */
  markGapBeforeNextTick(): void;
}
