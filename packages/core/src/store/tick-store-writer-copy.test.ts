// The writer copies records as 64-bit lanes (and runs with one `set`): these tests pin that every bit of a record
// arrives unchanged, whatever the bit patterns (NaN-like lanes included) and wherever the records sit in memory.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CRASH_STREAMS } from './__fixtures__/crash-streams';
import { type SampleStream, sampleTicks } from './__fixtures__/sample-ticks';
import { StoreCounter } from './store-stats';
import { TICK_FILE_HEADER_SIZE } from './tick-file-header';
import { TickStoreWriter } from './tick-store-writer';

// Two streams interleaved tick by tick, as in the crash tests.
const [eurusd, aapl] = CRASH_STREAMS as [SampleStream, SampleStream];

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'tickwire-writer-copy-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

/**
 * `count` ticks of `stream` whose bytes 12..23 and 25..31 (everything but timestamp, symbol id and source id)
 * hold patterns that are NaNs and infinities when read as doubles: a copy through a Float64Array could change them.
 */
function oddTicks(stream: SampleStream, count: number): Uint8Array {
  const bytes = sampleTicks(stream, 0, count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let index = 0; index < count; index++) {
    const at = index * 32;
    view.setUint32(at + 12, 0xfff0_0000 + index, true);
    view.setUint32(at + 16, 0x0000_0001 + index, true); // low half of a signalling NaN
    view.setUint32(at + 20, 0x7ff0_0000, true);
    for (let byte = 25; byte < 28; byte++) view.setUint8(at + byte, 0xff);
    view.setUint32(at + 28, 0xfff8_0000 | index, true); // the sequence: a quiet NaN's high half
  }
  return bytes;
}

/** `first` and `second` (same record count) as the writer's paths see them: lone records, then runs of 30 and 10. */
function mixedFeed(first: Uint8Array, second: Uint8Array): Uint8Array {
  const records = first.length / 32;
  const feed = new Uint8Array(first.length + second.length);
  let at = 0;
  const take = (source: Uint8Array, from: number, count: number): void => {
    feed.set(source.subarray(from * 32, (from + count) * 32), at);
    at += count * 32;
  };
  for (let index = 0; index < 5; index++) {
    take(first, index, 1);
    take(second, index, 1);
  }
  take(first, 5, 30);
  take(second, 5, 30);
  take(first, 35, 10);
  take(second, 35, 10);
  take(first, 45, records - 45);
  take(second, 45, records - 45);
  return feed;
}

function recordsOf(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path)).subarray(TICK_FILE_HEADER_SIZE);
}

describe('TickStoreWriter record copies', () => {
  for (const misalignment of [0, 4, 8, 12]) {
    it(`stores every bit of every record, records starting ${misalignment} bytes into an 8-byte-aligned buffer`, () => {
      const euro = oddTicks(eurusd, 60);
      const apple = oddTicks(aapl, 60);
      const feed = mixedFeed(euro, apple);
      const memory = new Uint8Array(feed.length + 16);
      memory.set(feed, misalignment);
      const writer = new TickStoreWriter({
        directory,
        fsync: 'none',
        symbols: [
          { symbol: 'EUR/USD', priceIncrement: 0.00001 },
          { symbol: 'AAPL', priceIncrement: 0.01 },
        ],
      });
      // Two calls: the second starts in the middle of a run, at a record offset rather than byte 0 of a view.
      writer.appendRecords(memory, misalignment, 50);
      writer.appendRecords(memory.subarray(misalignment & 8), (misalignment & 4) + 50 * 32, 70);
      writer.close();
      expect(writer.counters[StoreCounter.ticksWritten]).toBe(120);
      expect(recordsOf(join(directory, 'truefx', 'EUR%2FUSD', '2024-03-15.tick'))).toEqual(euro);
      expect(recordsOf(join(directory, 'alpaca', 'AAPL', '2024-03-15.tick'))).toEqual(apple);
    });
  }
});
