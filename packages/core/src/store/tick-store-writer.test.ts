import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { symbolIdOf } from '../tick/symbol-id';
import { SAMPLE_DAY_START_NS, type SampleStream, sampleTicks } from './__fixtures__/sample-ticks';
import type { TickStoreEvent } from './store-events';
import { nodeStoreFileSystem, type StoreFileSystem } from './store-file-system';
import { StoreCounter } from './store-stats';
import { decodeTickFileHeader, TICK_FILE_HEADER_SIZE } from './tick-file-header';
import { TickStoreWriter } from './tick-store-writer';

const eurusd: SampleStream = {
  symbol: 'EUR/USD',
  sourceId: 1,
  startNs: SAMPLE_DAY_START_NS,
  stepNs: 1_000_000n,
  basePrice: 1.0845,
  priceIncrement: 0.00001,
};
const aapl: SampleStream = {
  symbol: 'AAPL',
  sourceId: 4,
  startNs: SAMPLE_DAY_START_NS + 500n,
  stepNs: 1_000_000n,
  basePrice: 172.5,
  priceIncrement: 0.01,
};

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'tickwire-writer-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function recordsOf(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path)).subarray(TICK_FILE_HEADER_SIZE);
}

function sequencesOf(path: string): number[] {
  const records = recordsOf(path);
  const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
  const sequences: number[] = [];
  for (let offset = 0; offset + 32 <= records.length; offset += 32) sequences.push(view.getUint32(offset + 28, true));
  return sequences;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, index) => from + index);
}

function interleave(first: Uint8Array, second: Uint8Array): Uint8Array {
  const mixed = new Uint8Array(first.length + second.length);
  for (let index = 0; index < first.length / 32; index++) {
    mixed.set(first.subarray(index * 32, index * 32 + 32), index * 64);
    mixed.set(second.subarray(index * 32, index * 32 + 32), index * 64 + 32);
  }
  return mixed;
}

describe('TickStoreWriter', () => {
  it('writes each source and symbol to its own file with a header, records byte for byte in arrival order', () => {
    const events: TickStoreEvent[] = [];
    const writer = new TickStoreWriter(
      {
        directory,
        symbols: [
          { symbol: 'EUR/USD', priceIncrement: 0.00001 },
          { symbol: 'AAPL', priceIncrement: 0.01 },
        ],
      },
      { onEvent: (event) => events.push(event) },
    );
    const euro = sampleTicks(eurusd, 0, 500);
    const apple = sampleTicks(aapl, 0, 500);
    writer.appendRecords(interleave(euro, apple), 0, 1000);
    writer.close();

    const euroPath = join(directory, 'truefx', 'EUR%2FUSD', '2024-03-15.tick');
    const applePath = join(directory, 'alpaca', 'AAPL', '2024-03-15.tick');
    expect(recordsOf(euroPath)).toEqual(euro);
    expect(recordsOf(applePath)).toEqual(apple);
    const header = decodeTickFileHeader(new Uint8Array(readFileSync(euroPath)), euroPath);
    expect(header).toMatchObject({
      symbol: 'EUR/USD',
      symbolId: symbolIdOf('EUR/USD'),
      sourceId: 1,
      sourceName: 'truefx',
      priceIncrement: 0.00001,
      priceDecimals: 5,
      day: '2024-03-15',
      part: 0,
      writerPid: process.pid,
    });
    expect(header.dayStartNs).toBe(SAMPLE_DAY_START_NS);
    expect(writer.counters[StoreCounter.ticksReceived]).toBe(1000);
    expect(writer.counters[StoreCounter.ticksWritten]).toBe(1000);
    expect(writer.counters[StoreCounter.ticksLost]).toBe(0);
    expect(events.filter((event) => event.type === 'file-opened')).toHaveLength(2);
  });

  it('starts a new file at UTC midnight and when the size limit is reached', () => {
    const nearMidnight: SampleStream = { ...eurusd, startNs: SAMPLE_DAY_START_NS + 86_400_000_000_000n - 50_000_000n };
    const maxFileBytes = TICK_FILE_HEADER_SIZE + 32 * 40;
    const writer = new TickStoreWriter({ directory, maxFileBytes, batchBytes: 32 * 16 });
    // 100 ticks 1 ms apart: 50 before midnight, 50 after; each day splits into parts of 40 records.
    writer.appendRecords(sampleTicks(nearMidnight, 0, 100), 0, 100);
    writer.close();
    const folder = join(directory, 'truefx', `id-${symbolIdOf('EUR/USD').toString(16).padStart(8, '0')}`);
    expect(sequencesOf(join(folder, '2024-03-15.tick'))).toEqual(range(0, 40));
    expect(sequencesOf(join(folder, '2024-03-15.1.tick'))).toEqual(range(40, 50));
    expect(sequencesOf(join(folder, '2024-03-16.tick'))).toEqual(range(50, 90));
    expect(sequencesOf(join(folder, '2024-03-16.1.tick'))).toEqual(range(90, 100));
    expect(statSync(join(folder, '2024-03-15.tick')).size).toBe(maxFileBytes);
  });

  it('keeps bursts of a registered symbol whole across midnight, the size limit, full buffers and call boundaries', () => {
    // Runs of 1, 3, 17 and 40 records (word copies and one-set copies) cross every boundary the hot path checks.
    const nearMidnight: SampleStream = { ...eurusd, startNs: SAMPLE_DAY_START_NS + 86_400_000_000_000n - 70_000_000n };
    const apple: SampleStream = { ...aapl, startNs: nearMidnight.startNs + 500n };
    const euro = sampleTicks(nearMidnight, 0, 140);
    const apples = sampleTicks(apple, 0, 140);
    const mixed = new Uint8Array(euro.length + apples.length);
    let at = 0;
    let taken = 0;
    for (const run of [1, 3, 17, 40, 1, 1, 40, 3, 17, 17]) {
      mixed.set(euro.subarray(taken * 32, (taken + run) * 32), at);
      mixed.set(apples.subarray(taken * 32, (taken + run) * 32), at + run * 32);
      at += run * 64;
      taken += run;
    }
    const maxFileBytes = TICK_FILE_HEADER_SIZE + 32 * 45;
    const writer = new TickStoreWriter({
      directory,
      maxFileBytes,
      batchBytes: 32 * 16,
      symbols: [
        { symbol: 'EUR/USD', priceIncrement: 0.00001 },
        { symbol: 'AAPL', priceIncrement: 0.01 },
      ],
    });
    // Calls of 37 records, so runs are also cut at call boundaries.
    for (let record = 0; record < 280; record += 37)
      writer.appendRecords(mixed, record * 32, Math.min(37, 280 - record));
    writer.close();
    const euroFolder = join(directory, 'truefx', 'EUR%2FUSD');
    // 70 ticks 1 ms apart before midnight, 70 after; each day splits into parts of 45 records.
    expect(sequencesOf(join(euroFolder, '2024-03-15.tick'))).toEqual(range(0, 45));
    expect(sequencesOf(join(euroFolder, '2024-03-15.1.tick'))).toEqual(range(45, 70));
    expect(sequencesOf(join(euroFolder, '2024-03-16.tick'))).toEqual(range(70, 115));
    expect(sequencesOf(join(euroFolder, '2024-03-16.1.tick'))).toEqual(range(115, 140));
    const appleFolder = join(directory, 'alpaca', 'AAPL');
    const appleRecords = [
      ...recordsOf(join(appleFolder, '2024-03-15.tick')),
      ...recordsOf(join(appleFolder, '2024-03-15.1.tick')),
      ...recordsOf(join(appleFolder, '2024-03-16.tick')),
      ...recordsOf(join(appleFolder, '2024-03-16.1.tick')),
    ];
    expect(new Uint8Array(appleRecords)).toEqual(apples);
    expect(writer.counters[StoreCounter.ticksWritten]).toBe(280);
    expect(writer.counters[StoreCounter.ticksLost]).toBe(0);
  });

  it('routes a feed whose symbol order keeps changing, including one symbol id from two sources', () => {
    const streams: SampleStream[] = [eurusd, { ...eurusd, sourceId: 2, startNs: eurusd.startNs + 7n }, aapl];
    const ticks = streams.map((stream) => sampleTicks(stream, 0, 300));
    const taken = [0, 0, 0];
    const mixed = new Uint8Array(900 * 32);
    // A fixed pseudo-random order (so a guess from the previous switch is often wrong), with repeats.
    let state = 12345;
    for (let record = 0; record < 900; record++) {
      let which = 0;
      do {
        state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
        which = (state >>> 16) % 3;
      } while (taken[which] === 300);
      const index = taken[which]!;
      mixed.set(ticks[which]!.subarray(index * 32, index * 32 + 32), record * 32);
      taken[which] = index + 1;
    }
    const writer = new TickStoreWriter({
      directory,
      symbols: [
        { symbol: 'EUR/USD', priceIncrement: 0.00001 },
        { symbol: 'AAPL', priceIncrement: 0.01 },
      ],
    });
    for (let record = 0; record < 900; record += 100) writer.appendRecords(mixed, record * 32, 100);
    writer.close();
    const files = (readdirSync(directory, { recursive: true }) as string[]).filter((name) => name.endsWith('.tick'));
    expect(files).toHaveLength(3);
    for (const name of files) {
      const path = join(directory, name);
      const header = decodeTickFileHeader(new Uint8Array(readFileSync(path)), path);
      const which = streams.findIndex(
        (stream) => stream.sourceId === header.sourceId && stream.symbol === header.symbol,
      );
      expect(recordsOf(path)).toEqual(ticks[which]);
    }
    expect(writer.counters[StoreCounter.ticksWritten]).toBe(900);
  });

  it('appends to the day file after a restart, cutting off a torn tail exactly once', () => {
    const first = new TickStoreWriter({ directory, symbols: [{ symbol: 'EUR/USD' }] });
    first.appendRecords(sampleTicks(eurusd, 0, 100), 0, 100);
    first.close();
    const path = join(directory, 'truefx', 'EUR%2FUSD', '2024-03-15.tick');
    // A crash in the middle of a write: 13 bytes of the 101st record made it.
    appendFileSync(path, sampleTicks(eurusd, 100, 1).subarray(0, 13));

    const events: TickStoreEvent[] = [];
    const second = new TickStoreWriter(
      { directory, symbols: [{ symbol: 'EUR/USD' }] },
      { onEvent: (event) => events.push(event) },
    );
    second.appendRecords(sampleTicks(eurusd, 100, 50), 0, 50);
    second.close();
    expect(events).toContainEqual({
      type: 'tail-repaired',
      path,
      tornBytes: 13,
      zeroRecordsRemoved: 0,
      recordCount: 100,
    });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'file-opened', path, created: false, recordCount: 100 }),
    );
    expect(sequencesOf(path)).toEqual(range(0, 150));
    expect(second.counters[StoreCounter.tornTailsRepaired]).toBe(1);
  });

  it('reports a full disk with path and errno, counts the lost ticks, and resumes once writes work again', () => {
    let failing = false;
    const fullDisk: StoreFileSystem = {
      ...nodeStoreFileSystem,
      writeSync: (fd, buffer, offset, length, position) => {
        if (!failing) return nodeStoreFileSystem.writeSync(fd, buffer, offset, length, position);
        // Like a real ENOSPC: part of the buffer lands (here 100 bytes, not a whole number of records), then the error.
        if (length > 100 && offset === 0) return nodeStoreFileSystem.writeSync(fd, buffer, offset, 100, position);
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
      },
    };
    let now = 1_000;
    const events: TickStoreEvent[] = [];
    const writer = new TickStoreWriter(
      { directory, symbols: [{ symbol: 'EUR/USD' }], batchBytes: 32 * 10, retryIntervalMs: 500 },
      { fileSystem: fullDisk, onEvent: (event) => events.push(event), now: () => now },
    );
    writer.appendRecords(sampleTicks(eurusd, 0, 20), 0, 20);
    failing = true;
    writer.appendRecords(sampleTicks(eurusd, 20, 10), 0, 10); // fills the buffer: the write fails after 3 whole records
    writer.appendRecords(sampleTicks(eurusd, 30, 5), 0, 5); // within the retry interval: lost at once
    failing = false;
    now += 600;
    writer.appendRecords(sampleTicks(eurusd, 35, 15), 0, 15);
    writer.close();

    const path = join(directory, 'truefx', 'EUR%2FUSD', '2024-03-15.tick');
    const failures = events.filter((event) => event.type === 'write-failed');
    expect(failures).toEqual([
      {
        type: 'write-failed',
        path,
        operation: 'write',
        code: 'ENOSPC',
        errno: -28,
        message: 'ENOSPC: no space left on device, write',
        ticksLost: 7,
        retryInMs: 500,
      },
    ]);
    expect(events).toContainEqual({ type: 'write-recovered', path, ticksLostWhileFailing: 12 });
    expect(sequencesOf(path)).toEqual([...range(0, 23), ...range(35, 50)]);
    expect(statSync(path).size % 32).toBe(0);
    expect(writer.counters[StoreCounter.ticksLost]).toBe(12);
    expect(writer.counters[StoreCounter.ticksWritten]).toBe(38);
    expect(writer.counters[StoreCounter.errors]).toBe(1);
  });

  it('keeps running when a directory cannot be created, and counts every tick meant for it', () => {
    let refuse = true;
    const readOnly: StoreFileSystem = {
      ...nodeStoreFileSystem,
      mkdirSync: (path, options) => {
        if (refuse)
          throw Object.assign(new Error(`EACCES: permission denied, mkdir '${path}'`), { code: 'EACCES', errno: -13 });
        nodeStoreFileSystem.mkdirSync(path, options);
      },
    };
    let now = 0;
    const events: TickStoreEvent[] = [];
    const writer = new TickStoreWriter(
      { directory, retryIntervalMs: 100 },
      { fileSystem: readOnly, onEvent: (event) => events.push(event), now: () => now },
    );
    writer.appendRecords(sampleTicks(eurusd, 0, 10), 0, 10);
    now = 50;
    writer.appendRecords(sampleTicks(eurusd, 10, 10), 0, 10);
    refuse = false;
    now = 150;
    writer.appendRecords(sampleTicks(eurusd, 20, 10), 0, 10);
    writer.close();
    const failures = events.filter((event) => event.type === 'write-failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ operation: 'mkdir', code: 'EACCES', errno: -13 });
    expect(writer.counters[StoreCounter.ticksLost]).toBe(20);
    expect(writer.counters[StoreCounter.ticksWritten]).toBe(10);
    const folder = join(directory, 'truefx', `id-${symbolIdOf('EUR/USD').toString(16).padStart(8, '0')}`);
    expect(sequencesOf(join(folder, '2024-03-15.tick'))).toEqual(range(20, 30));
  });

  it('moves an unregistered symbol to its named folder once registered', () => {
    const events: TickStoreEvent[] = [];
    const writer = new TickStoreWriter({ directory }, { onEvent: (event) => events.push(event) });
    writer.appendRecords(sampleTicks(aapl, 0, 10), 0, 10);
    writer.registerSymbol({ symbol: 'AAPL', priceIncrement: 0.01 });
    writer.appendRecords(sampleTicks(aapl, 10, 10), 0, 10);
    writer.close();
    expect(events).toContainEqual({ type: 'unknown-symbol', sourceId: 4, symbolId: symbolIdOf('AAPL') });
    const unknownFolder = join(directory, 'alpaca', `id-${symbolIdOf('AAPL').toString(16).padStart(8, '0')}`);
    expect(sequencesOf(join(unknownFolder, '2024-03-15.tick'))).toEqual(range(0, 10));
    expect(sequencesOf(join(directory, 'alpaca', 'AAPL', '2024-03-15.tick'))).toEqual(range(10, 20));
    expect(writer.counters[StoreCounter.unknownSymbolTicks]).toBe(10);
  });

  it('skips a day file whose header is damaged, reporting it, and writes the next part', () => {
    const folder = join(directory, 'truefx', 'EUR%2FUSD');
    const first = new TickStoreWriter({ directory, symbols: [{ symbol: 'EUR/USD' }] });
    first.appendRecords(sampleTicks(eurusd, 0, 5), 0, 5);
    first.close();
    const damaged = join(folder, '2024-03-15.tick');
    const bytes = readFileSync(damaged);
    bytes[70] = (bytes[70] ?? 0) ^ 0xff;
    writeFileSync(damaged, bytes);
    const events: TickStoreEvent[] = [];
    const second = new TickStoreWriter(
      { directory, symbols: [{ symbol: 'EUR/USD' }] },
      { onEvent: (event) => events.push(event) },
    );
    second.appendRecords(sampleTicks(eurusd, 5, 5), 0, 5);
    second.close();
    expect(events).toContainEqual(expect.objectContaining({ type: 'file-skipped', path: damaged }));
    expect(sequencesOf(join(folder, '2024-03-15.1.tick'))).toEqual(range(5, 10));
    expect(existsSync(`${damaged}.tmp`)).toBe(false);
  });

  it("fdatasyncs on the thread pool every fsyncIntervalMs under 'interval', and syncs before closing", async () => {
    const calls: string[] = [];
    const counting: StoreFileSystem = {
      ...nodeStoreFileSystem,
      fdatasync: (fd, callback) => {
        calls.push('background');
        nodeStoreFileSystem.fdatasync(fd, callback);
      },
      fdatasyncSync: (fd) => {
        calls.push('blocking');
        nodeStoreFileSystem.fdatasyncSync(fd);
      },
    };
    let now = 0;
    const writer = new TickStoreWriter(
      { directory, fsync: 'interval', fsyncIntervalMs: 1000, symbols: [{ symbol: 'EUR/USD' }] },
      { fileSystem: counting, now: () => now },
    );
    writer.appendRecords(sampleTicks(eurusd, 0, 10), 0, 10);
    calls.length = 0; // the new file's header sync
    now = 500;
    writer.flush();
    expect(calls).toEqual([]);
    now = 1000;
    writer.flush();
    expect(calls).toEqual(['background']);
    // The thread pool answers when the disk has; poll (bounded) rather than guess how long that takes.
    for (let waited = 0; writer.counters[StoreCounter.fsyncs] === 0 && waited < 10_000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(writer.counters[StoreCounter.fsyncs]).toBe(1);
    writer.appendRecords(sampleTicks(eurusd, 10, 10), 0, 10);
    writer.close();
    expect(calls).toEqual(['background', 'blocking']);
    expect(sequencesOf(join(directory, 'truefx', 'EUR%2FUSD', '2024-03-15.tick'))).toEqual(range(0, 20));
  });
});
