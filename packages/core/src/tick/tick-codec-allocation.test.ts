import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { symbolIdOf } from './symbol-id';
import { decodeTick } from './tick-decoder';
import { createTickStamp, encodeStampedTick, encodeTick } from './tick-encoder';
import { TICK_RECORD_SIZE } from './tick-layout';
import { createTickDraft, createTickRecord, type TickRecord } from './tick-record';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** What `work` allocated: garbage collections it caused, and heap growth when it caused none. */
interface Allocation {
  collections: number;
  heapGrowthBytes: number;
}

/**
 * Measures `work(ticks)`. A full collection first, so young space starts empty, then a short unmeasured run:
 * the first code run after a full collection re-warms and allocates. GC entries arrive asynchronously.
 */
async function allocationDuring(work: (count: number) => void): Promise<Allocation> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 20));
  work(10_000);
  let collections = 0;
  const observer = new PerformanceObserver((list) => {
    collections += list.getEntries().length;
  });
  observer.observe({ entryTypes: ['gc'] });
  const heapBefore = getHeapStatistics().used_heap_size;
  work(ticks);
  const heapGrowthBytes = getHeapStatistics().used_heap_size - heapBefore;
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  return { collections, heapGrowthBytes };
}

/**
 * The quietest of three measurements. Allocation-free code shows no growth in at least one of them; code that boxes a
 * number per tick shows it in every one. Other test files running in parallel (and V8's own background work) can add
 * heap growth to a single measurement, never take it away.
 */
async function quietestAllocation(work: (count: number) => void): Promise<Allocation> {
  let best: Allocation | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const allocation = await allocationDuring(work);
    if (
      best === undefined ||
      allocation.collections + allocation.heapGrowthBytes < best.collections + best.heapGrowthBytes
    ) {
      best = allocation;
    }
    if (best.collections === 0 && best.heapGrowthBytes < 4 * ticks) break;
  }
  return best!;
}

/**
 * Allocation-free: no collection, and under 4 bytes of heap growth per tick. One boxed number per tick would be 12
 * or more; the slack absorbs what V8 allocates on its own (finished background compiles, feedback).
 */
function expectNoAllocation(allocation: Allocation): void {
  expect(allocation.collections).toBe(0);
  expect(allocation.heapGrowthBytes).toBeLessThan(4 * ticks);
}

const slots = 1024;
const ticks = 300_000;
const view = new DataView(new SharedArrayBuffer(slots * TICK_RECORD_SIZE));
const draft = createTickDraft();
const record = createTickRecord();
const stamp = createTickStamp();
// Per-symbol state the way a writer keeps it: typed arrays, whose loads V8 holds unboxed.
const sequences = new Uint32Array([0xc000_0000, 0xffff_fff0]);
const increments = new Float64Array([0.01, 0.00001]);
const symbolIds = [symbolIdOf('AAPL'), symbolIdOf('EUR/USD')]; // both above 2^30
const retained: TickRecord[] = new Array(slots);

/** Fills the draft with values V8 cannot keep as small integers: prices, sizes, a 2024 time. */
function fillDraft(index: number, symbol: number): void {
  draft.epochSeconds = 1_709_303_400 + (index >>> 10);
  draft.nanoseconds = (index * 7919) % 1_000_000_000;
  draft.symbolId = symbolIds[symbol]!;
  draft.bid = symbol === 0 ? 189.52 + (index & 63) * 0.01 : 1.08345 + (index & 63) * 0.00001;
  draft.ask = draft.bid + increments[symbol]!;
  draft.volume = 100.5 + (index & 255);
  draft.flags = 0;
}

let stampedTicks = 0;

function runStamped(count: number, keepCopies: boolean): void {
  stampedTicks += count;
  stamp.source = 4;
  for (let index = 0; index < count; index++) {
    const symbol = index & 1;
    fillDraft(index, symbol);
    stamp.sequence = sequences[symbol]!;
    stamp.priceIncrement = increments[symbol]!;
    const offset = (index & (slots - 1)) * TICK_RECORD_SIZE;
    encodeStampedTick(view, offset, draft, stamp);
    sequences[symbol] = stamp.sequence + 1;
    decodeTick(view, offset, record);
    if (keepCopies) retained[index & (slots - 1)] = { ...record };
  }
}

function runWithArguments(count: number): void {
  for (let index = 0; index < count; index++) {
    fillDraft(index, 0);
    const offset = (index & (slots - 1)) * TICK_RECORD_SIZE;
    encodeTick(view, offset, draft, 4, index, 0.01); // a small sequence and a literal increment box nothing
    decodeTick(view, offset, record);
  }
}

describe('encode / decode allocation', () => {
  it('encodeStampedTick + decodeTick run 300,000 ticks with sequences above 2^31 without a collection', async () => {
    runStamped(ticks, false); // warm up: JIT compilation allocates
    runStamped(ticks, true);
    const codec = await quietestAllocation((count) => runStamped(count, false));
    // Control: the same loop keeping one object per tick. If it did not collect, the measurement proved nothing.
    const control = await allocationDuring((count) => runStamped(count, true));
    expect(control.collections).toBeGreaterThan(0);
    expectNoAllocation(codec);
    // Half of all ticks were this symbol's, starting 16 below 2^32: its sequence wrapped past 2^32 - 1.
    expect(sequences[1]).toBe((0xffff_fff0 + stampedTicks / 2) >>> 0);
  });

  it('encodeTick with small sequences allocates nothing either', async () => {
    runWithArguments(ticks);
    expectNoAllocation(await quietestAllocation(runWithArguments));
  });
});
