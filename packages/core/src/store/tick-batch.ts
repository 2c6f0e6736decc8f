import { decodeTick } from '../tick/tick-decoder';
import type { TickRecord } from '../tick/tick-record';
import type { TickFileEntry } from './tick-file-listing';

const RECORD_SIZE = 32;

/**
 * A run of 32-byte tick records, back to back from byte 0 of {@link TickBatch.bytes}: the unit the readers yield.
 * One batch object and its memory are reused for every batch of an iteration, so reading allocates nothing per
 * tick; copy what you want to keep (`batch.bytes.slice(0, batch.count * 32)`) before asking for the next batch.
 */
export class TickBatch {
  /** Records in this batch. */
  count = 0;
  /**
   * The file every record of the batch comes from when reading in file order; undefined when reading in time
   * order (a merged batch mixes files).
   */
  file: TickFileEntry | undefined;

  constructor(
    /** The records as bytes; valid for `count * 32` bytes. */
    readonly bytes: Uint8Array,
    /** The same memory as a DataView, for the codec's `decodeTick(view, index * 32, record)`. */
    readonly view: DataView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    /** The same memory as u32 words: record `i`'s field at byte `o` is `words[i * 8 + o / 4]`. */
    readonly words: Uint32Array = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2),
  ) {}

  /** A batch with its own memory for `capacity` records. */
  static allocate(capacity: number): TickBatch {
    return new TickBatch(new Uint8Array(capacity * RECORD_SIZE));
  }

  /** Decodes record `index` into `target` (reuse one `createTickRecord()` for every call). */
  decode(index: number, target: TickRecord): TickRecord {
    decodeTick(this.view, index * RECORD_SIZE, target);
    return target;
  }

  /** `timestamp_ns` of record `index` (allocates a BigInt: for tools, not per-tick hot loops). */
  timestampAt(index: number): bigint {
    return (BigInt(this.words[index * 8 + 1]!) << 32n) | BigInt(this.words[index * 8]!);
  }

  /** `sequence` of record `index`. */
  sequenceAt(index: number): number {
    return this.words[index * 8 + 7]!;
  }

  /** `symbol_id` of record `index`. */
  symbolIdAt(index: number): number {
    return this.words[index * 8 + 2]!;
  }
}
