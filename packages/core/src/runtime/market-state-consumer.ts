import type { FeedHealth } from '../feed/feed-health';
import type { LastQuoteBook } from '../feed/last-quote-book';
import type { PriceGrid } from '../tick/price-precision';
import type { SymbolRegistry } from '../tick/symbol-registry';
import { readTickFlags, readTickSequence, readTickSymbolId } from '../tick/tick-decoder';
import { TickFlags } from '../tick/tick-flags';
import { TICK_OFFSET_ASK, TICK_OFFSET_BID, TICK_OFFSET_TIMESTAMP_NS } from '../tick/tick-layout';
import type { TickConsumer } from './tick-hub';

const NS_PER_MS = 1e6;
const TWO_POW_32 = 4294967296;

/**
 * Keeps what the risk gate and the order manager read from the market: per-symbol feed health (staleness, gaps,
 * crossed quotes) and the last quote of every known symbol, on its price grid. Trade ticks update feed health only: a trade price is
 * not a quote to mark positions or to check a price band against.
 */
export class MarketStateConsumer implements TickConsumer {
  readonly name = 'market-state';
  /** Ticks whose symbol id the runtime was never told about (stored and bridged, but not quoted). */
  unknownSymbolTicks = 0;

  constructor(
    private readonly symbols: SymbolRegistry,
    private readonly feedHealth: FeedHealth,
    private readonly quotes: LastQuoteBook,
    private readonly priceGridOf: (symbolId: number) => PriceGrid | undefined,
  ) {}

  onTick(_bytes: Uint8Array, view: DataView, byteOffset: number): void {
    const symbolId = readTickSymbolId(view, byteOffset);
    const flags = readTickFlags(view, byteOffset);
    const bid = view.getFloat32(byteOffset + TICK_OFFSET_BID, true);
    const ask = view.getFloat32(byteOffset + TICK_OFFSET_ASK, true);
    const high = view.getUint32(byteOffset + TICK_OFFSET_TIMESTAMP_NS + 4, true);
    const low = view.getUint32(byteOffset + TICK_OFFSET_TIMESTAMP_NS, true);
    const timeMs = (high * TWO_POW_32 + low) / NS_PER_MS;
    this.feedHealth.recordTick(symbolId, timeMs, bid, ask, readTickSequence(view, byteOffset), flags);
    if ((flags & TickFlags.TRADE) !== 0) return;
    const symbol = this.symbols.symbolOf(symbolId);
    if (symbol === undefined) {
      this.unknownSymbolTicks++;
      return;
    }
    // Ticks carry f32; orders need prices on the instrument's grid, so quotes are kept as grid prices.
    const grid = this.priceGridOf(symbolId);
    if (grid === undefined) this.quotes.update(symbol, bid, ask, timeMs);
    else this.quotes.update(symbol, grid.recover(bid), grid.recover(ask), timeMs);
  }
}
