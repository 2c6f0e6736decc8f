// tickwire's tick store (ring -> worker thread -> per-symbol files) against two peers in the same run, and the
// reader against a raw read of the same files.
//
// How the comparison is kept fair:
// - Same records: one feed of real 32-byte ticks (4 symbols, 3 sources), encoded once before anything is timed.
// - The limit peer writes exactly the feed's bytes with writeSync in 64 KiB chunks to one file on one thread:
//   no ring, no routing, no file headers. The store's figure includes the main thread copying the feed into the
//   ring, the worker routing every tick to its file and writing 64 KiB batches, and the final flush and close.
// - The naive peer is what people write first: decode each tick to an object and appendFileSync one JSON line.
//   It runs on fewer ticks (it is slow); ticks/s is a rate, so the counts need not match.
// - Every writer writes into a fresh temporary directory on the same file system, deleted right after; no
//   fsync for anyone in the compared cases (the store's default fsync policy is shown in a case of its own).
// - Right before each timed write, the same number of bytes is written and deleted untimed (warmPageCache), so no
//   side pays this VM's first touch of fresh pages because of the order it ran in.
// - Each case runs ROUNDS times, alternating tickwire and peer; each side's best round is reported (every round is
//   listed in the notes). The page cache makes a writer's speed swing several-fold from one round to the next on
//   this shared VM (raw writeSync was seen at 15M and 120M ticks/s in one run), so a median can pair one side's
//   good luck with the other's bad; the best round is each side's speed when the machine let it run.
// - The 'ring hand-off limit' peer is a diagnostic beside the budget: the same ring and publishing, and a worker that
//   writes each readable slice of ring memory straight to one file (no routing, no copy). It is the most any
//   ring -> worker -> file pipeline gets on this machine, whatever it does per tick.
// - The 'TickStoreWriter alone' cases are a diagnostic beside the budget: the same writer fed straight from the
//   feed on one thread, so the gap between them and the store cases is what the ring and the worker hand-over cost.
//   Their notes also give routing alone (the same writer with writes that keep nothing) in ns per tick, next to raw's
//   ns per tick: the sum of the two is about what a store that routes and writes on one core can reach.
// - What the store side does per tick: the worker reads the symbol and source ids, picks the file (last stream,
//   then the stream that followed it last time, then a hash), checks day and room, and copies the record into
//   that file's 64 KiB buffer (four 64-bit lanes, or one `set` for a burst); a full buffer is written with
//   writeSync on the same worker thread, so routing and writing take turns on one core.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpscRing } from '../packages/core/src/ring/spsc-ring';
import { readTickBatches } from '../packages/core/src/store/read-tick-batches';
import { nodeStoreFileSystem, type StoreFileSystem } from '../packages/core/src/store/store-file-system';
import type { FsyncPolicy } from '../packages/core/src/store/store-options';
import { StoreCounter, type TickStoreStats } from '../packages/core/src/store/store-stats';
import { listTickFiles } from '../packages/core/src/store/tick-file-listing';
import { TickStore } from '../packages/core/src/store/tick-store';
import { TickStoreWriter } from '../packages/core/src/store/tick-store-writer';
import { benchCase } from './lib/bench-case';
import type { BenchCase, Benchmark } from './lib/bench-types';
import { ringDumpRun } from './store/ring-dump';
import { buildFeed, FEED_SYMBOLS, publishFeed } from './store/store-feed';
import { jsonLinesAppend, rawRead, rawWrite } from './store/store-peers';

const FEED_TICKS = 8 * 1024 * 1024;
const JSON_LINES_TICKS = 100_000;
const ROUNDS = 5;
const RING_SLOTS = 1 << 16;
const PUBLISH_BATCH = 4096;
const BUDGET_TICKS_PER_SECOND = 10e6;
const BUDGET_RATIO_TO_RAW = 0.7;

// A side's fastest round (for ticks/s) or cheapest (for CPU per tick).
function best(values: number[]): number {
  return Math.max(...values);
}

function cheapest(values: number[]): number {
  return Math.min(...values);
}

function rounds(values: number[]): string {
  return values.map((value) => (value / 1e6).toFixed(1)).join('/');
}

function scratchDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'tickwire-bench-store-'));
}

function removeDirectory(directory: string): void {
  rmSync(directory, { recursive: true, force: true });
}

/**
 * Writes and deletes as many bytes as a timed run is about to write, untimed. On this VM the first touch of a page
 * costs several times a warm write (raw writeSync swung from 12M to 120M ticks/s between rounds on that alone), and
 * pages just freed are handed out again first: every side then writes into pages touched before, whichever ran first.
 */
function warmPageCache(feed: Uint8Array): void {
  const directory = scratchDirectory();
  try {
    rawWrite(join(directory, 'warm-up.bin'), feed);
  } finally {
    removeDirectory(directory);
  }
}

/** Runs `run` in a fresh scratch directory, which is deleted afterwards whatever happens. */
async function inScratchDirectory<T>(run: (directory: string) => T | Promise<T>): Promise<T> {
  const directory = scratchDirectory();
  try {
    return await run(directory);
  } finally {
    removeDirectory(directory);
  }
}

interface StoreRun {
  readonly ticksPerSecond: number;
  /** CPU time of the whole process (producer and worker threads) per tick, in ns. */
  readonly cpuNsPerTick: number;
  readonly stats: TickStoreStats;
  readonly directory: string;
}

/** Publishes the whole feed through a ring into a fresh store; timed from the first publish to the closed files. */
async function storeRun(feed: Uint8Array, fsync: FsyncPolicy): Promise<StoreRun> {
  warmPageCache(feed);
  const directory = scratchDirectory();
  try {
    return await timedStoreRun(feed, fsync, directory);
  } catch (error) {
    removeDirectory(directory);
    throw error;
  }
}

async function timedStoreRun(feed: Uint8Array, fsync: FsyncPolicy, directory: string): Promise<StoreRun> {
  const ring = SpscRing.create({ capacity: RING_SLOTS, waitTimeoutMs: 60_000 });
  const store = await TickStore.start({
    ring,
    directory,
    fsync,
    symbols: FEED_SYMBOLS.map((entry) => ({ symbol: entry.symbol, priceIncrement: entry.increment })),
  });
  const startedAt = performance.now();
  const cpuAtStart = process.cpuUsage();
  const published = publishFeed(ring, feed, PUBLISH_BATCH);
  ring.close();
  const stats = await store.closed;
  const elapsedMs = performance.now() - startedAt;
  const cpu = process.cpuUsage(cpuAtStart);
  const ticks = feed.length / 32;
  if (published !== ticks || stats.ticksWritten !== ticks || stats.ticksLost !== 0) {
    throw new Error(
      `store run lost ticks: published ${published}, written ${stats.ticksWritten}, lost ${stats.ticksLost}`,
    );
  }
  return {
    ticksPerSecond: (ticks / elapsedMs) * 1000,
    cpuNsPerTick: ((cpu.user + cpu.system) * 1000) / ticks,
    stats,
    directory,
  };
}

function rawRun(feed: Uint8Array, cpuNsPerTick: number[] = []): Promise<number> {
  warmPageCache(feed);
  return inScratchDirectory((directory) => {
    const cpuAtStart = process.cpuUsage();
    const elapsedMs = rawWrite(join(directory, 'raw.bin'), feed);
    const cpu = process.cpuUsage(cpuAtStart);
    cpuNsPerTick.push(((cpu.user + cpu.system) * 1000) / (feed.length / 32));
    return (feed.length / 32 / elapsedMs) * 1000;
  });
}

function ringDumpRoundRun(feed: Uint8Array): Promise<number> {
  warmPageCache(feed);
  return inScratchDirectory((directory) => ringDumpRun(feed, directory, RING_SLOTS, PUBLISH_BATCH));
}

/** A file system whose writes report success and keep nothing: what is left of the writer's time is routing. */
const discardingFileSystem: StoreFileSystem = {
  ...nodeStoreFileSystem,
  writeSync: (_fd, _buffer, _offset, length) => length,
};

/**
 * Diagnostic: the store's writer alone on this thread, fed straight from the feed in runs of PUBLISH_BATCH (no
 * ring, no worker, no hand-over between cores); routing and writes are all it does. With `fileSystem` set to
 * {@link discardingFileSystem}, routing is all it does. Returns ticks/s.
 */
function writerAloneRun(feed: Uint8Array, fileSystem: StoreFileSystem = nodeStoreFileSystem): Promise<number> {
  if (fileSystem === nodeStoreFileSystem) warmPageCache(feed);
  return inScratchDirectory((directory) => {
    const writer = new TickStoreWriter(
      {
        directory,
        fsync: 'none',
        symbols: FEED_SYMBOLS.map((entry) => ({ symbol: entry.symbol, priceIncrement: entry.increment })),
      },
      { fileSystem },
    );
    const ticks = feed.length / 32;
    const startedAt = performance.now();
    for (let first = 0; first < ticks; first += PUBLISH_BATCH) {
      writer.appendRecords(feed, first * 32, Math.min(PUBLISH_BATCH, ticks - first));
    }
    writer.close();
    const elapsedMs = performance.now() - startedAt;
    if (writer.counters[StoreCounter.ticksWritten] !== ticks) throw new Error('writer alone lost ticks');
    return (ticks / elapsedMs) * 1000;
  });
}

/**
 * The writer alone against the raw limit, rounds alternating; shows what the ring and worker hand-over add, and
 * (writes discarded) what routing alone costs per tick.
 */
async function writerAloneCase(feed: Uint8Array, label: string): Promise<BenchCase> {
  const alone: number[] = [];
  const raw: number[] = [];
  const routingOnly: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    raw.push(await rawRun(feed));
    alone.push(await writerAloneRun(feed));
    routingOnly.push(await writerAloneRun(feed, discardingFileSystem));
  }
  return benchCase(
    `write, ${label}, TickStoreWriter alone on one thread`,
    'ticks/s',
    best(alone),
    best(raw),
    'raw writeSync 64 KiB (limit)',
    'diagnostic, not the budget: no ring and no worker, the same routing and 64 KiB writes; ' +
      `routing alone (writes discarded): ${(1e9 / best(routingOnly)).toFixed(1)} ns per tick, ` +
      `raw: ${(1e9 / best(raw)).toFixed(1)} ns per tick`,
  );
}

function jsonLinesRun(feed: Uint8Array): Promise<number> {
  return inScratchDirectory(
    (directory) => (JSON_LINES_TICKS / jsonLinesAppend(join(directory, 'ticks.jsonl'), feed, JSON_LINES_TICKS)) * 1000,
  );
}

/** Reads every tick of the directory with the store's reader; returns ticks/s. */
function readerRun(directory: string, order: 'file' | 'time'): number {
  let ticks = 0;
  let checksum = 0;
  const startedAt = performance.now();
  for (const batch of readTickBatches(directory, { order, batchRecords: 8192 })) {
    ticks += batch.count;
    checksum += batch.words[7]!; // touch the data so nothing is skipped
  }
  const elapsedMs = performance.now() - startedAt;
  if (ticks !== FEED_TICKS || Number.isNaN(checksum)) throw new Error(`reader saw ${ticks} ticks`);
  return (ticks / elapsedMs) * 1000;
}

function rawReadRun(directory: string): number {
  const paths = listTickFiles(directory).files.map((file) => file.path);
  const { elapsedMs, bytes } = rawRead(paths);
  return (bytes / 32 / elapsedMs) * 1000;
}

async function writeCases(feed: Uint8Array, label: string): Promise<{ cases: BenchCase[]; directory: string }> {
  const tickwire: number[] = [];
  const raw: number[] = [];
  const jsonLines: number[] = [];
  const gcEvents: number[] = [];
  const tickwireCpu: number[] = [];
  const rawCpu: number[] = [];
  let keep = '';
  const ringDump: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    raw.push(await rawRun(feed, rawCpu));
    ringDump.push(await ringDumpRoundRun(feed));
    const run = await storeRun(feed, 'none');
    tickwire.push(run.ticksPerSecond);
    tickwireCpu.push(run.cpuNsPerTick);
    gcEvents.push(run.stats.gcEvents);
    if (keep !== '') removeDirectory(keep);
    keep = run.directory;
    jsonLines.push(await jsonLinesRun(feed));
  }
  const figure = best(tickwire);
  const limit = best(raw);
  const ratio = figure / limit;
  const budget =
    `budget >= ${BUDGET_TICKS_PER_SECOND / 1e6}M ticks/s: ${figure >= BUDGET_TICKS_PER_SECOND ? 'met' : 'MISSED'}; ` +
    `>= ${BUDGET_RATIO_TO_RAW} of raw: ${ratio >= BUDGET_RATIO_TO_RAW ? 'met' : 'MISSED'}`;
  const common =
    `${FEED_TICKS / 1024 / 1024}Mi ticks, best of ${ROUNDS} (rounds ${rounds(tickwire)} vs ${rounds(raw)} M); ` +
    `least CPU per tick (all threads): tickwire ${cheapest(tickwireCpu).toFixed(1)} ns, raw ` +
    `${cheapest(rawCpu).toFixed(1)} ns; ` +
    `store worker GC events per run: ${gcEvents.join('/')}`;
  return {
    directory: keep,
    cases: [
      benchCase(`write, ${label}`, 'ticks/s', figure, limit, 'raw writeSync 64 KiB (limit)', `${budget}; ${common}`),
      benchCase(
        `write, ${label}`,
        'ticks/s',
        figure,
        best(jsonLines),
        'JSON lines appendFileSync',
        `${JSON_LINES_TICKS} ticks for the peer`,
      ),
      benchCase(
        `write, ${label}`,
        'ticks/s',
        figure,
        best(ringDump),
        'ring hand-off limit: ring -> worker -> writeSync of ring slices, one file, no routing',
        `diagnostic, not the budget: the same ring and publishing as the store; rounds ${rounds(ringDump)} M`,
      ),
    ],
  };
}

async function defaultFsyncCase(feed: Uint8Array): Promise<BenchCase> {
  const tickwire: number[] = [];
  const raw: number[] = [];
  let fsyncs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    raw.push(await rawRun(feed));
    const run = await storeRun(feed, 'interval');
    tickwire.push(run.ticksPerSecond);
    fsyncs = run.stats.fsyncs;
    removeDirectory(run.directory);
  }
  return benchCase(
    "write, interleaved, fsync 'interval' (the default)",
    'ticks/s',
    best(tickwire),
    best(raw),
    'raw writeSync 64 KiB, no fsync',
    `${fsyncs} fdatasync calls in the last run (1 s interval, plus one per file at close)`,
  );
}

function readCases(directory: string): BenchCase[] {
  const fileOrder: number[] = [];
  const merged: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    raw.push(rawReadRun(directory));
    fileOrder.push(readerRun(directory, 'file'));
    merged.push(readerRun(directory, 'time'));
  }
  const files = listTickFiles(directory).files.length;
  return [
    benchCase(
      'read, file order (readTickBatches)',
      'ticks/s',
      best(fileOrder),
      best(raw),
      'raw readSync 64 KiB (limit)',
      `${files} files, page cache warm`,
    ),
    benchCase(
      'read, 4 symbols merged in time order',
      'ticks/s',
      best(merged),
      best(raw),
      'raw readSync 64 KiB (limit)',
      'k-way heap merge, records copied into batches',
    ),
  ];
}

const benchmark: Benchmark = {
  name: 'store',
  description:
    'tick store: ring -> worker -> per-symbol files against raw writeSync and JSON lines; reader against raw reads',
  async run(): Promise<BenchCase[]> {
    const interleaved = buildFeed(FEED_TICKS, 1);
    const bursts = buildFeed(FEED_TICKS, 64);
    const cases: BenchCase[] = [];
    const first = await writeCases(interleaved, 'interleaved tick by tick');
    cases.push(...first.cases);
    const second = await writeCases(bursts, 'bursts of 64 per symbol');
    cases.push(...second.cases);
    removeDirectory(second.directory);
    cases.push(await writerAloneCase(interleaved, 'interleaved tick by tick'));
    cases.push(await writerAloneCase(bursts, 'bursts of 64 per symbol'));
    cases.push(await defaultFsyncCase(interleaved));
    cases.push(...readCases(first.directory));
    removeDirectory(first.directory);
    return cases;
  },
};

export default benchmark;
