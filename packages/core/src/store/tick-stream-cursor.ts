import type { TickFileEntry } from './tick-file-listing';
import { TickFileReader } from './tick-file-reader';

const RECORD_SIZE = 32;
const TWO_TO_32 = 0x1_0000_0000;
const U64_MAX = 0xffff_ffff_ffff_ffffn;

/** A time window: records with `fromNs <= timestamp_ns < toNs`. Either end may be open. */
export interface TickTimeRange {
  /** Inclusive start, ns since the epoch. */
  readonly fromNs?: bigint;
  /** Exclusive end, ns since the epoch. */
  readonly toNs?: bigint;
}

/**
 * Reads one source + symbol's chain of files (oldest first) in chunks, restricted to a time window. The current
 * chunk is `words`/`bytes` records `index..count-1`; {@link TickStreamCursor.refill} loads the next one.
 * Assumes timestamps never go backwards within the chain (true for the store's files; see `seekTime`).
 */
export class TickStreamCursor {
  readonly bytes: Uint8Array;
  readonly words: Uint32Array;
  /** Next unread record of the chunk. */
  index = 0;
  /** Records in the chunk. */
  count = 0;
  /** The file the chunk came from. */
  file: TickFileEntry | undefined;
  private fileIndex = -1;
  private reader: TickFileReader | undefined;
  private nextRecord = 0;
  private finished = false;
  private readonly fromNs: bigint | undefined;
  private readonly toHigh: number;
  private readonly toLow: number;

  constructor(
    private readonly files: readonly TickFileEntry[],
    range: TickTimeRange,
    chunkRecords: number,
  ) {
    this.bytes = new Uint8Array(chunkRecords * RECORD_SIZE);
    this.words = new Uint32Array(this.bytes.buffer);
    this.fromNs = range.fromNs;
    if (range.toNs === undefined) {
      // Open end: 2^64, past every u64 timestamp.
      this.toHigh = TWO_TO_32;
      this.toLow = 0;
    } else {
      const to = range.toNs > U64_MAX ? U64_MAX : range.toNs < 0n ? 0n : range.toNs;
      this.toHigh = Number(to >> 32n);
      this.toLow = Number(to & 0xffff_ffffn);
    }
  }

  /** High 32 bits of the current record's timestamp. */
  get high(): number {
    return this.words[this.index * 8 + 1]!;
  }

  /** Low 32 bits of the current record's timestamp. */
  get low(): number {
    return this.words[this.index * 8]!;
  }

  /**
   * Loads the next chunk (moving on to the next file when one ends). Returns false when the chain is done or the
   * window's end is reached.
   */
  refill(): boolean {
    this.index = 0;
    this.count = 0;
    while (!this.finished) {
      if (this.reader === undefined && !this.openNextFile()) break;
      const reader = this.reader!;
      const records = reader.readRecords(this.bytes, 0, this.nextRecord, this.bytes.length / RECORD_SIZE);
      if (records === 0) {
        reader.close();
        this.reader = undefined;
        continue;
      }
      this.nextRecord += records;
      this.count = this.recordsBeforeEnd(records);
      if (this.count < records) this.finish();
      if (this.count > 0) return true;
    }
    return false;
  }

  /** Releases the open file. */
  close(): void {
    this.finish();
  }

  private openNextFile(): boolean {
    this.fileIndex++;
    const file = this.files[this.fileIndex];
    if (file === undefined) {
      this.finished = true;
      return false;
    }
    const reader = TickFileReader.open(file.path);
    this.reader = reader;
    this.file = file;
    this.nextRecord = this.fromNs === undefined ? 0 : reader.seekTime(this.fromNs);
    return true;
  }

  private finish(): void {
    this.finished = true;
    this.reader?.close();
    this.reader = undefined;
  }

  // The records of the chunk before the window's end: all of them unless the last one is at or past it, then a
  // binary search (timestamps do not go backwards).
  private recordsBeforeEnd(records: number): number {
    if (this.isBeforeEnd(records - 1)) return records;
    let low = 0;
    let high = records - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.isBeforeEnd(middle)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private isBeforeEnd(record: number): boolean {
    const high = this.words[record * 8 + 1]!;
    return high < this.toHigh || (high === this.toHigh && this.words[record * 8]! < this.toLow);
  }
}
