import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpscRing } from '../ring/spsc-ring';
import { CRASH_STREAMS } from './__fixtures__/crash-streams';
import { publishRecords } from './__fixtures__/ring-publisher';
import { SAMPLE_DAY_START_NS, type SampleStream, sampleTicks } from './__fixtures__/sample-ticks';
import { readTickBatches } from './read-tick-batches';
import type { TickStoreEvent } from './store-events';
import { STORE_LOCK_FILE_NAME } from './store-lock';
import { TickStore } from './tick-store';
import { TickStoreError } from './tick-store-error';

// EUR/USD and AAPL as the crash child streams them, plus BTC-USD.
const streams: SampleStream[] = [
  ...CRASH_STREAMS,
  {
    symbol: 'BTC-USD',
    sourceId: 6,
    startNs: SAMPLE_DAY_START_NS + 2n,
    stepNs: 1000n,
    basePrice: 64000,
    priceIncrement: 0.01,
  },
];
const symbols = streams.map((stream) => ({ symbol: stream.symbol, priceIncrement: stream.priceIncrement }));

/** `perStream` ticks of each stream, interleaved one by one as a multi-symbol feed delivers them. */
function interleavedFeed(perStream: number): Uint8Array {
  const parts = streams.map((stream) => sampleTicks(stream, 0, perStream));
  const feed = new Uint8Array(perStream * streams.length * 32);
  for (let index = 0; index < perStream; index++) {
    parts.forEach((part, stream) => {
      feed.set(part.subarray(index * 32, index * 32 + 32), (index * streams.length + stream) * 32);
    });
  }
  return feed;
}

/** Sequences found on disk per symbol, in file order. */
function sequencesBySymbol(directory: string): Map<string, number[]> {
  const found = new Map<string, number[]>();
  for (const batch of readTickBatches(directory, { order: 'file' })) {
    const symbol = batch.file!.header.symbol;
    const list = found.get(symbol) ?? [];
    for (let index = 0; index < batch.count; index++) list.push(batch.sequenceAt(index));
    found.set(symbol, list);
  }
  return found;
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'tickwire-store-'));
});
afterEach(() => {
  chmodSync(directory, 0o755);
  rmSync(directory, { recursive: true, force: true });
});

describe('TickStore (worker thread)', () => {
  it('after a graceful stop (ring closed), every tick published is on disk exactly once', async () => {
    const ring = SpscRing.create({ capacity: 1 << 12, waitTimeoutMs: 30_000 });
    const store = await TickStore.start({ ring, directory, symbols, flushIntervalMs: 5 });
    const perStream = 100_000;
    const published = publishRecords(ring, interleavedFeed(perStream), perStream * streams.length);
    ring.close();
    const stats = await store.closed;
    expect(published).toBe(perStream * streams.length);
    expect(ring.stats().dropped).toBe(0);
    expect(stats).toMatchObject({ ticksReceived: published, ticksWritten: published, ticksLost: 0, openFiles: 0 });
    const onDisk = sequencesBySymbol(directory);
    for (const stream of streams) expect(onDisk.get(stream.symbol)).toEqual(range(perStream));
  });

  it('has every received tick in its file within the flush interval while it keeps running', async () => {
    const ring = SpscRing.create({ capacity: 1 << 12 });
    const store = await TickStore.start({ ring, directory, symbols, flushIntervalMs: 10 });
    publishRecords(ring, interleavedFeed(1000), 3000);
    // No close, no explicit flush: the interval alone must move the ticks to disk.
    await waitFor(() => store.stats().flushedTicks === 3000, 'the flush interval to write 3000 ticks');
    const onDisk = sequencesBySymbol(directory);
    for (const stream of streams) expect(onDisk.get(stream.symbol)).toEqual(range(1000));
    ring.close();
    await store.closed;
  });

  it('refuses a second writer on the same directory with an error naming the holder', async () => {
    const ring = SpscRing.create({ capacity: 1 << 10 });
    const store = await TickStore.start({ ring, directory });
    const second = TickStore.start({ ring: SpscRing.create({ capacity: 1 << 10 }), directory });
    await expect(second).rejects.toSatisfy(
      (error: unknown) =>
        TickStoreError.isInstance(error) &&
        error.code === 'STORE_LOCKED' &&
        error.message.includes(directory) &&
        error.message.includes('another tick store in this process'),
    );
    ring.close();
    await store.closed;
    // Released on close: a new writer may start.
    const ring2 = SpscRing.create({ capacity: 1 << 10 });
    const third = await TickStore.start({ ring: ring2, directory });
    ring2.close();
    await third.closed;
  });

  it('takes over a lock left by a dead process and says so', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']);
    expect(dead.status).toBe(0);
    writeFileSync(
      join(directory, STORE_LOCK_FILE_NAME),
      JSON.stringify({ pid: dead.pid, hostname: hostname(), since: '2024-01-01T00:00:00.000Z' }),
    );
    const events: TickStoreEvent[] = [];
    const ring = SpscRing.create({ capacity: 1 << 10 });
    const store = await TickStore.start({ ring, directory, onEvent: (event) => events.push(event) });
    expect(events).toContainEqual({
      type: 'lock-recovered',
      path: join(directory, STORE_LOCK_FILE_NAME),
      stalePid: dead.pid,
    });
    ring.close();
    await store.closed;
  });

  it('reports a permission error loudly, counts the lost ticks and keeps storing other sources', async () => {
    // The source folder exists but is read-only, so the symbol folder cannot be created in it.
    const sourceFolder = join(directory, 'truefx');
    mkdirSync(sourceFolder, { mode: 0o555 });
    chmodSync(sourceFolder, 0o555);
    // root ignores directory permissions, so as root the same EACCES comes from an injected file system layer;
    // as any other user the real chmod above is what refuses.
    const asRoot = process.getuid?.() === 0;
    const fileSystemModule = asRoot
      ? new URL('./__fixtures__/read-only-source-file-system.ts', import.meta.url)
      : undefined;
    const events: TickStoreEvent[] = [];
    const ring = SpscRing.create({ capacity: 1 << 12 });
    const store = await TickStore.start({
      ring,
      directory,
      symbols,
      onEvent: (event) => events.push(event),
      ...(fileSystemModule === undefined ? {} : { fileSystemModule }),
    });
    publishRecords(ring, interleavedFeed(1000), 3000);
    ring.close();
    const stats = await store.closed;
    chmodSync(sourceFolder, 0o755);

    const failure = events.find((event) => event.type === 'write-failed');
    expect(failure).toMatchObject({ operation: 'mkdir', code: 'EACCES', path: join(sourceFolder, 'EUR%2FUSD') });
    expect(failure?.type === 'write-failed' && failure.errno).toBe(-13);
    expect(stats.ticksLost).toBe(1000);
    expect(stats.ticksWritten).toBe(2000);
    const onDisk = sequencesBySymbol(directory);
    expect(onDisk.get('AAPL')).toEqual(range(1000));
    expect(onDisk.get('BTC-USD')).toEqual(range(1000));
    expect(onDisk.has('EUR/USD')).toBe(false);
  });

  it('names files after a symbol registered while running', async () => {
    const ring = SpscRing.create({ capacity: 1 << 10 });
    const store = await TickStore.start({ ring, directory });
    await store.registerSymbol({ symbol: 'AAPL', priceIncrement: 0.01 });
    publishRecords(ring, sampleTicks(streams[1]!, 0, 100), 100);
    await store.flush();
    ring.close();
    await store.closed;
    expect(sequencesBySymbol(directory).get('AAPL')).toEqual(range(100));
    await expect(store.registerSymbol({ symbol: 'MSFT' })).rejects.toSatisfy(
      (error: unknown) => TickStoreError.isInstance(error) && error.code === 'STORE_CLOSED',
    );
  });
});
