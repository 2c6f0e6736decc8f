import type { FileOpenReason } from './store-events';
import type { CatalogEntry, StoreSymbolCatalog } from './store-symbol-catalog';
import type { TickFileAppender } from './tick-file-appender';
import { decimalsOfIncrement, type TickFileHeaderFields } from './tick-file-header';
import {
  sourceToFileName,
  streamDirectory,
  symbolToFileName,
  unknownSymbolFileName,
  utcDayOfMilliseconds,
} from './tick-file-path';

const NANOS_PER_DAY = 86_400_000_000_000;
const TWO_TO_32 = 0x1_0000_0000;

/** One source + symbol inside the store writer: the file it appends to, its day, and its failure state. */
export interface TickStream {
  readonly sourceId: number;
  readonly symbolId: number;
  entry: CatalogEntry | undefined;
  appender: TickFileAppender | undefined;
  day: string;
  /**
   * UTC midnight after `day` in ns, as its high and low 32-bit halves: the hot path compares the high halves
   * (small integers until 2116) and looks at the low ones only when those are equal.
   */
  dayEndHigh: number;
  dayEndLow: number;
  /**
   * Records the writer's hot path may still copy into the file's buffer. 0 whenever the stream has no healthy
   * file or no registered symbol: every record then takes the slow path, which rotates, counts and retries.
   */
  room: number;
  /** Why the next open happens, when the file was closed on purpose. */
  reopenReason: FileOpenReason;
  /** While failing: the time to try again (ms since the epoch); 0 when healthy. */
  failedUntilMs: number;
  failingPath: string;
  lostWhileFailing: number;
  /**
   * The stream whose record followed this one's last time the writer switched streams (streams are never
   * dropped, so it stays valid): the writer's first guess before its hash lookup.
   */
  successor: TickStream | undefined;
}

/** The UTC day number (days since the epoch) of a u64 ns timestamp given as its two halves; exact. */
export function exactDayIndex(timestampLow: number, timestampHigh: number): number {
  return Number(((BigInt(timestampHigh) << 32n) | BigInt(timestampLow)) / 86_400_000_000_000n);
}

/** Whether a timestamp (as its halves) is at or after the end of the stream's day. */
export function isPastStreamDay(stream: TickStream, timestampLow: number, timestampHigh: number): boolean {
  return timestampHigh > stream.dayEndHigh || (timestampHigh === stream.dayEndHigh && timestampLow >= stream.dayEndLow);
}

/** Moves a stream to the UTC day numbered `dayIndex`. */
export function setStreamDay(stream: TickStream, dayIndex: number): void {
  stream.day = utcDayOfMilliseconds(dayIndex * 86_400_000);
  // Multiples of a day in ns have 16 trailing zero bits, so the double is exact and splits exactly.
  const dayEndNs = (dayIndex + 1) * NANOS_PER_DAY;
  stream.dayEndHigh = Math.floor(dayEndNs / TWO_TO_32);
  stream.dayEndLow = dayEndNs - stream.dayEndHigh * TWO_TO_32;
}

/** A stream seen for the first time, on the day of its first tick, with no file open yet. */
export function createTickStream(
  sourceId: number,
  symbolId: number,
  entry: CatalogEntry | undefined,
  dayIndex: number,
): TickStream {
  const stream: TickStream = {
    sourceId,
    symbolId,
    entry,
    appender: undefined,
    day: '',
    dayEndHigh: 0,
    dayEndLow: 0,
    room: 0,
    reopenReason: 'first-tick',
    failedUntilMs: 0,
    failingPath: '',
    lostWhileFailing: 0,
    successor: undefined,
  };
  setStreamDay(stream, dayIndex);
  return stream;
}

/** `<directory>/<source>/<symbol>`: where the stream's files go (`id-<hex>` while the symbol is unknown). */
export function streamFolder(directory: string, catalog: StoreSymbolCatalog, stream: TickStream): string {
  return streamDirectory(
    directory,
    sourceToFileName(stream.sourceId, catalog.sourceName(stream.sourceId)),
    stream.entry === undefined ? unknownSymbolFileName(stream.symbolId) : symbolToFileName(stream.entry.symbol),
  );
}

/** The header of a new file of the stream (the part number is chosen when the file is opened). */
export function streamHeaderFields(
  catalog: StoreSymbolCatalog,
  stream: TickStream,
): Omit<TickFileHeaderFields, 'part'> {
  const priceIncrement = stream.entry?.priceIncrement ?? 0;
  return {
    sourceId: stream.sourceId,
    sourceName: catalog.sourceName(stream.sourceId),
    symbol: stream.entry?.symbol ?? '',
    symbolId: stream.symbolId,
    priceIncrement,
    priceDecimals: decimalsOfIncrement(priceIncrement),
    day: stream.day,
    createdNs: wallClockNanoseconds(),
    writerPid: process.pid,
  };
}

/** Wall time in ns with microsecond resolution: orders files created within the same millisecond. */
function wallClockNanoseconds(): bigint {
  return BigInt(Math.floor((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
}
