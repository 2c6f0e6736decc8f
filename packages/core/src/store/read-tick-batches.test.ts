import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_DAY_START_NS, type SampleStream, sampleTicks } from './__fixtures__/sample-ticks';
import { iterateTicks, readTickBatches } from './read-tick-batches';
import type { SkippedTickFile } from './tick-file-listing';
import { TickFileReader } from './tick-file-reader';
import { TickStoreError } from './tick-store-error';
import { TickStoreWriter } from './tick-store-writer';

const DAY_NS = 86_400_000_000_000n;
// Three symbols with co-prime steps, so their timestamps interleave irregularly and sometimes tie.
const streams: SampleStream[] = [
  {
    symbol: 'EUR/USD',
    sourceId: 1,
    startNs: SAMPLE_DAY_START_NS,
    stepNs: 3_000_000_000n,
    basePrice: 1.08,
    priceIncrement: 0.00001,
  },
  {
    symbol: 'AAPL',
    sourceId: 4,
    startNs: SAMPLE_DAY_START_NS,
    stepNs: 5_000_000_000n,
    basePrice: 172,
    priceIncrement: 0.01,
  },
  {
    symbol: 'BTC-USD',
    sourceId: 6,
    startNs: SAMPLE_DAY_START_NS + 7n,
    stepNs: 7_000_000_000n,
    basePrice: 64000,
    priceIncrement: 0.01,
  },
];
// About 1.2 days of each: every stream crosses midnight; small files force size rotation too.
const counts = [35_000, 21_000, 15_000];

interface Expected {
  readonly timestamp: bigint;
  readonly stream: number;
  readonly sequence: number;
}

let directory: string;
let all: Expected[];

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'tickwire-reader-'));
  const writer = new TickStoreWriter({
    directory,
    maxFileBytes: 256 + 32 * 5000,
    symbols: streams.map((stream) => ({ symbol: stream.symbol, priceIncrement: stream.priceIncrement })),
  });
  all = [];
  streams.forEach((stream, index) => {
    const count = counts[index]!;
    writer.appendRecords(sampleTicks(stream, 0, count), 0, count);
    for (let sequence = 0; sequence < count; sequence++) {
      all.push({ timestamp: stream.startNs + BigInt(sequence) * stream.stepNs, stream: index, sequence });
    }
  });
  writer.close();
  // Stable by stream order on equal timestamps, as the merge promises.
  all.sort((left, right) =>
    left.timestamp === right.timestamp ? left.stream - right.stream : left.timestamp < right.timestamp ? -1 : 1,
  );
});
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

function collect(path: string, options: Parameters<typeof readTickBatches>[1] = {}): Expected[] {
  const found: Expected[] = [];
  const sourceToStream = new Map(streams.map((stream, index) => [stream.sourceId, index]));
  for (const batch of readTickBatches(path, options)) {
    for (let index = 0; index < batch.count; index++) {
      const source = batch.words[index * 8 + 6]! & 0xff;
      found.push({
        timestamp: batch.timestampAt(index),
        stream: sourceToStream.get(source)!,
        sequence: batch.sequenceAt(index),
      });
    }
  }
  return found;
}

describe('readTickBatches', () => {
  it('merges every symbol of a directory into one time-ordered sequence across days and parts', () => {
    const merged = collect(directory, { batchRecords: 1000 });
    expect(merged.length).toBe(all.length);
    expect(merged).toEqual(all);
  });

  it('reads file by file, naming the file of each batch', () => {
    const files = new Set<string>();
    const sequences = new Map<number, number[]>();
    for (const batch of readTickBatches(directory, { order: 'file', batchRecords: 777 })) {
      files.add(batch.file!.path);
      const list = sequences.get(batch.file!.header.sourceId) ?? [];
      for (let index = 0; index < batch.count; index++) list.push(batch.sequenceAt(index));
      sequences.set(batch.file!.header.sourceId, list);
    }
    expect(files.size).toBeGreaterThan(6); // two days, several parts each
    streams.forEach((stream, index) => {
      expect(sequences.get(stream.sourceId)).toEqual(Array.from({ length: counts[index]! }, (_, sequence) => sequence));
    });
  });

  it('restricts to a time window by binary search, in both orders, across a midnight', () => {
    const fromNs = SAMPLE_DAY_START_NS + DAY_NS - 3600_000_000_000n; // 23:00 on the first day
    const toNs = SAMPLE_DAY_START_NS + DAY_NS + 1800_000_000_000n + 1n; // 00:30 on the next, inclusive of it
    const expected = all.filter((tick) => tick.timestamp >= fromNs && tick.timestamp < toNs);
    expect(expected.length).toBeGreaterThan(1000);
    expect(collect(directory, { fromNs, toNs })).toEqual(expected);
    const byFile = collect(directory, { fromNs, toNs, order: 'file' });
    expect(byFile.length).toBe(expected.length);
    expect(new Set(byFile.map((tick) => `${tick.stream}:${tick.sequence}`))).toEqual(
      new Set(expected.map((tick) => `${tick.stream}:${tick.sequence}`)),
    );
  });

  it('selects symbols and sources', () => {
    const apple = collect(directory, { symbols: ['AAPL'] });
    expect(apple).toEqual(all.filter((tick) => tick.stream === 1));
    expect(collect(directory, { sourceIds: [6] })).toEqual(all.filter((tick) => tick.stream === 2));
  });

  it('iterates decoded ticks of one file, reusing one record', () => {
    const path = join(directory, 'alpaca', 'AAPL', '2024-03-15.tick');
    const ticks = [...iterateTicks(path)];
    expect(new Set(ticks).size).toBe(1); // the same object, refilled
    const copies = Array.from(iterateTicks(path), (tick) => ({ ...tick }));
    expect(copies).toHaveLength(5000);
    expect(copies[3]).toMatchObject({ symbolId: expect.any(Number), source: 4, sequence: 3, bid: Math.fround(172.21) });
  });

  it('refuses a damaged file in a directory unless told to skip it, and names it', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'tickwire-reader-bad-'));
    try {
      const writer = new TickStoreWriter({ directory: scratch });
      writer.appendRecords(sampleTicks(streams[0]!, 0, 10), 0, 10);
      writer.appendRecords(sampleTicks(streams[1]!, 0, 10), 0, 10);
      writer.close();
      const bad = join(scratch, 'junk.tick');
      writeFileSync(bad, 'not a tick file at all');
      expect(() => collect(scratch)).toThrow(expect.objectContaining({ code: 'STORE_FILE_CORRUPT', path: bad }));
      const skipped: SkippedTickFile[] = [];
      expect(collect(scratch, { onSkippedFile: (file) => skipped.push(file) })).toHaveLength(20);
      expect(skipped.map((file) => file.path)).toEqual([bad]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('TickFileReader', () => {
  it('seeks by time to the first record at or after it', () => {
    const path = join(directory, 'truefx', 'EUR%2FUSD', '2024-03-15.tick');
    const reader = TickFileReader.open(path);
    try {
      const first = reader.timestampAt(0);
      expect(reader.seekTime(0n)).toBe(0);
      expect(reader.seekTime(first)).toBe(0);
      expect(reader.seekTime(first + 1n)).toBe(1);
      expect(reader.seekTime(first + 3_000_000_000n * 1234n)).toBe(1234);
      expect(reader.seekTime(first + 3_000_000_000n * 1234n - 1n)).toBe(1234);
      expect(reader.seekTime(first + 3_000_000_000n * 1234n + 1n)).toBe(1235);
      expect(reader.seekTime(2n ** 63n)).toBe(reader.recordCount);
    } finally {
      reader.close();
    }
  });

  it('reports a torn tail without changing the file', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'tickwire-reader-torn-'));
    try {
      const path = join(scratch, 'copy.tick');
      writeFileSync(path, readFileSync(join(directory, 'alpaca', 'AAPL', '2024-03-15.tick')));
      appendFileSync(path, new Uint8Array(20).fill(7));
      const size = statSync(path).size;
      const reader = TickFileReader.open(path);
      expect(reader.recordCount).toBe(5000);
      expect(reader.tornBytes).toBe(20);
      reader.close();
      expect(statSync(path).size).toBe(size);
      expect(() => TickFileReader.open(join(scratch, 'missing.tick'))).toThrow(
        expect.objectContaining({ code: 'STORE_IO_FAILED' }),
      );
      expect(TickStoreError.isInstance(new TickStoreError('STORE_CLOSED', 'x'))).toBe(true);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
