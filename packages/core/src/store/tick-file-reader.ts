import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { PriceGrid } from '../tick/price-precision';
import { decodeTickFileHeader, TICK_FILE_HEADER_SIZE, type TickFileHeader } from './tick-file-header';
import { messageOf, TickStoreError } from './tick-store-error';

const RECORD_SIZE = 32;
const TWO_TO_32 = 0x1_0000_0000;

/**
 * Read access to one tick file, without changing it: the header, the number of whole records, and positioned
 * reads of records into a caller's buffer. A torn tail (a partial last record left by a crash) is not repaired
 * here, only reported in {@link TickFileReader.tornBytes}: the writer repairs it when it reopens the file.
 *
 * Records are read with `pread`, so a file that a live store is still appending to can be read too; call
 * {@link TickFileReader.refresh} to see records added since opening.
 */
export class TickFileReader {
  readonly path: string;
  readonly header: TickFileHeader;
  private fd: number;
  private size: number;
  private readonly timestampScratch = new Uint8Array(8);
  private readonly timestampWords = new Uint32Array(this.timestampScratch.buffer);

  private constructor(path: string, fd: number, header: TickFileHeader, size: number) {
    this.path = path;
    this.fd = fd;
    this.header = header;
    this.size = size;
  }

  /**
   * Opens a tick file and checks its header.
   *
   * @throws TickStoreError `STORE_IO_FAILED` when the file cannot be opened or read, `STORE_FILE_CORRUPT` when it
   *   is not a tick file of a known version.
   */
  static open(path: string): TickFileReader {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      throw new TickStoreError(
        'STORE_IO_FAILED',
        `cannot open tick file ${path}: ${messageOf(error)}. Check the path and its permissions.`,
        path,
        error,
      );
    }
    try {
      const headerBytes = new Uint8Array(TICK_FILE_HEADER_SIZE);
      const read = readSync(fd, headerBytes, 0, TICK_FILE_HEADER_SIZE, 0);
      const header = decodeTickFileHeader(headerBytes.subarray(0, read), path);
      return new TickFileReader(path, fd, header, fstatSync(fd).size);
    } catch (error) {
      closeSync(fd);
      if (TickStoreError.isInstance(error)) throw error;
      throw new TickStoreError('STORE_IO_FAILED', `cannot read tick file ${path}: ${messageOf(error)}.`, path, error);
    }
  }

  /** Whole records in the file. */
  get recordCount(): number {
    return Math.floor((this.size - TICK_FILE_HEADER_SIZE) / RECORD_SIZE);
  }

  /** Bytes of a partial record at the end (a write cut short by a crash); 0 for a whole file. */
  get tornBytes(): number {
    return (this.size - TICK_FILE_HEADER_SIZE) % RECORD_SIZE;
  }

  /** The file's size in bytes, as of opening or the last {@link TickFileReader.refresh}. */
  get byteLength(): number {
    return this.size;
  }

  /** A grid that recovers exact prices from the records' f32 prices, or undefined when the increment is unknown. */
  priceGrid(): PriceGrid | undefined {
    return this.header.priceIncrement > 0 ? new PriceGrid(this.header.priceIncrement) : undefined;
  }

  /** Re-reads the file size, to see records appended since opening. Returns the new record count. */
  refresh(): number {
    this.size = fstatSync(this.fd).size;
    return this.recordCount;
  }

  /**
   * Copies up to `maxRecords` records, starting at record `firstRecord`, to `target` at `targetOffset` (bytes).
   * Returns how many whole records were copied (fewer at the end of the file).
   */
  readRecords(target: Uint8Array, targetOffset: number, firstRecord: number, maxRecords: number): number {
    const records = Math.max(0, Math.min(maxRecords, this.recordCount - firstRecord));
    const wanted = records * RECORD_SIZE;
    let done = 0;
    while (done < wanted) {
      const read = readSync(
        this.fd,
        target,
        targetOffset + done,
        wanted - done,
        TICK_FILE_HEADER_SIZE + firstRecord * RECORD_SIZE + done,
      );
      if (read === 0) break;
      done += read;
    }
    return Math.floor(done / RECORD_SIZE);
  }

  /** `timestamp_ns` of record `index` as a double (exact to within 128 ns; for comparisons, see `timestampAt`). */
  private timestampApprox(index: number): number {
    this.readRecordField(index);
    return this.timestampWords[1]! * TWO_TO_32 + this.timestampWords[0]!;
  }

  /** `timestamp_ns` of record `index`, exactly. */
  timestampAt(index: number): bigint {
    this.readRecordField(index);
    return (BigInt(this.timestampWords[1]!) << 32n) | BigInt(this.timestampWords[0]!);
  }

  private readRecordField(index: number): void {
    if (index < 0 || index >= this.recordCount) {
      throw new TickStoreError(
        'STORE_INVALID_OPTION',
        `record ${index} is outside 0..${this.recordCount - 1} of ${this.path}.`,
        this.path,
      );
    }
    readSync(this.fd, this.timestampScratch, 0, 8, TICK_FILE_HEADER_SIZE + index * RECORD_SIZE);
  }

  /**
   * The index of the first record whose timestamp is at or after `timestampNs`, by binary search (about 30 reads
   * for a billion records); `recordCount` when every record is earlier. Exact when the file's timestamps never go
   * backwards, which holds for files the store writes from one feed in arrival order; `inspectTicks` counts
   * out-of-order timestamps when in doubt.
   */
  seekTime(timestampNs: bigint): number {
    let low = 0;
    let high = this.recordCount;
    const approx = Number(timestampNs);
    while (low < high) {
      const middle = low + Math.floor((high - low) / 2);
      const value = this.timestampApprox(middle);
      // The double is within 128 ns; only a near tie needs the exact comparison.
      const before = Math.abs(value - approx) > 4096 ? value < approx : this.timestampAt(middle) < timestampNs;
      if (before) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Closes the file. Safe to call twice. */
  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }
}
