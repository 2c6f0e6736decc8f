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
import { type AppenderOpening, AppendFailure, TickFileAppender } from './tick-file-appender';
import {
  createTickStream,
  exactDayIndex,
  isPastStreamDay,
  setStreamDay,
  streamFolder,
  streamHeaderFields,
  type TickStream,
} from './tick-stream';
import { copyStreamRun } from './tick-stream-run';

const RECORD_SIZE = 32;

/**
 * The synchronous heart of the tick store: routes 32-byte records to one append-only file per source, symbol and
 * UTC day, rotating by day and by size, buffering `batchBytes` per file, and turning every file system failure
 * into an event and a count of lost ticks instead of an exception. The store worker drives it from the ring; it
 * can also be used directly (single thread, e.g. converting other data to tick files).
 *
 * Not thread-safe and not re-entrant. Take the directory lock (`acquireStoreLock`) before creating one.
 */
export class TickStoreWriter {
  /** Live counters, indexed by {@link StoreCounter}. */
  readonly counters: Float64Array;
  readonly options: ResolvedStoreOptions;
  private readonly fileSystem: StoreFileSystem;
  private readonly emit: (event: TickStoreEvent) => void;
  private readonly now: () => number;
  private readonly catalog: StoreSymbolCatalog;
  private readonly streams = new Map<number, TickStream>();
  private readonly streamCache: (TickStream | undefined)[] = new Array<TickStream | undefined>(256).fill(undefined);
  private lastStream: TickStream | undefined;
  private currentStream: TickStream | undefined;
  private wordsSource: Uint8Array | undefined;
  private words: Uint32Array = new Uint32Array(0);
  private lastSyncAtMs: number;
  private closed = false;

  constructor(options: TickStoreWriterOptions, environment: TickStoreWriterEnvironment = {}) {
    this.options = resolveStoreOptions(options);
    this.fileSystem = environment.fileSystem ?? nodeStoreFileSystem;
    this.emit = environment.onEvent ?? (() => {});
    this.now = environment.now ?? Date.now;
    this.counters = environment.counters ?? new Float64Array(STORE_COUNTER_COUNT);
    this.catalog = new StoreSymbolCatalog(this.options.symbols, this.options.sources);
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
      this.closeStreamFile(stream);
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
      this.closeStreamFile(stream);
      stream.reopenReason = 'registered';
      stream.room = 0;
    }
  }

  /**
   * Stores `recordCount` whole records that start `byteOffset` bytes into `bytes` (a multiple of 4; typically
   * ring slots). The records are copied into per-file buffers before this returns, so the caller may release
   * them at once. Allocates nothing per tick: one small view per run of more than 16 records of one stream (copied
   * with one `set`), and what opening a file takes.
   */
  appendRecords(bytes: Uint8Array, byteOffset: number, recordCount: number): void {
    if (recordCount <= 0) return;
    const words = this.wordsOf(bytes);
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
      const low = words[word]!;
      const high = words[word + 1]!;
      if (
        stream !== undefined &&
        stream.room > 0 &&
        (high < stream.dayEndHigh || (high === stream.dayEndHigh && low < stream.dayEndLow))
      ) {
        // The hot path: a healthy file with room, same day.
        if (continues) {
          // A burst: the rest of the run of this stream's records at once.
          word = copyStreamRun(stream, words, word, end, symbolId, sourceId);
          const appender = stream.appender!;
          if (appender.pendingWords === appender.bufferWords.length) this.writeBuffer(stream);
          continue;
        }
        // The first record after a switch (an interleaved feed switches every tick): eight word copies, nothing
        // else; not even a look at the next record, which the next turn makes anyway.
        const appender = stream.appender!;
        const target = appender.bufferWords;
        const at = appender.pendingWords;
        target[at] = low;
        target[at + 1] = high;
        target[at + 2] = symbolId;
        target[at + 3] = words[word + 3]!;
        target[at + 4] = words[word + 4]!;
        target[at + 5] = words[word + 5]!;
        target[at + 6] = words[word + 6]!;
        target[at + 7] = words[word + 7]!;
        appender.pendingWords = at + 8;
        stream.room--;
        if (at + 8 === target.length) this.writeBuffer(stream);
        word += 8;
      } else {
        stream = this.streamFor(sourceId, symbolId, low, high);
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
    for (const stream of this.streams.values()) {
      const appender = stream.appender;
      if (appender === undefined || appender.pendingRecords === 0) continue;
      this.currentStream = stream;
      try {
        appender.writePending(this.onWrite);
        if (this.options.fsync === 'every-batch') this.syncStream(stream);
      } catch (error) {
        this.handleFailure(stream, error, now);
      }
    }
    if (this.options.fsync === 'interval' && now - this.lastSyncAtMs >= this.options.fsyncIntervalMs) {
      this.syncAllInBackground(now);
    }
    this.counters[StoreCounter.flushedTicks] = this.counters[StoreCounter.ticksReceived]!;
    this.counters[StoreCounter.flushes]!++;
    this.counters[StoreCounter.lastFlushAtMs] = now;
  }

  /**
   * The `'interval'` policy: fdatasync every file with unsynced writes on the thread pool, so ingest does not
   * stall behind the disk; `fsyncs` counts each one when it completes, a failure is reported like a write's.
   */
  private syncAllInBackground(now: number): void {
    this.lastSyncAtMs = now;
    for (const stream of this.streams.values()) {
      stream.appender?.syncInBackground((failure) => {
        if (failure === undefined) this.counters[StoreCounter.fsyncs]!++;
        else this.handleFailure(stream, failure, this.now());
      });
    }
  }

  /** fdatasync every open file that has unsynced writes (whatever the policy), before returning. */
  syncAll(): void {
    this.lastSyncAtMs = this.now();
    for (const stream of this.streams.values()) this.syncStream(stream);
  }

  /** Flushes, syncs (unless the policy is `'none'`) and closes every file. The writer cannot be used afterwards. */
  close(): void {
    if (this.closed) return;
    this.flush();
    if (this.options.fsync !== 'none') this.syncAll();
    for (const stream of this.streams.values()) this.closeStreamFile(stream);
    this.closed = true;
  }

  private readonly onWrite = (records: number): void => {
    this.counters[StoreCounter.ticksWritten]! += records;
    this.counters[StoreCounter.bytesWritten]! += records * RECORD_SIZE;
    this.counters[StoreCounter.writeCalls]!++;
    const stream = this.currentStream;
    if (stream !== undefined && stream.lostWhileFailing > 0) {
      this.emit({ type: 'write-recovered', path: stream.failingPath, ticksLostWhileFailing: stream.lostWhileFailing });
      stream.lostWhileFailing = 0;
    }
  };

  private wordsOf(bytes: Uint8Array): Uint32Array {
    if (bytes !== this.wordsSource) {
      this.wordsSource = bytes;
      this.words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
    }
    return this.words;
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
    if ((stream.failedUntilMs !== 0 || stream.appender === undefined) && !this.retryIfDue(stream)) {
      this.countLost(stream, 1);
    } else {
      this.currentStream = stream;
      try {
        stream.appender!.append(bytes, words, byteOffset, RECORD_SIZE, this.onWrite);
        if (this.options.fsync === 'every-batch') this.syncStream(stream);
      } catch (error) {
        this.handleFailure(stream, error, this.now());
      }
    }
    this.updateRoom(stream);
  }

  /** Writes a stream's full buffer (the hot path filled it). */
  private writeBuffer(stream: TickStream): void {
    this.currentStream = stream;
    try {
      stream.appender!.writePending(this.onWrite);
      if (this.options.fsync === 'every-batch') this.syncStream(stream);
    } catch (error) {
      this.handleFailure(stream, error, this.now());
    }
  }

  /**
   * Sets how many records the hot path may add before coming back to the slow path: the file's room when the
   * stream is healthy and named, else 0 (every record then takes the slow path, which counts and retries).
   */
  private updateRoom(stream: TickStream): void {
    const appender = stream.appender;
    stream.room =
      appender !== undefined && stream.failedUntilMs === 0 && stream.entry !== undefined
        ? appender.roomRecords(this.options.maxFileBytes)
        : 0;
  }

  /** For a failing stream: once its retry time has come, reopens its file if needed. Returns whether it can take ticks. */
  private retryIfDue(stream: TickStream): boolean {
    if (stream.failedUntilMs !== 0) {
      if (this.now() < stream.failedUntilMs) return false;
      stream.failedUntilMs = 0;
      if (stream.appender === undefined) stream.reopenReason = 'retry';
    }
    if (stream.appender === undefined) this.openStreamFile(stream);
    return stream.appender !== undefined && stream.failedUntilMs === 0;
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
      this.closeStreamFile(stream);
      setStreamDay(stream, exactDayIndex(timestampLow, timestampHigh));
      stream.reopenReason = 'new-day';
    }
    if (
      stream.failedUntilMs === 0 &&
      stream.appender !== undefined &&
      stream.appender.roomRecords(this.options.maxFileBytes) === 0
    ) {
      this.closeStreamFile(stream);
      stream.reopenReason = 'size-limit';
    }
    this.retryIfDue(stream);
    return stream;
  }

  private openStreamFile(stream: TickStream): void {
    let opening: AppenderOpening;
    try {
      opening = TickFileAppender.open(
        this.fileSystem,
        streamFolder(this.options.directory, this.catalog, stream),
        streamHeaderFields(this.catalog, stream),
        this.options.batchBytes,
        this.options.maxFileBytes,
        this.options.fsync !== 'none',
      );
    } catch (error) {
      this.handleFailure(stream, error, this.now());
      return;
    }
    const { appender, recovery, skipped } = opening;
    for (const skip of skipped) this.emit({ type: 'file-skipped', path: skip.path, reason: skip.reason });
    if (recovery !== undefined && (recovery.tornBytes > 0 || recovery.zeroRecordsRemoved > 0)) {
      this.counters[StoreCounter.tornTailsRepaired]!++;
      this.counters[StoreCounter.tornBytesRemoved]! += recovery.tornBytes + recovery.zeroRecordsRemoved * RECORD_SIZE;
      this.emit({
        type: 'tail-repaired',
        path: recovery.path,
        tornBytes: recovery.tornBytes,
        zeroRecordsRemoved: recovery.zeroRecordsRemoved,
        recordCount: recovery.recordCount,
      });
    }
    stream.appender = appender;
    this.updateRoom(stream);
    this.counters[StoreCounter.filesOpened]!++;
    this.counters[StoreCounter.openFiles]!++;
    if (stream.lostWhileFailing > 0) {
      this.emit({ type: 'write-recovered', path: appender.path, ticksLostWhileFailing: stream.lostWhileFailing });
      stream.lostWhileFailing = 0;
    }
    this.emit({
      type: 'file-opened',
      path: appender.path,
      reason: stream.reopenReason,
      created: recovery === undefined,
      recordCount: appender.recordCount,
    });
  }

  private syncStream(stream: TickStream): void {
    const appender = stream.appender;
    if (appender === undefined) return;
    try {
      if (appender.sync()) this.counters[StoreCounter.fsyncs]!++;
    } catch (error) {
      this.handleFailure(stream, error, this.now());
    }
  }

  /** Writes what is buffered and closes the file; failures are reported and counted, never thrown. */
  private closeStreamFile(stream: TickStream): void {
    const appender = stream.appender;
    if (appender === undefined) return;
    this.currentStream = stream;
    try {
      appender.writePending(this.onWrite);
    } catch (error) {
      this.handleFailure(stream, error, this.now());
    }
    if (stream.appender === undefined) return;
    stream.appender = undefined;
    stream.room = 0;
    this.counters[StoreCounter.openFiles]!--;
    try {
      appender.close();
    } catch (error) {
      this.handleFailure(stream, error, this.now());
    }
  }

  private countLost(stream: TickStream, records: number): void {
    this.counters[StoreCounter.ticksLost]! += records;
    stream.lostWhileFailing += records;
  }

  private handleFailure(stream: TickStream, error: unknown, now: number): void {
    if (!(error instanceof AppendFailure)) throw error;
    this.counters[StoreCounter.errors]!++;
    this.countLost(stream, error.recordsLost);
    const appender = stream.appender;
    const syncOnly = error.operation === 'sync' || error.operation === 'close';
    if (!syncOnly) {
      if (appender !== undefined && error.fileBroken) {
        // The file's tail is in an unknown state: let go of it; reopening later repairs the tail.
        this.countLost(stream, appender.discardPending());
        stream.appender = undefined;
        this.counters[StoreCounter.openFiles]!--;
        try {
          appender.close();
        } catch {
          // Already failing; the close error adds nothing the event does not say.
        }
      }
      stream.failedUntilMs = now + this.options.retryIntervalMs;
      stream.failingPath = error.path;
      stream.room = 0;
    }
    this.emit(error.toEvent(syncOnly ? 0 : this.options.retryIntervalMs));
  }
}
