import { type TickFlagName, TickFlags } from '../tick/tick-flags';
import { missedTickCount } from '../tick/tick-sequence';
import { formatTimestampNs } from './format-timestamp';
import type { TickFileHeader } from './tick-file-header';
import { groupTickStreams, listTickFiles, type SkippedTickFile } from './tick-file-listing';
import { TickStreamCursor } from './tick-stream-cursor';

const CHUNK_RECORDS = 8192;
const PROGRESS_INTERVAL_MS = 100;
const MAX_LISTED_GAPS = 20;
const flagNames = Object.keys(TickFlags) as TickFlagName[];

/** A jump in a stream's sequence numbers. */
export interface SequenceGap {
  /** Record index in the file where the jump lands. */
  readonly record: number;
  readonly previousSequence: number;
  readonly sequence: number;
  /** Ticks missing between the two. */
  readonly missing: number;
}

/** Counts of each flag bit, by name, plus records with reserved bits set. */
export type FlagCounts = Record<TickFlagName | 'RESERVED', number>;

/** What {@link inspectTicks} found in one file. JSON-friendly: timestamps are decimal strings and ISO times. */
export interface TickFileInspection {
  readonly path: string;
  readonly header: Omit<TickFileHeader, 'dayStartNs' | 'createdNs'> & { dayStartNs: string; createdNs: string };
  readonly byteLength: number;
  readonly recordCount: number;
  /** Bytes of a partial last record (a crash mid-write); the writer cuts them off when it reopens the file. */
  readonly tornBytes: number;
  /** ns since the epoch, as a decimal string; undefined for a file with no records. */
  readonly firstTimestampNs: string | undefined;
  readonly lastTimestampNs: string | undefined;
  /** `firstTimestampNs` as ISO 8601 with nanoseconds. */
  readonly firstTime: string | undefined;
  readonly lastTime: string | undefined;
  /** Forward jumps in the sequence (continuing across the stream's earlier files). */
  readonly sequenceGaps: number;
  /** Ticks those jumps skipped. */
  readonly missingTicks: number;
  /** The first jumps, up to 20. */
  readonly gaps: readonly SequenceGap[];
  /** Repeated or backward sequences (a feed restart, or duplicates). */
  readonly sequenceResets: number;
  /** Records whose timestamp is earlier than the one before (seeks by time assume there are none). */
  readonly outOfOrderTimestamps: number;
  /** Records whose source or symbol id differs from the header's. */
  readonly foreignRecords: number;
  readonly flagCounts: FlagCounts;
}

/** The whole inspection of a file or directory. */
export interface TickInspection {
  readonly path: string;
  readonly files: readonly TickFileInspection[];
  /** Files that are not readable tick files, with the reason. */
  readonly skipped: readonly SkippedTickFile[];
  readonly totals: {
    readonly files: number;
    readonly records: number;
    readonly bytes: number;
    readonly tornBytes: number;
    readonly sequenceGaps: number;
    readonly missingTicks: number;
    readonly sequenceResets: number;
    readonly outOfOrderTimestamps: number;
    readonly firstTimestampNs: string | undefined;
    readonly lastTimestampNs: string | undefined;
    readonly firstTime: string | undefined;
    readonly lastTime: string | undefined;
    readonly flagCounts: FlagCounts;
  };
}

/** Progress of a long inspection or export. */
export interface TickScanProgress {
  readonly records: number;
  readonly totalRecords: number;
  /** The file being read. */
  readonly path: string;
}

function emptyFlagCounts(): FlagCounts {
  const counts = { RESERVED: 0 } as FlagCounts;
  for (const name of flagNames) counts[name] = 0;
  return counts;
}

function timestampOf(high: number, low: number): bigint {
  return (BigInt(high) << 32n) | BigInt(low);
}

/**
 * Reads every record of a file or directory and reports, per file: the header, record count, time range,
 * sequence gaps, flag counts, torn tail, out-of-order timestamps and records that do not belong to the file.
 * The data behind `tickwire inspect`; `onProgress` is called about every 100 ms and once at the end.
 */
export async function inspectTicks(
  path: string,
  options: { onProgress?: (progress: TickScanProgress) => void } = {},
): Promise<TickInspection> {
  const listing = listTickFiles(path);
  const totalRecords = listing.files.reduce((sum, file) => sum + file.recordCount, 0);
  const inspections: TickFileInspection[] = [];
  let records = 0;
  let lastProgressAt = performance.now();
  for (const stream of groupTickStreams(listing.files)) {
    let previousSequence = -1;
    for (const file of stream.files) {
      const flagCounts = emptyFlagCounts();
      const flagTotals = new Array<number>(256).fill(0);
      const gaps: SequenceGap[] = [];
      let sequenceGaps = 0;
      let missingTicks = 0;
      let sequenceResets = 0;
      let outOfOrder = 0;
      let foreign = 0;
      let first: bigint | undefined;
      let previousHigh = -1;
      let previousLow = 0;
      let record = 0;
      const cursor = new TickStreamCursor([file], {}, CHUNK_RECORDS);
      while (cursor.refill()) {
        const words = cursor.words;
        for (let index = 0; index < cursor.count; index++, record++) {
          const base = index * 8;
          const low = words[base]!;
          const high = words[base + 1]!;
          if (previousHigh < 0) first = timestampOf(high, low);
          else if (high < previousHigh || (high === previousHigh && low < previousLow)) outOfOrder++;
          previousHigh = high;
          previousLow = low;
          const packed = words[base + 6]!;
          if (words[base + 2] !== file.header.symbolId || (packed & 0xff) !== file.header.sourceId) foreign++;
          flagTotals[(packed >>> 8) & 0xff]!++;
          const sequence = words[base + 7]!;
          if (previousSequence >= 0) {
            const missed = missedTickCount(previousSequence, sequence);
            if (missed >= 0x8000_0000) sequenceResets++;
            else if (missed > 0) {
              sequenceGaps++;
              missingTicks += missed;
              if (gaps.length < MAX_LISTED_GAPS) gaps.push({ record, previousSequence, sequence, missing: missed });
            }
          }
          previousSequence = sequence;
        }
        records += cursor.count;
        const now = performance.now();
        if (options.onProgress !== undefined && now - lastProgressAt >= PROGRESS_INTERVAL_MS) {
          lastProgressAt = now;
          options.onProgress({ records, totalRecords, path: file.path });
          // Let a progress bar draw.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      cursor.close();
      flagTotals.forEach((count, flags) => {
        if (count === 0) return;
        for (const name of flagNames) if ((flags & TickFlags[name]) !== 0) flagCounts[name] += count;
        if ((flags & 0x80) !== 0) flagCounts.RESERVED += count;
      });
      const last = previousHigh < 0 ? undefined : timestampOf(previousHigh, previousLow);
      inspections.push({
        path: file.path,
        header: {
          ...file.header,
          dayStartNs: String(file.header.dayStartNs),
          createdNs: String(file.header.createdNs),
        },
        byteLength: file.byteLength,
        recordCount: file.recordCount,
        tornBytes: file.tornBytes,
        firstTimestampNs: first === undefined ? undefined : String(first),
        lastTimestampNs: last === undefined ? undefined : String(last),
        firstTime: first === undefined ? undefined : formatTimestampNs(first),
        lastTime: last === undefined ? undefined : formatTimestampNs(last),
        sequenceGaps,
        missingTicks,
        gaps,
        sequenceResets,
        outOfOrderTimestamps: outOfOrder,
        foreignRecords: foreign,
        flagCounts,
      });
    }
  }
  options.onProgress?.({ records, totalRecords, path });
  return { path, files: inspections, skipped: listing.skipped, totals: totalsOf(inspections) };
}

function totalsOf(files: readonly TickFileInspection[]): TickInspection['totals'] {
  const flagCounts = emptyFlagCounts();
  let first: bigint | undefined;
  let last: bigint | undefined;
  const sum = (pick: (file: TickFileInspection) => number): number =>
    files.reduce((total, file) => total + pick(file), 0);
  for (const file of files) {
    for (const name of Object.keys(flagCounts) as (keyof FlagCounts)[]) flagCounts[name] += file.flagCounts[name];
    if (file.firstTimestampNs !== undefined) {
      const start = BigInt(file.firstTimestampNs);
      if (first === undefined || start < first) first = start;
    }
    if (file.lastTimestampNs !== undefined) {
      const end = BigInt(file.lastTimestampNs);
      if (last === undefined || end > last) last = end;
    }
  }
  return {
    files: files.length,
    records: sum((file) => file.recordCount),
    bytes: sum((file) => file.byteLength),
    tornBytes: sum((file) => file.tornBytes),
    sequenceGaps: sum((file) => file.sequenceGaps),
    missingTicks: sum((file) => file.missingTicks),
    sequenceResets: sum((file) => file.sequenceResets),
    outOfOrderTimestamps: sum((file) => file.outOfOrderTimestamps),
    firstTimestampNs: first === undefined ? undefined : String(first),
    lastTimestampNs: last === undefined ? undefined : String(last),
    firstTime: first === undefined ? undefined : formatTimestampNs(first),
    lastTime: last === undefined ? undefined : formatTimestampNs(last),
    flagCounts,
  };
}
