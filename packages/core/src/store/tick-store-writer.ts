import type { TickStoreEvent } from './store-events';
import type { StoreFileSystem } from './store-file-system';
import { nodeStoreFileSystem } from './store-file-system';
import type {
  ResolvedStoreOptions,
  StoreSource,
  StoreSymbol,
  TickStoreWriterEnvironment,
  TickStoreWriterOptions,
} from './store-options';
import { resolveStoreOptions } from './store-options';
import { STORE_COUNTER_COUNT, StoreCounter } from './store-stats';
import { StoreSymbolCatalog, streamKey } from './store-symbol-catalog';
import { createTickStream, exactDayIndex, isPastStreamDay, setStreamDay, type TickStream } from './tick-stream';
import { TickStreamFiles } from './tick-stream-files';
import { copyStreamRun } from './tick-stream-run';

const RECORD_SIZE = 32;

/**
 * The synchronous heart of the tick store: routes 32-byte records to one append-only file per source, symbol and
 * UTC day, rotating by day and by size, buffering `batchBytes` per file, and turning every file system failure
 * into an event and a count of lost ticks instead of an exception (the file side is {@link TickStreamFiles}). The
 * store worker drives it from the ring; it can also be used directly (single thread, e.g. converting other data
 * to tick files).
 *
 * Not thread-safe and not re-entrant. Take the directory lock (`acquireStoreLock`) before creating one.
 */
export class TickStoreWriter {
  /** Live counters, indexed by {@link StoreCounter}. */
  readonly counters: Float64Array;
  readonly options: ResolvedStoreOptions;
  private readonly emit: (event: TickStoreEvent) => void;
  private readonly now: () => number;
  private readonly catalog: StoreSymbolCatalog;
  private readonly files: TickStreamFiles;
  private readonly streams = new Map<number, TickStream>();
  private readonly streamCache: (TickStream | undefined)[] = new Array<TickStream | undefined>(256).fill(undefined);
  private lastStream: TickStream | undefined;
  private wordsSource: Uint8Array | undefined;
  private words: Uint32Array = new Uint32Array(0);
  private lanes: BigInt64Array = new BigInt64Array(0);
  /** Where records given at an offset that is not a multiple of 8 are copied first, so the lane views line up. */
  private aligned: Uint8Array = new Uint8Array(0);
  private lastSyncAtMs: number;
  private closed = false;

  constructor(options: TickStoreWriterOptions, environment: TickStoreWriterEnvironment = {}) {
    this.options = resolveStoreOptions(options);
    const fileSystem: StoreFileSystem = environment.fileSystem ?? nodeStoreFileSystem;
    this.emit = environment.onEvent ?? (() => {});
    this.now = environment.now ?? Date.now;
    this.counters = environment.counters ?? new Float64Array(STORE_COUNTER_COUNT);
    this.catalog = new StoreSymbolCatalog(this.options.symbols, this.options.sources);
    this.files = new TickStreamFiles({
      options: this.options,
      fileSystem,
      emit: this.emit,
      now: this.now,
      counters: this.counters,
      catalog: this.catalog,
    });
    this.lastSyncAtMs = this.now();
  }

  /**
   * Adds or updates a symbol. Ticks of it that were going to an `id-<hex>` file (or a file with another price
   * increment) go to a correctly named file from the next tick on.
   */
  registerSymbol(symbol: StoreSymbol): void {
    const entry = this.catalog.add(symbol);
    for (const stream of this.streams.values()) {
      if (stream.symbolId !== entry.symbolId) continue;
      const now = this.catalog.lookup(stream.sourceId, stream.symbolId);
      if (now === stream.entry) continue;
      this.files.close(stream);
      stream.entry = now;
      stream.reopenReason = 'registered';
      stream.room = 0;
    }
  }

  /** Names a source's directory. Ticks of it that were going to `source-<id>/` go under the name from the next tick on. */
  registerSource(source: StoreSource): void {
    if (this.catalog.sourceName(source.id) === source.name) return;
    this.catalog.addSource(source);
    for (const stream of this.streams.values()) {
      if (stream.sourceId !== source.id) continue;
      this.files.close(stream);
      stream.reopenReason = 'registered';
      stream.room = 0;
    }
  }

  /**
   * Stores `recordCount` whole records that start `byteOffset` bytes into `bytes` (a multiple of 4; typically
   * ring slots). The records are copied into per-file buffers before this returns, so the caller may release
   * them at once. Allocates nothing per tick: one small view per run of more than 16 records of one stream (copied
   * with one `set`), and what opening a file takes; records not 8-byte aligned in memory are first copied once.
   */
  appendRecords(bytes: Uint8Array, byteOffset: number, recordCount: number): void {
    if (recordCount <= 0) return;
    if (((bytes.byteOffset + byteOffset) & 7) !== 0) {
      this.appendRecords(this.alignedCopy(bytes, byteOffset, recordCount), 0, recordCount);
      return;
    }
    this.viewsOf(bytes);
    const words = this.words;
    const lanes = this.lanes;
    this.counters[StoreCounter.ticksReceived]! += recordCount;
    let stream = this.lastStream;
    const end = (byteOffset >> 2) + recordCount * 8;
    let word = byteOffset >> 2;
    while (word < end) {
      const symbolId = words[word + 2]!;
      const sourceId = words[word + 6]! & 0xff;
      // Whether this record continues the previous one's stream: a burst, worth copying as a run.
      let continues = true;
      if (stream === undefined || stream.symbolId !== symbolId || stream.sourceId !== sourceId) {
        // A multi-symbol feed tends to repeat its order: try the stream that followed this one last time before
        // the hash lookup.
        const previous = stream;
        const guess = previous?.successor;
        if (guess !== undefined && guess.symbolId === symbolId && guess.sourceId === sourceId) {
          stream = guess;
        } else {
          stream = this.knownStream(sourceId, symbolId);
          if (previous !== undefined) previous.successor = stream;
        }
        continues = false;
      }
      const high = words[word + 1]!;
      if (
        stream !== undefined &&
        stream.room > 0 &&
        (high < stream.dayEndHigh || (high === stream.dayEndHigh && words[word]! < stream.dayEndLow))
      ) {
        // The hot path: a healthy file with room, same day.
        if (continues) {
          // A burst: the rest of the run of this stream's records at once.
          word = copyStreamRun(stream, words, lanes, word, end, symbolId, sourceId);
          const appender = stream.appender!;
          if (appender.pendingWords === appender.bufferWords.length) this.files.writeBuffer(stream);
          continue;
        }
        // The first record after a switch (an interleaved feed switches every tick): four 64-bit lane copies,
        // nothing else; not even a look at the next record, which the next turn makes anyway.
        const appender = stream.appender!;
        const target = appender.bufferLanes;
        const at = appender.pendingWords >> 1;
        const from = word >> 1;
        target[at] = lanes[from]!;
        target[at + 1] = lanes[from + 1]!;
        target[at + 2] = lanes[from + 2]!;
        target[at + 3] = lanes[from + 3]!;
        appender.pendingWords += 8;
        stream.room--;
        if (at + 4 === target.length) this.files.writeBuffer(stream);
        word += 8;
      } else {
        stream = this.streamFor(sourceId, symbolId, words[word]!, high);
        this.appendOne(stream, bytes, words, word << 2);
        word += 8;
      }
    }
    this.lastStream = stream;
  }

  /** Records received and not yet handed to the OS. */
  get pendingRecords(): number {
    let pending = 0;
    for (const stream of this.streams.values()) pending += stream.appender?.pendingRecords ?? 0;
    return pending;
  }

  /**
   * Writes every buffered record, then fdatasyncs as the policy says. Afterwards every tick received so far is in
   * its file or counted in `ticksLost`: `flushedTicks` moves up to `ticksReceived`.
   */
  flush(): void {
    const now = this.now();
    for (const stream of this.streams.values()) this.files.writeBuffer(stream);
    if (this.options.fsync === 'interval' && now - this.lastSyncAtMs >= this.options.fsyncIntervalMs) {
      this.syncAllInBackground(now);
    }
    this.counters[StoreCounter.flushedTicks] = this.counters[StoreCounter.ticksReceived]!;
    this.counters[StoreCounter.flushes]!++;
    this.counters[StoreCounter.lastFlushAtMs] = now;
  }

  /** The `'interval'` policy: fdatasync every file with unsynced writes, on the thread pool. */
  private syncAllInBackground(now: number): void {
    this.lastSyncAtMs = now;
    for (const stream of this.streams.values()) this.files.syncInBackground(stream);
  }

  /** fdatasync every open file that has unsynced writes (whatever the policy), before returning. */
  syncAll(): void {
    this.lastSyncAtMs = this.now();
    for (const stream of this.streams.values()) this.files.sync(stream);
  }

  /** Flushes, syncs (unless the policy is `'none'`) and closes every file. The writer cannot be used afterwards. */
  close(): void {
    if (this.closed) return;
    this.flush();
    if (this.options.fsync !== 'none') this.syncAll();
    for (const stream of this.streams.values()) this.files.close(stream);
    this.closed = true;
  }

  private viewsOf(bytes: Uint8Array): void {
    if (bytes !== this.wordsSource) {
      this.wordsSource = bytes;
      this.words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
      this.lanes = new BigInt64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 3);
    }
  }

  private alignedCopy(bytes: Uint8Array, byteOffset: number, recordCount: number): Uint8Array {
    const length = recordCount * RECORD_SIZE;
    if (this.aligned.length < length) this.aligned = new Uint8Array(length);
    this.aligned.set(bytes.subarray(byteOffset, byteOffset + length));
    return this.aligned;
  }

  /**
   * The stream of a source + symbol id if one exists: a direct-mapped cache in front of the map, because an
   * interleaved feed switches stream on every tick and a map lookup with a non-small-integer key costs more than
   * the rest of the routing.
   */
  private knownStream(sourceId: number, symbolId: number): TickStream | undefined {
    const slot = Math.imul(symbolId ^ (sourceId << 24), 0x9e37_79b1) >>> 24;
    const cached = this.streamCache[slot];
    if (cached !== undefined && cached.symbolId === symbolId && cached.sourceId === sourceId) return cached;
    const stream = this.streams.get(streamKey(sourceId, symbolId));
    if (stream !== undefined) this.streamCache[slot] = stream;
    return stream;
  }

  /** The slow path, one record at a time: unknown symbols, failing files, and the record after a rotation. */
  private appendOne(stream: TickStream, bytes: Uint8Array, words: Uint32Array, byteOffset: number): void {
    if (stream.entry === undefined) this.counters[StoreCounter.unknownSymbolTicks]!++;
    if ((stream.failedUntilMs !== 0 || stream.appender === undefined) && !this.files.retryIfDue(stream)) {
      this.files.countLost(stream, 1);
    } else {
      this.files.appendRecord(stream, bytes, words, byteOffset);
    }
    this.files.updateRoom(stream);
  }

  /**
   * The stream a record belongs to, creating it on its first tick, rotating its file by day or size, and
   * reopening it once a failure's retry time has come. The caller updates `room` after storing the record.
   */
  private streamFor(sourceId: number, symbolId: number, timestampLow: number, timestampHigh: number): TickStream {
    const key = streamKey(sourceId, symbolId);
    let stream = this.streams.get(key);
    if (stream === undefined) {
      const entry = this.catalog.lookup(sourceId, symbolId);
      if (entry === undefined) this.emit({ type: 'unknown-symbol', sourceId, symbolId });
      stream = createTickStream(sourceId, symbolId, entry, exactDayIndex(timestampLow, timestampHigh));
      this.streams.set(key, stream);
    } else if (isPastStreamDay(stream, timestampLow, timestampHigh)) {
      // Late ticks of an earlier day stay in the current file: only a later day starts a new one.
      this.files.close(stream);
      setStreamDay(stream, exactDayIndex(timestampLow, timestampHigh));
      stream.reopenReason = 'new-day';
    }
    if (
      stream.failedUntilMs === 0 &&
      stream.appender !== undefined &&
      stream.appender.roomRecords(this.options.maxFileBytes) === 0
    ) {
      this.files.close(stream);
      stream.reopenReason = 'size-limit';
    }
    this.files.retryIfDue(stream);
    return stream;
  }
}
