export type { CsvWritable } from './export-ticks-csv';
export { exportTicksCsv, TICK_CSV_COLUMNS } from './export-ticks-csv';
export { formatTimestampNs, formatTimestampWords } from './format-timestamp';
export type { FlagCounts, SequenceGap, TickFileInspection, TickInspection, TickScanProgress } from './inspect-ticks';
export { inspectTicks } from './inspect-ticks';
export type { ReadTicksOptions } from './read-tick-batches';
export { iterateTicks, readTickBatches, selectTickStreams } from './read-tick-batches';
export type { ReplayOptions, ReplayProgress, ReplayReport, ReplayTarget } from './replay-ticks';
export { replayTicks } from './replay-ticks';
export type { FileOpenReason, TickStoreEvent } from './store-events';
export { describeTickStoreEvent } from './store-events';
export type { StoreFileSystem } from './store-file-system';
export { nodeStoreFileSystem } from './store-file-system';
export type { StoreLock, StoreLockOwner } from './store-lock';
export { acquireStoreLock, STORE_LOCK_FILE_NAME } from './store-lock';
export type {
  FsyncPolicy,
  ResolvedStoreOptions,
  StoreSource,
  StoreSymbol,
  TickStoreWriterEnvironment,
  TickStoreWriterOptions,
} from './store-options';
export { STORE_DEFAULTS } from './store-options';
export type { TickStoreStats } from './store-stats';
export { readStoreStats, STORE_COUNTER_COUNT, StoreCounter } from './store-stats';
export { TickBatch } from './tick-batch';
export type { StoreOperation } from './tick-file-appender';
export type { TickFileHeader, TickFileHeaderFields } from './tick-file-header';
export {
  decodeTickFileHeader,
  encodeTickFileHeader,
  TICK_FILE_FORMAT_VERSION,
  TICK_FILE_HEADER_SIZE,
  TICK_FILE_MAGIC,
  TickFileHeaderOffsets,
} from './tick-file-header';
export type { SkippedTickFile, TickFileEntry, TickFileListing, TickStreamFiles } from './tick-file-listing';
export { groupTickStreams, listTickFiles } from './tick-file-listing';
export { fileNameToSymbol, symbolToFileName, TICK_FILE_EXTENSION } from './tick-file-path';
export { TickFileReader } from './tick-file-reader';
export type { TickFileRecovery } from './tick-file-recovery';
export { recoverTickFileTail } from './tick-file-recovery';
export { TickMerger } from './tick-merge';
export type { TickStoreOptions } from './tick-store';
export { TickStore } from './tick-store';
export type { TickStoreErrorCode } from './tick-store-error';
export { TickStoreError } from './tick-store-error';
export { TickStoreWriter } from './tick-store-writer';
export type { TickTimeRange } from './tick-stream-cursor';
