import { join } from 'node:path';
import type { TickStoreEvent } from './store-events';
import type { StoreFileSystem } from './store-file-system';
import { encodeTickFileHeader, TICK_FILE_HEADER_SIZE, type TickFileHeaderFields } from './tick-file-header';
import { parseTickFileName, tickFileName } from './tick-file-path';
import { recoverTickFileTail, type TickFileRecovery } from './tick-file-recovery';
import { messageOf, systemErrno, systemErrorCode, TickStoreError } from './tick-store-error';

const RECORD_SIZE = 32;
/** Up to this many bytes are copied word by word; longer runs with one `set`. */
const SMALL_COPY_BYTES = 16 * RECORD_SIZE;

/** Which file operation failed; carried by {@link AppendFailure} and the store's `write-failed` event. */
export type StoreOperation = 'mkdir' | 'open' | 'create' | 'write' | 'truncate' | 'sync' | 'close';

/**
 * Thrown by {@link TickFileAppender} when the file system refuses an operation. The appender has already dropped
 * what it could not write and counted it in {@link AppendFailure.recordsLost}.
 */
export class AppendFailure extends Error {
  constructor(
    readonly operation: StoreOperation,
    readonly path: string,
    override readonly cause: unknown,
    readonly recordsLost: number,
    /** True when the file is left in an unknown state and must be closed and reopened (which repairs its tail). */
    readonly fileBroken: boolean,
  ) {
    super(`${operation} ${path} failed`);
    this.name = 'AppendFailure';
  }

  /** The `write-failed` event reporting this failure. */
  toEvent(retryInMs: number): TickStoreEvent {
    return {
      type: 'write-failed',
      path: this.path,
      operation: this.operation,
      code: systemErrorCode(this.cause),
      errno: systemErrno(this.cause),
      message: messageOf(this.cause),
      ticksLost: this.recordsLost,
      retryInMs,
    };
  }
}

/** What opening the file for a day found. */
export interface AppenderOpening {
  readonly appender: TickFileAppender;
  /** Set when an existing file was reopened (its tail checked and repaired). */
  readonly recovery: TickFileRecovery | undefined;
  /** Existing parts that could not be appended to (damaged header, other symbol or increment), skipped with a reason. */
  readonly skipped: readonly { path: string; reason: string }[];
}

function failure(
  operation: StoreOperation,
  path: string,
  cause: unknown,
  recordsLost = 0,
  broken = false,
): AppendFailure {
  return new AppendFailure(operation, path, cause, recordsLost, broken);
}

/**
 * One open tick file being appended to: a write buffer of `batchBytes`, written with one `write` at an explicit
 * position when full or when the store flushes. The buffer is what makes 32-byte ticks cheap to store; the explicit
 * position is what lets a failed write be cut back to a record boundary.
 */
export class TickFileAppender {
  /** Bytes in the file (header + records) that the OS has accepted. */
  private size: number;
  private readonly buffer: Uint8Array;
  /**
   * The write buffer as u32 words, and how many of them hold records not yet written. Public so the store's
   * routing loop can copy a record's eight words straight in (no call, no subarray per tick); whoever fills the
   * buffer to its length must call {@link TickFileAppender.writePending} before adding more.
   */
  readonly bufferWords: Uint32Array;
  /**
   * The same buffer as 64-bit lanes (lane `i` is words `2i` and `2i + 1`): the routing loop copies a record as four
   * lanes, about half the cost of eight word copies in V8. BigInt64 lanes keep every bit pattern (a Float64Array
   * copy might not preserve NaN payloads).
   */
  readonly bufferLanes: BigInt64Array;
  pendingWords = 0;
  private unsynced = false;
  private syncsInFlight = 0;
  private closeWhenSynced = false;

  private constructor(
    private readonly fileSystem: StoreFileSystem,
    private readonly fd: number,
    readonly path: string,
    readonly part: number,
    size: number,
    batchBytes: number,
  ) {
    this.size = size;
    this.buffer = new Uint8Array(batchBytes);
    this.bufferWords = new Uint32Array(this.buffer.buffer);
    this.bufferLanes = new BigInt64Array(this.buffer.buffer);
  }

  /**
   * Opens the file `directory/<day>[.<part>].tick` to append the day's ticks: the highest existing part when its
   * header matches `fields` and it has room, else a new part created with a complete header (written to a `.tmp`
   * file and renamed, so a crash never leaves a file with half a header).
   *
   * @throws AppendFailure when a directory or file operation fails.
   */
  static open(
    fileSystem: StoreFileSystem,
    directory: string,
    fields: Omit<TickFileHeaderFields, 'part'>,
    batchBytes: number,
    maxFileBytes: number,
    syncNewFiles: boolean,
  ): AppenderOpening {
    try {
      fileSystem.mkdirSync(directory, { recursive: true });
    } catch (error) {
      throw failure('mkdir', directory, error);
    }
    let names: string[];
    try {
      names = fileSystem.readdirSync(directory);
    } catch (error) {
      throw failure('open', directory, error);
    }
    let lastPart = -1;
    for (const name of names) {
      const parsed = parseTickFileName(name);
      if (parsed?.day === fields.day && parsed.part > lastPart) lastPart = parsed.part;
    }
    const skipped: { path: string; reason: string }[] = [];
    if (lastPart >= 0) {
      const path = join(directory, tickFileName(fields.day, lastPart));
      const reopened = TickFileAppender.reopen(fileSystem, path, lastPart, fields, batchBytes, maxFileBytes);
      if ('appender' in reopened) return { ...reopened, skipped };
      if (reopened.skippedReason !== undefined) skipped.push({ path, reason: reopened.skippedReason });
    }
    const part = lastPart + 1;
    const appender = TickFileAppender.create(fileSystem, directory, { ...fields, part }, batchBytes, syncNewFiles);
    return { appender, recovery: undefined, skipped };
  }

  private static reopen(
    fileSystem: StoreFileSystem,
    path: string,
    part: number,
    fields: Omit<TickFileHeaderFields, 'part'>,
    batchBytes: number,
    maxFileBytes: number,
  ): { appender: TickFileAppender; recovery: TickFileRecovery } | { skippedReason: string | undefined } {
    let fd: number;
    try {
      fd = fileSystem.openSync(path, 'r+');
    } catch (error) {
      throw failure('open', path, error);
    }
    let recovery: TickFileRecovery;
    try {
      recovery = recoverTickFileTail(fileSystem, fd, path);
    } catch (error) {
      fileSystem.closeSync(fd);
      // A damaged header is skipped (the next part is created beside it); a refused read or truncate is an I/O failure.
      if (TickStoreError.isInstance(error)) return { skippedReason: error.message };
      throw failure('truncate', path, error);
    }
    const header = recovery.header;
    const mismatch =
      header.sourceId !== fields.sourceId
        ? `source id ${header.sourceId} is not ${fields.sourceId}`
        : header.symbolId !== fields.symbolId
          ? `symbol id ${header.symbolId} is not ${fields.symbolId}`
          : header.symbol !== fields.symbol
            ? `symbol ${JSON.stringify(header.symbol)} is not ${JSON.stringify(fields.symbol)}`
            : header.priceIncrement !== fields.priceIncrement
              ? `price increment ${header.priceIncrement} is now ${fields.priceIncrement}`
              : undefined;
    const size = TICK_FILE_HEADER_SIZE + recovery.recordCount * RECORD_SIZE;
    if (mismatch !== undefined || size + RECORD_SIZE > maxFileBytes) {
      fileSystem.closeSync(fd);
      // A full file is ordinary size rotation, not worth a report; a mismatch is.
      return { skippedReason: mismatch === undefined ? undefined : `header differs: ${mismatch}` };
    }
    return { appender: new TickFileAppender(fileSystem, fd, path, part, size, batchBytes), recovery };
  }

  private static create(
    fileSystem: StoreFileSystem,
    directory: string,
    fields: TickFileHeaderFields,
    batchBytes: number,
    syncNewFiles: boolean,
  ): TickFileAppender {
    const path = join(directory, tickFileName(fields.day, fields.part));
    const temporaryPath = `${path}.tmp`;
    const header = encodeTickFileHeader(fields);
    let fd: number;
    try {
      fd = fileSystem.openSync(temporaryPath, 'w', 0o644);
    } catch (error) {
      throw failure('create', temporaryPath, error);
    }
    try {
      fileSystem.writeSync(fd, header, 0, header.length, 0);
      if (syncNewFiles) fileSystem.fdatasyncSync(fd);
      fileSystem.renameSync(temporaryPath, path);
    } catch (error) {
      fileSystem.closeSync(fd);
      try {
        fileSystem.unlinkSync(temporaryPath);
      } catch {
        // Already gone or the directory refuses: the next open ignores .tmp files either way.
      }
      throw failure('create', path, error);
    }
    if (syncNewFiles) syncDirectory(fileSystem, directory);
    return new TickFileAppender(fileSystem, fd, path, fields.part, header.length, batchBytes);
  }

  /** Whole records in the file, written or buffered. */
  get recordCount(): number {
    return (this.size + this.pendingWords * 4 - TICK_FILE_HEADER_SIZE) / RECORD_SIZE;
  }

  /** Records that can still be added before the file reaches `maxFileBytes`. */
  roomRecords(maxFileBytes: number): number {
    return Math.max(0, Math.floor((maxFileBytes - this.size - this.pendingWords * 4) / RECORD_SIZE));
  }

  /** Records buffered and not yet written. */
  get pendingRecords(): number {
    return (this.pendingWords * 4) / RECORD_SIZE;
  }

  /**
   * Buffers `length` bytes of whole records from `source` (whose u32 view is `sourceWords`), writing the buffer
   * each time it fills; `onWrite` hears how many records each write handed to the OS.
   *
   * @throws AppendFailure when a write fails; the failure counts every record of this call and of the buffer
   *   that did not reach the file.
   */
  append(
    source: Uint8Array,
    sourceWords: Uint32Array,
    offset: number,
    length: number,
    onWrite: (records: number) => void,
  ): void {
    const capacity = this.buffer.length;
    while (length > 0) {
      const chunk = Math.min(length, capacity - this.pendingWords * 4);
      if (chunk <= SMALL_COPY_BYTES) {
        // A few records (an interleaved feed switches symbol every tick): word copies, no subarray allocated.
        const words = this.bufferWords;
        let to = this.pendingWords;
        const end = (offset + chunk) >> 2;
        for (let from = offset >> 2; from < end; from++, to++) words[to] = sourceWords[from]!;
      } else {
        this.buffer.set(source.subarray(offset, offset + chunk), this.pendingWords * 4);
      }
      this.pendingWords += chunk >> 2;
      offset += chunk;
      length -= chunk;
      if (this.pendingWords * 4 === capacity) {
        try {
          this.writePending(onWrite);
        } catch (error) {
          if (error instanceof AppendFailure) {
            throw failure(
              error.operation,
              error.path,
              error.cause,
              error.recordsLost + length / RECORD_SIZE,
              error.fileBroken,
            );
          }
          throw error;
        }
      }
    }
  }

  /**
   * Writes the buffered records with as few `write` calls as the OS allows.
   *
   * @throws AppendFailure with the records that did not reach the file; a partial record already written is cut
   *   off again, so the file always ends on a record boundary.
   */
  writePending(onWrite: (records: number) => void): void {
    let written = 0;
    const total = this.pendingWords * 4;
    try {
      while (written < total) {
        written += this.fileSystem.writeSync(this.fd, this.buffer, written, total - written, this.size + written);
      }
    } catch (error) {
      const wholeBytes = written - (written % RECORD_SIZE);
      this.pendingWords = 0;
      this.size += wholeBytes;
      if (wholeBytes > 0) onWrite(wholeBytes / RECORD_SIZE);
      let broken = false;
      if (written !== wholeBytes) {
        try {
          this.fileSystem.ftruncateSync(this.fd, this.size);
        } catch {
          broken = true;
        }
      }
      throw failure('write', this.path, error, (total - wholeBytes) / RECORD_SIZE, broken);
    }
    this.pendingWords = 0;
    this.size += total;
    if (total > 0) {
      this.unsynced = true;
      onWrite(total / RECORD_SIZE);
    }
  }

  /**
   * fdatasync, before returning, when something was written since the last sync or a background sync is still
   * running (its completion is not awaited otherwise); returns whether it synced.
   */
  sync(): boolean {
    if (!this.unsynced && this.syncsInFlight === 0) return false;
    try {
      this.fileSystem.fdatasyncSync(this.fd);
    } catch (error) {
      throw failure('sync', this.path, error);
    }
    this.unsynced = false;
    return true;
  }

  /**
   * fdatasync on the thread pool, so the caller keeps writing meanwhile; `onDone` hears the outcome. Returns
   * false (and does nothing) when nothing was written since the last sync. A {@link TickFileAppender.close}
   * while syncs are in flight closes the descriptor once they are done.
   */
  syncInBackground(onDone: (error: AppendFailure | undefined) => void): boolean {
    if (!this.unsynced) return false;
    this.unsynced = false;
    this.syncsInFlight++;
    this.fileSystem.fdatasync(this.fd, (error) => {
      this.syncsInFlight--;
      if (this.closeWhenSynced && this.syncsInFlight === 0) this.closeNow();
      onDone(error === null ? undefined : failure('sync', this.path, error));
    });
    return true;
  }

  /** Drops what is buffered (after a failure) and returns how many records that was. */
  discardPending(): number {
    const records = (this.pendingWords * 4) / RECORD_SIZE;
    this.pendingWords = 0;
    return records;
  }

  /** Closes the descriptor. The caller has written and synced what it wanted first. */
  close(): void {
    if (this.syncsInFlight > 0) this.closeWhenSynced = true;
    else this.closeNow();
  }

  private closeNow(): void {
    try {
      this.fileSystem.closeSync(this.fd);
    } catch (error) {
      throw failure('close', this.path, error);
    }
  }
}

/** fsync of a directory, so a newly created file's name survives a power loss. Best effort: some systems refuse. */
function syncDirectory(fileSystem: StoreFileSystem, directory: string): void {
  let fd: number | undefined;
  try {
    fd = fileSystem.openSync(directory, 'r');
    fileSystem.fsyncSync(fd);
  } catch {
    // Not every platform can fsync a directory (Windows cannot); the file's data is synced regardless.
  } finally {
    if (fd !== undefined) fileSystem.closeSync(fd);
  }
}
