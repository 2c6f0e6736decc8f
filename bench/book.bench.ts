// L2 book updates per second: tickwire's sorted typed-array OrderBook against a Map + sort-on-read book, on the
// same pre-generated update stream (mostly near the top of the book, a quarter of them deletes), in one run.
// Prices are hundredths (ticks / 100), as a venue's decimal prices parse.
import { OrderBook } from '../packages/core/src/book/order-book';
import { NaiveMapBook } from './book/naive-map-book';
import { benchCase } from './lib/bench-case';
import type { BenchCase, Benchmark } from './lib/bench-types';
import { GcWindowCounter, performance, settleHeap } from './risk/gc-window-counter';

const UPDATES = 4_000_000;
const NAIVE_UPDATES = 200_000;
const DEPTH = 200;

interface UpdateStream {
  readonly sides: Uint8Array;
  readonly prices: Float64Array;
  readonly quantities: Float64Array;
}

/** A seeded stream around a fixed mid: levels cluster near the top (geometric distance); 25% are deletes. */
function generateStream(count: number, seed: number): UpdateStream {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  const sides = new Uint8Array(count);
  const prices = new Float64Array(count);
  const quantities = new Float64Array(count);
  const midTicks = 1_000_000;
  for (let index = 0; index < count; index++) {
    const bid = random() < 0.5;
    const distance = Math.min(DEPTH - 1, Math.floor(-Math.log(1 - random()) * 8));
    const ticks = bid ? midTicks - 1 - distance : midTicks + 1 + distance;
    sides[index] = bid ? 0 : 1;
    prices[index] = Math.round(ticks) / 100;
    quantities[index] = random() < 0.25 ? 0 : 1 + Math.floor(random() * 500);
  }
  return { sides, prices, quantities };
}

function snapshotLevels(): { bids: Array<[number, number]>; asks: Array<[number, number]> } {
  const bids: Array<[number, number]> = [];
  const asks: Array<[number, number]> = [];
  for (let level = 0; level < DEPTH; level++) {
    bids.push([(1_000_000 - 1 - level) / 100, 100]);
    asks.push([(1_000_000 + 1 + level) / 100, 100]);
  }
  return { bids, asks };
}

function runTickwire(book: OrderBook, stream: UpdateStream, count: number, readTop: boolean): number {
  const { sides, prices, quantities } = stream;
  let crossed = 0;
  for (let index = 0; index < count; index++) {
    book.applyUpdate(sides[index] === 0 ? 'bid' : 'ask', prices[index] as number, quantities[index] as number);
    // Read both sides as a tick would; count crossings (an integer: a double accumulator would box in the loop).
    if (readTop && book.bestBid >= book.bestAsk) crossed++;
  }
  return crossed;
}

function runNaive(book: NaiveMapBook, stream: UpdateStream, count: number, readTop: boolean): number {
  const { sides, prices, quantities } = stream;
  let crossed = 0;
  for (let index = 0; index < count; index++) {
    book.applyUpdate(sides[index] === 0 ? 'bid' : 'ask', prices[index] as number, quantities[index] as number);
    if (readTop && book.bestBid >= book.bestAsk) crossed++;
  }
  return crossed;
}

async function measure(stream: UpdateStream, readTop: boolean, gc: GcWindowCounter) {
  const levels = snapshotLevels();
  const book = new OrderBook({ symbol: 'BENCH' });
  book.applySnapshot(levels);
  runTickwire(book, stream, 200_000, readTop);
  book.applySnapshot(levels);
  await settleHeap();
  const start = performance.now();
  const tickwireCrossed = runTickwire(book, stream, UPDATES, readTop);
  const end = performance.now();
  const gcEvents = await gc.countIn(start, end);
  const naive = new NaiveMapBook();
  naive.applySnapshot(levels.bids, levels.asks);
  runNaive(naive, stream, 20_000, readTop);
  naive.applySnapshot(levels.bids, levels.asks);
  const naiveStart = performance.now();
  runNaive(naive, stream, NAIVE_UPDATES, readTop);
  const naiveEnd = performance.now();
  // The stream never crosses the book (bids below the mid, asks above): a crossing would mean a broken book.
  if (tickwireCrossed !== 0) throw new Error(`book bench: the book crossed ${tickwireCrossed} times`);
  return {
    tickwire: UPDATES / ((end - start) / 1_000),
    naive: NAIVE_UPDATES / ((naiveEnd - naiveStart) / 1_000),
    gcEvents,
    depth: book.depth('bid') + book.depth('ask'),
  };
}

/** Both books must agree level by level after the same updates. */
function crossCheck(stream: UpdateStream): void {
  const levels = snapshotLevels();
  const book = new OrderBook({ symbol: 'CHECK' });
  const naive = new NaiveMapBook();
  book.applySnapshot(levels);
  naive.applySnapshot(levels.bids, levels.asks);
  for (let index = 0; index < 50_000; index++) {
    const side = stream.sides[index] === 0 ? 'bid' : 'ask';
    book.applyUpdate(side, stream.prices[index] as number, stream.quantities[index] as number);
    naive.applyUpdate(side, stream.prices[index] as number, stream.quantities[index] as number);
    if (index % 997 === 0 && (book.bestBid !== naive.bestBid || book.bestAsk !== naive.bestAsk)) {
      throw new Error(`book bench: books disagree after update ${index}`);
    }
  }
}

const benchmark: Benchmark = {
  name: 'book',
  description: 'L2 book updates/s: sorted typed arrays vs Map + sort-on-read, with and without a top-of-book read',
  async run(): Promise<BenchCase[]> {
    const stream = generateStream(UPDATES, 7);
    crossCheck(stream);
    const gc = new GcWindowCounter();
    const withTop = await measure(stream, true, gc);
    const updatesOnly = await measure(stream, false, gc);
    gc.stop();
    const notes = (run: typeof withTop) =>
      `budget >= 1M/s; ${UPDATES / 1e6}M updates (naive ${NAIVE_UPDATES / 1e3}k), ~${run.depth} levels at the end; ` +
      `GC events ${run.gcEvents}`;
    return [
      benchCase(
        'update + best bid/ask read (as a tick per update)',
        'updates/s',
        withTop.tickwire,
        withTop.naive,
        'Map + sort-on-read',
        notes(withTop),
      ),
      benchCase(
        'update only',
        'updates/s',
        updatesOnly.tickwire,
        updatesOnly.naive,
        'Map + sort-on-read',
        notes(updatesOnly),
      ),
    ];
  },
};

export default benchmark;
