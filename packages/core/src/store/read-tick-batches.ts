import { createTickRecord, type TickRecord } from '../tick/tick-record';
import { TickBatch } from './tick-batch';
import {
  groupTickStreams,
  listTickFiles,
  type SkippedTickFile,
  type TickFileListing,
  type TickStreamFiles,
} from './tick-file-listing';
import { TickMerger } from './tick-merge';
import { TickStoreError } from './tick-store-error';
import { TickStreamCursor, type TickTimeRange } from './tick-stream-cursor';

/** What and how to read. */
export interface ReadTicksOptions extends TickTimeRange {
  /**
   * `'time'` (default): every stream merged into one time-ordered sequence. `'file'`: file after file (per
   * source, symbol, day, part), which is cheaper and tells which file each batch comes from.
   */
  readonly order?: 'time' | 'file';
  /** Records per batch; default 4096 (128 KiB). */
  readonly batchRecords?: number;
  /** Only these canonical symbols. */
  readonly symbols?: readonly string[];
  /** Only these source ids. */
  readonly sourceIds?: readonly number[];
  /**
   * Called for each file under the directory that is not a readable tick file. Without it, such a file makes the
   * read throw (`STORE_FILE_CORRUPT`) rather than quietly leave ticks out.
   */
  readonly onSkippedFile?: (skipped: SkippedTickFile) => void;
}

const DEFAULT_BATCH_RECORDS = 4096;
// Per-stream read chunks of a merge: enough to amortise a read, small enough for thousands of streams.
const MERGE_TOTAL_RECORDS = 1 << 20;

/** The source + symbol chains under `path` that the options select. */
export function selectTickStreams(path: string, options: ReadTicksOptions = {}): TickStreamFiles[] {
  const listing: TickFileListing = listTickFiles(path);
  for (const skipped of listing.skipped) {
    if (options.onSkippedFile === undefined) {
      throw new TickStoreError(
        'STORE_FILE_CORRUPT',
        `${skipped.path} under ${path} is not a readable tick file: ${skipped.reason} Pass onSkippedFile to read the rest anyway.`,
        skipped.path,
      );
    }
    options.onSkippedFile(skipped);
  }
  const symbols = options.symbols === undefined ? undefined : new Set(options.symbols);
  const sources = options.sourceIds === undefined ? undefined : new Set(options.sourceIds);
  return groupTickStreams(listing.files).filter(
    (stream) =>
      (symbols === undefined || symbols.has(stream.symbol)) && (sources === undefined || sources.has(stream.sourceId)),
  );
}

/**
 * Reads the tick records of a file or a directory as reused {@link TickBatch}es: no object per tick.
 *
 * @param path - a `.tick` file, or a directory (a store's root or any folder below it).
 * @example
 * ```ts
 * for (const batch of readTickBatches('./ticks', { fromNs: 1_700_000_000_000_000_000n })) {
 *   for (let index = 0; index < batch.count; index++) total += batch.view.getFloat32(index * 32 + 12, true);
 * }
 * ```
 */
export function* readTickBatches(path: string, options: ReadTicksOptions = {}): Generator<TickBatch, void, undefined> {
  const batchRecords = options.batchRecords ?? DEFAULT_BATCH_RECORDS;
  if (!Number.isSafeInteger(batchRecords) || batchRecords < 1) {
    throw new TickStoreError(
      'STORE_INVALID_OPTION',
      `batchRecords = ${batchRecords} is not usable: give a whole number of records, at least 1.`,
    );
  }
  const streams = selectTickStreams(path, options);
  if (options.order === 'file') {
    for (const stream of streams) {
      const cursor = new TickStreamCursor(stream.files, options, batchRecords);
      const batch = new TickBatch(cursor.bytes, undefined, cursor.words);
      try {
        while (cursor.refill()) {
          batch.count = cursor.count;
          batch.file = cursor.file;
          yield batch;
        }
      } finally {
        cursor.close();
      }
    }
    return;
  }
  const chunkRecords = Math.max(
    256,
    Math.min(DEFAULT_BATCH_RECORDS, Math.floor(MERGE_TOTAL_RECORDS / Math.max(1, streams.length))),
  );
  const merger = new TickMerger(streams, options, chunkRecords);
  const batch = TickBatch.allocate(batchRecords);
  try {
    while (merger.fill(batch, batchRecords) > 0) yield batch;
  } finally {
    merger.close();
  }
}

/**
 * Every tick of a file or a directory, one at a time, in the order of {@link readTickBatches}. Yields the same
 * `TickRecord` object each time, refilled: spread it (`{ ...tick }`) to keep one.
 */
export function* iterateTicks(path: string, options: ReadTicksOptions = {}): Generator<TickRecord, void, undefined> {
  const record = createTickRecord();
  for (const batch of readTickBatches(path, options)) {
    for (let index = 0; index < batch.count; index++) yield batch.decode(index, record);
  }
}
