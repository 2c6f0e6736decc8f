import type { FileOpenReason, TickStoreEvent } from './store-events';
import type { StoreFileSystem } from './store-file-system';
import { nodeStoreFileSystem } from './store-file-system';
import type { ResolvedStoreOptions, StoreSource, StoreSymbol, TickStoreWriterOptions } from './store-options';
import { resolveStoreOptions } from './store-options';
import { STORE_COUNTER_COUNT, StoreCounter } from './store-stats';
import { type CatalogEntry, StoreSymbolCatalog, streamKey } from './store-symbol-catalog';
import { type AppenderOpening, AppendFailure, TickFileAppender } from './tick-file-appender';
import { decimalsOfIncrement } from './tick-file-header';
import {
  sourceToFileName,
  streamDirectory,
  symbolToFileName,
  unknownSymbolFileName,
  utcDayOfMilliseconds,
} from './tick-file-path';
import { messageOf, systemErrno, systemErrorCode } from './tick-store-error';

const RECORD_SIZE = 32;
const NANOS_PER_DAY = 86_400_000_000_000;
const TWO_TO_32 = 0x1_0000_0000;

/** One source + symbol: the file it currently appends to and its failure state. */
interface TickStream {
  readonly sourceId: number;
  readonly symbolId: number;
  entry: CatalogEntry | undefined;
  appender: TickFileAppender | undefined;
  day: string;
  /** UTC midnight after `day` in ns, as a double: exact, since multiples of a day in ns have 16 trailing zero bits. */
  dayEndNs: number;
  /** Records the current file still takes; 0 sends the next tick through {@link TickStoreWriter.streamFor}. */
  room: number;
  /** Why the next open happens, when the file was closed on purpose. */
  reopenReason: FileOpenReason;
  /** While failing: the time to try again (ms since the epoch); 0 when healthy. */
  failedUntilMs: number;
  failingPath: string;
  lostWhileFailing: number;
}

/** What the writer needs from its host besides the options. */
export interface TickStoreWriterEnvironment {
  /** Defaults to `node:fs`. */
  readonly fileSystem?: StoreFileSystem;
  /** Hears every {@link TickStoreEvent}; without one, events are dropped (the counters still count). */
  readonly onEvent?: (event: TickStoreEvent) => void;
  /** Where the counters live ({@link StoreCounter} indices); a SharedArrayBuffer-backed array lets another thread read them. */
  readonly counters?: Float64Array;
  /** Wall clock in ms; injectable for tests. */
  readonly now?: () => number;
}

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
   * them at once. Allocates nothing unless a file has to be opened.
   */
  appendRecords(bytes: Uint8Array, byteOffset: number, recordCount: number): void {
    if (recordCount <= 0) return;
    const words = this.wordsOf(bytes);
    this.counters[StoreCounter.ticksReceived]! += recordCount;
    let stream = this.lastStream;
    let runStart = 0;
    let word = byteOffset >> 2;
    for (let index = 0; index < recordCount; index++, word += 8) {
      const symbolId = words[word + 2]!;
      const sourceId = words[word + 6]! & 0xff;
      const timestampNs = words[word + 1]! * TWO_TO_32 + words[word]!;
      if (
        stream === undefined ||
        stream.symbolId !== symbolId ||
        stream.sourceId !== sourceId ||
        timestampNs >= stream.dayEndNs ||
        stream.room === 0
      ) {
        if (stream !== undefined && index > runStart) {
          this.appendRun(stream, bytes, byteOffset + runStart * RECORD_SIZE, index - runStart);
        }
        stream = this.streamFor(sourceId, symbolId, words[word]!, words[word + 1]!);
        runStart = index;
      }
      stream.room--;
    }
    if (stream !== undefined)
      this.appendRun(stream, bytes, byteOffset + runStart * RECORD_SIZE, recordCount - runStart);
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
    if (this.options.fsync === 'interval' && now - this.lastSyncAtMs >= this.options.fsyncIntervalMs) this.syncAll();
    this.counters[StoreCounter.flushedTicks] = this.counters[StoreCounter.ticksReceived]!;
    this.counters[StoreCounter.flushes]!++;
    this.counters[StoreCounter.lastFlushAtMs] = now;
  }

  /** fdatasync every open file that has unsynced writes (whatever the policy). */
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

  private appendRun(stream: TickStream, bytes: Uint8Array, byteOffset: number, records: number): void {
    if (stream.entry === undefined) this.counters[StoreCounter.unknownSymbolTicks]! += records;
    if ((stream.failedUntilMs !== 0 || stream.appender === undefined) && !this.retryIfDue(stream)) {
      this.countLost(stream, records);
      return;
    }
    this.currentStream = stream;
    try {
      stream.appender!.append(bytes, byteOffset, records * RECORD_SIZE, this.onWrite);
      if (this.options.fsync === 'every-batch') this.syncStream(stream);
    } catch (error) {
      this.handleFailure(stream, error, this.now());
    }
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
   * The stream a record belongs to, with a file open that can take it; or, while the stream is failing, with
   * `room` 1 so the next record comes back here to check whether it is time to retry.
   */
  private streamFor(sourceId: number, symbolId: number, timestampLow: number, timestampHigh: number): TickStream {
    const key = streamKey(sourceId, symbolId);
    let stream = this.streams.get(key);
    if (stream === undefined) {
      const dayIndex = exactDayIndex(timestampLow, timestampHigh);
      const entry = this.catalog.lookup(sourceId, symbolId);
      if (entry === undefined) this.emit({ type: 'unknown-symbol', sourceId, symbolId });
      stream = {
        sourceId,
        symbolId,
        entry,
        appender: undefined,
        day: utcDayOfMilliseconds(dayIndex * 86_400_000),
        dayEndNs: (dayIndex + 1) * NANOS_PER_DAY,
        room: 0,
        reopenReason: 'first-tick',
        failedUntilMs: 0,
        failingPath: '',
        lostWhileFailing: 0,
      };
      this.streams.set(key, stream);
    } else if (timestampHigh * TWO_TO_32 + timestampLow >= stream.dayEndNs) {
      // The double is within 128 ns of the exact time; the exact day decides. Late ticks of an earlier day stay in
      // the current file: only a later day starts a new one.
      const dayIndex = exactDayIndex(timestampLow, timestampHigh);
      const day = utcDayOfMilliseconds(dayIndex * 86_400_000);
      if (day > stream.day) {
        this.closeStreamFile(stream);
        stream.day = day;
        stream.dayEndNs = (dayIndex + 1) * NANOS_PER_DAY;
        stream.reopenReason = 'new-day';
      }
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
    stream.room =
      stream.appender === undefined || stream.failedUntilMs !== 0
        ? 1
        : stream.appender.roomRecords(this.options.maxFileBytes);
    return stream;
  }

  private openStreamFile(stream: TickStream): void {
    const entry = stream.entry;
    const sourceName = this.catalog.sourceName(stream.sourceId);
    const directory = streamDirectory(
      this.options.directory,
      sourceToFileName(stream.sourceId, sourceName),
      entry === undefined ? unknownSymbolFileName(stream.symbolId) : symbolToFileName(entry.symbol),
    );
    const priceIncrement = entry?.priceIncrement ?? 0;
    let opening: AppenderOpening;
    try {
      opening = TickFileAppender.open(
        this.fileSystem,
        directory,
        {
          sourceId: stream.sourceId,
          sourceName,
          symbol: entry?.symbol ?? '',
          symbolId: stream.symbolId,
          priceIncrement,
          priceDecimals: decimalsOfIncrement(priceIncrement),
          day: stream.day,
          createdNs: wallClockNanoseconds(),
          writerPid: process.pid,
        },
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
    stream.room = appender.roomRecords(this.options.maxFileBytes);
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
      stream.room = Math.min(stream.room, 1);
    }
    this.emit({
      type: 'write-failed',
      path: error.path,
      operation: error.operation,
      code: systemErrorCode(error.cause),
      errno: systemErrno(error.cause),
      message: messageOf(error.cause),
      ticksLost: error.recordsLost,
      retryInMs: syncOnly ? 0 : this.options.retryIntervalMs,
    });
  }
}

/** The UTC day number (days since the epoch) of a u64 ns timestamp given as its two halves; exact. */
function exactDayIndex(timestampLow: number, timestampHigh: number): number {
  return Number(((BigInt(timestampHigh) << 32n) | BigInt(timestampLow)) / 86_400_000_000_000n);
}

/** Wall time in ns with microsecond resolution: orders files created within the same millisecond. */
function wallClockNanoseconds(): bigint {
  return BigInt(Math.floor((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
}
