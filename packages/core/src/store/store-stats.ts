/** Index of each counter in the store's shared counter array (Float64, so counts pass 2^32 exactly). */
export const StoreCounter = {
  ticksReceived: 0,
  ticksWritten: 1,
  ticksLost: 2,
  bytesWritten: 3,
  writeCalls: 4,
  flushes: 5,
  fsyncs: 6,
  filesOpened: 7,
  errors: 8,
  tornTailsRepaired: 9,
  tornBytesRemoved: 10,
  flushedTicks: 11,
  unknownSymbolTicks: 12,
  lastFlushAtMs: 13,
  openFiles: 14,
  gcEvents: 15,
} as const;

/** Number of counters; the length of the counter array. */
export const STORE_COUNTER_COUNT = 16;

/** A snapshot of the tick store's counters. */
export interface TickStoreStats {
  /** Ticks taken from the ring. */
  readonly ticksReceived: number;
  /** Ticks handed to the OS with `write` (they survive a process crash; a power loss only after fdatasync). */
  readonly ticksWritten: number;
  /** Ticks that could not be stored (full disk, permission, ...). Never silent: see the `write-failed` events. */
  readonly ticksLost: number;
  readonly bytesWritten: number;
  readonly writeCalls: number;
  /** Completed flushes: points where every tick received so far was written or counted lost. */
  readonly flushes: number;
  readonly fsyncs: number;
  readonly filesOpened: number;
  /** `write-failed` events raised. */
  readonly errors: number;
  readonly tornTailsRepaired: number;
  readonly tornBytesRemoved: number;
  /**
   * `ticksReceived` at the last completed flush: each of these ticks is in its file (or counted in `ticksLost`).
   * This is the durability point against a process crash.
   */
  readonly flushedTicks: number;
  /** Ticks whose symbol id was never registered (stored under `id-<hex>`). */
  readonly unknownSymbolTicks: number;
  /** Wall time of the last completed flush, ms since the epoch (0 before the first). */
  readonly lastFlushAtMs: number;
  readonly openFiles: number;
  /** Garbage collections in the store's worker thread (the write path aims for none in steady state). */
  readonly gcEvents: number;
}

/** Reads the counter array into a plain snapshot. */
export function readStoreStats(counters: Float64Array): TickStoreStats {
  const stats: Record<string, number> = {};
  for (const [name, index] of Object.entries(StoreCounter)) stats[name] = counters[index] ?? 0;
  return stats as unknown as TickStoreStats;
}
