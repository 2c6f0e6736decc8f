// The store writer's file keeping: opening, rotating, writing, syncing and closing each stream's file, and turning
// every file system failure into an event and a count of lost ticks instead of an exception.
import type { TickStoreEvent } from './store-events';
import type { StoreFileSystem } from './store-file-system';
import type { ResolvedStoreOptions } from './store-options';
import { StoreCounter } from './store-stats';
import type { StoreSymbolCatalog } from './store-symbol-catalog';
import { type AppenderOpening, AppendFailure, TickFileAppender } from './tick-file-appender';
import { streamFolder, streamHeaderFields, type TickStream } from './tick-stream';

const RECORD_SIZE = 32;

/** What {@link TickStreamFiles} works with: the writer's options, file system, counters, catalog and event sink. */
export interface TickStreamFilesContext {
  readonly options: ResolvedStoreOptions;
  readonly fileSystem: StoreFileSystem;
  readonly emit: (event: TickStoreEvent) => void;
  readonly now: () => number;
  readonly counters: Float64Array;
  readonly catalog: StoreSymbolCatalog;
}

/**
 * The file side of `TickStoreWriter`: every operation on a stream's file, with the failure accounting (`errors`,
 * `ticksLost`, `write-failed` / `write-recovered` events, retry times) in one place. Never throws an
 * {@link AppendFailure}; other errors (bugs) propagate.
 */
export class TickStreamFiles {
  private readonly options: ResolvedStoreOptions;
  private readonly fileSystem: StoreFileSystem;
  private readonly emit: (event: TickStoreEvent) => void;
  private readonly now: () => number;
  private readonly counters: Float64Array;
  private readonly catalog: StoreSymbolCatalog;
  /** The stream whose file `onWrite` reports on. */
  private currentStream: TickStream | undefined;

  constructor(context: TickStreamFilesContext) {
    this.options = context.options;
    this.fileSystem = context.fileSystem;
    this.emit = context.emit;
    this.now = context.now;
    this.counters = context.counters;
    this.catalog = context.catalog;
  }

  /** Writes a stream's buffered records (and fdatasyncs under `'every-batch'`); failures are counted and reported. */
  writeBuffer(stream: TickStream): void {
    if (this.writePending(stream) && this.options.fsync === 'every-batch') this.sync(stream);
  }

  // Returns whether the file is still healthy afterwards.
  private writePending(stream: TickStream): boolean {
    const appender = stream.appender;
    if (appender === undefined || appender.pendingWords === 0) return false;
    this.currentStream = stream;
    try {
      appender.writePending(this.onWrite);
      return true;
    } catch (error) {
      this.handleFailure(stream, error, this.now());
      return false;
    }
  }

  /** Buffers one record (the writer's slow path) into a stream whose file takes ticks. */
  appendRecord(stream: TickStream, bytes: Uint8Array, words: Uint32Array, byteOffset: number): void {
    this.currentStream = stream;
    try {
      stream.appender!.append(bytes, words, byteOffset, RECORD_SIZE, this.onWrite);
      if (this.options.fsync === 'every-batch') this.sync(stream);
    } catch (error) {
      this.handleFailure(stream, error, this.now());
    }
  }

  /**
   * Sets how many records the hot path may add before coming back to the slow path: the file's room when the
   * stream is healthy and named, else 0 (every record then takes the slow path, which counts and retries).
   */
  updateRoom(stream: TickStream): void {
    const appender = stream.appender;
    stream.room =
      appender !== undefined && stream.failedUntilMs === 0 && stream.entry !== undefined
        ? appender.roomRecords(this.options.maxFileBytes)
        : 0;
  }

  /** For a failing stream: once its retry time has come, reopens its file if needed. Returns whether it can take ticks. */
  retryIfDue(stream: TickStream): boolean {
    if (stream.failedUntilMs !== 0) {
      if (this.now() < stream.failedUntilMs) return false;
      stream.failedUntilMs = 0;
      if (stream.appender === undefined) stream.reopenReason = 'retry';
    }
    if (stream.appender === undefined) this.open(stream);
    return stream.appender !== undefined && stream.failedUntilMs === 0;
  }

  /** fdatasync of the stream's file when it has unsynced writes; a failure is reported, never thrown. */
  sync(stream: TickStream): void {
    const appender = stream.appender;
    if (appender === undefined) return;
    try {
      if (appender.sync()) this.counters[StoreCounter.fsyncs]!++;
    } catch (error) {
      this.handleFailure(stream, error, this.now());
    }
  }

  /**
   * fdatasync of the stream's file on the thread pool, so ingest does not stall behind the disk; `fsyncs` counts
   * it when it completes, a failure is reported like a write's.
   */
  syncInBackground(stream: TickStream): void {
    stream.appender?.syncInBackground((failure) => {
      if (failure === undefined) this.counters[StoreCounter.fsyncs]!++;
      else this.handleFailure(stream, failure, this.now());
    });
  }

  /** Writes what is buffered and closes the file; failures are reported and counted, never thrown. */
  close(stream: TickStream): void {
    const appender = stream.appender;
    if (appender === undefined) return;
    this.writePending(stream);
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

  /** Counts records of the stream that will never reach its file. */
  countLost(stream: TickStream, records: number): void {
    this.counters[StoreCounter.ticksLost]! += records;
    stream.lostWhileFailing += records;
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

  private open(stream: TickStream): void {
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
