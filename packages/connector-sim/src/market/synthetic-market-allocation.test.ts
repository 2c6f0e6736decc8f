import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { TickWriter } from '@tickwire/core';
import { describe, expect, it } from 'vitest';
import { RecordingTickWriter } from '../__fixtures__/recording-tick-writer';
import { MatchingEngine } from '../matching/matching-engine';
import { InstrumentTable } from './instrument-table';
import { DEFAULT_SIM_SYMBOLS } from './sim-symbol';
import { SUBSCRIBE_QUOTES, SUBSCRIBE_TRADES, SyntheticMarket } from './synthetic-market';

const startAtMs = Date.UTC(2025, 0, 6, 14, 30);
const warmUpTicks = 1_500_000;
const ticksPerWindow = 600_000;
const windows = 5;

setFlagsFromString('--expose-gc');
/**
 * A full collection before each window empties the young generation, so the few bytes allocated per timer step
 * (not per tick) cannot tip a collection that earlier garbage had nearly filled.
 */
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Runs the default symbols at 1M ticks/s in 1 ms timer steps, with the matching engine listening and one
 * resting order per symbol that never fills (so every quote and trade walks an order), and counts the garbage
 * collections in each of `windows` windows of `ticksPerWindow` ticks, after a warm-up long enough for the JIT to
 * settle.
 */
async function collectionsPerWindow(writer: TickWriter, published: () => number): Promise<number[]> {
  const instruments = new InstrumentTable(
    DEFAULT_SIM_SYMBOLS.map((spec) => ({ ...spec, quoteRate: 225_000, tradeRate: 25_000 })),
  );
  let lateListener: MatchingEngine | undefined;
  const market = new SyntheticMarket({
    symbols: instruments,
    seed: 1,
    writer,
    startAtMs,
    listener: {
      onQuote: (index) => lateListener?.onQuote(index),
      onTrade: (index, side) => lateListener?.onTrade(index, side),
    },
  });
  const engine = new MatchingEngine({ instruments, book: market.book, onEvent: () => {} });
  lateListener = engine;
  for (const spec of instruments.specs) {
    const farBelow = instruments.priceGrid(instruments.indexOf(spec.symbol)).snap(spec.startPrice / 10);
    engine.submit(
      {
        clientOrderId: `rest-${spec.symbol}`,
        symbol: spec.symbol,
        side: 'buy',
        type: 'limit',
        timeInForce: 'gtc',
        quantity: spec.quantityIncrement,
        limitPrice: farBelow,
      },
      startAtMs,
    );
  }
  const symbols = instruments.specs;
  expect(engine.openOrders()).toHaveLength(symbols.length);
  for (let index = 0; index < symbols.length; index++) market.setSubscribed(index, SUBSCRIBE_QUOTES | SUBSCRIBE_TRADES);
  let elapsed = 0;
  const run = (ticks: number): void => {
    const target = published() + ticks;
    while (published() < target) market.advanceTo(startAtMs + ++elapsed);
  };
  run(warmUpTicks);
  const counts: number[] = [];
  for (let window = 0; window < windows; window++) {
    collectGarbage();
    // The forced collection's own entry is delivered later; let it pass before observing.
    await new Promise((resolve) => setTimeout(resolve, 20));
    let collections = 0;
    const observer = new PerformanceObserver((list) => {
      collections += list.getEntries().length;
    });
    observer.observe({ entryTypes: ['gc'] });
    run(ticksPerWindow);
    // GC entries are delivered asynchronously.
    await new Promise((resolve) => setTimeout(resolve, 50));
    observer.disconnect();
    counts.push(collections);
  }
  expect(engine.openOrders()).toHaveLength(symbols.length);
  return counts;
}

function median(values: number[]): number {
  return [...values].sort((left, right) => left - right)[values.length >> 1]!;
}

describe('SyntheticMarket allocation', () => {
  it('generates ticks without garbage collections in steady state, unlike a writer that allocates per tick', async () => {
    // Fields copied, not encoded: this measures the market, not the encoder (which has its own GC test in core).
    const writer = new RecordingTickWriter(4096, 'wrap', false);
    const simulator = await collectionsPerWindow(writer, () => writer.count);

    // Control: the same run through a writer that keeps one small object per tick for a while, the kind of
    // allocation this test must catch. If the control did not collect, the measurement would prove nothing.
    const retained: unknown[] = new Array(1024);
    let allocatingCount = 0;
    const allocatingWriter: TickWriter = {
      draft: writer.draft,
      publish(): boolean {
        retained[allocatingCount % 1024] = { bid: this.draft.bid, ask: this.draft.ask };
        allocatingCount++;
        return true;
      },
    };
    const control = await collectionsPerWindow(allocatingWriter, () => allocatingCount);

    // An allocation per tick collects in every window (the control does, several times per window). The median
    // tolerates a window or two where the JIT re-optimises after the forced collection.
    expect(Math.min(...control)).toBeGreaterThanOrEqual(1);
    expect(median(simulator)).toBe(0);
  });
});
