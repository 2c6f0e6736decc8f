import type { TickStoreEvent } from './store-events';
import type { StoreFileSystem } from './store-file-system';
import { TickStoreError } from './tick-store-error';

/**
 * When the store calls fdatasync, which bounds what a power loss (not a process crash) can take:
 * - `'none'`: never; the OS writes back when it likes (Linux: within ~30 s).
 * - `'interval'` (the default): every `fsyncIntervalMs` (1 s), on each file written since the last sync, on
 *   libuv's thread pool so the worker keeps writing meanwhile.
 * - `'every-batch'`: after every write, so a power loss costs at most the flush interval; slowest.
 */
export type FsyncPolicy = 'none' | 'interval' | 'every-batch';

/** A symbol the store should name its files after. */
export interface StoreSymbol {
  /** The canonical symbol; its id is `symbolIdOf(symbol)`. */
  readonly symbol: string;
  /** The instrument's price increment (tick size), written in every file header; 0 or absent when unknown. */
  readonly priceIncrement?: number;
  /** Only for ticks of this source; absent: for every source (a source-specific entry wins). */
  readonly sourceId?: number;
}

/** A source id and the directory name its files go under (`<directory>/<name>/...`). */
export interface StoreSource {
  readonly id: number;
  readonly name: string;
}

/** How the tick store writes. Every field but `directory` has a default. */
export interface TickStoreWriterOptions {
  /** Root directory; files go to `<directory>/<source>/<symbol>/<YYYY-MM-DD>[.<n>].tick`. */
  readonly directory: string;
  /** Write buffer per file: a file is written when its buffer fills. Default 64 KiB; a multiple of 32. */
  readonly batchBytes?: number;
  /** Longest time a received tick waits in a buffer before it is written. Default 10 ms. */
  readonly flushIntervalMs?: number;
  /** Default `'interval'`. */
  readonly fsync?: FsyncPolicy;
  /** For `fsync: 'interval'`. Default 1000 ms. */
  readonly fsyncIntervalMs?: number;
  /** A file is closed and the next part `<day>.<n>.tick` started before it would pass this size. Default 1 GiB. */
  readonly maxFileBytes?: number;
  /** After a failed open or write, how long a file's ticks are counted lost before trying again. Default 1000 ms. */
  readonly retryIntervalMs?: number;
  /** Symbols to name files after; more can be added while running. */
  readonly symbols?: readonly StoreSymbol[];
  /** Directory names of sources beyond the built-in ones (`truefx`, `oanda`, `ib`, `alpaca`, ...). */
  readonly sources?: readonly StoreSource[];
}

/** What the writer needs from its host besides the options. */
export interface TickStoreWriterEnvironment {
  /** Defaults to `node:fs`. */
  readonly fileSystem?: StoreFileSystem;
  /** Hears every {@link TickStoreEvent}; without one, events are dropped (the counters still count). */
  readonly onEvent?: (event: TickStoreEvent) => void;
  /** Where the counters live (`StoreCounter` indices); a SharedArrayBuffer-backed array lets another thread read them. */
  readonly counters?: Float64Array;
  /** Wall clock in ms; injectable for tests. */
  readonly now?: () => number;
}

/** {@link TickStoreWriterOptions} with every default filled in. */
export type ResolvedStoreOptions = Required<TickStoreWriterOptions>;

/** The defaults of {@link TickStoreWriterOptions}. */
export const STORE_DEFAULTS = {
  batchBytes: 64 * 1024,
  flushIntervalMs: 10,
  fsync: 'interval',
  fsyncIntervalMs: 1000,
  maxFileBytes: 1024 * 1024 * 1024,
  retryIntervalMs: 1000,
} as const satisfies Partial<TickStoreWriterOptions>;

function positiveInteger(name: string, value: number, minimum: number, hint: string): number {
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new TickStoreError('STORE_INVALID_OPTION', `tick store option ${name} = ${value} is not usable: ${hint}.`);
  }
  return value;
}

/**
 * Fills in defaults and checks every option.
 *
 * @throws TickStoreError `STORE_INVALID_OPTION` naming the option, its value and what it must be.
 */
export function resolveStoreOptions(options: TickStoreWriterOptions): ResolvedStoreOptions {
  if (typeof options.directory !== 'string' || options.directory === '') {
    throw new TickStoreError(
      'STORE_INVALID_OPTION',
      `tick store option directory = ${JSON.stringify(options.directory)} is not usable: give the directory to write tick files under.`,
    );
  }
  const batchBytes = positiveInteger(
    'batchBytes',
    options.batchBytes ?? STORE_DEFAULTS.batchBytes,
    32,
    'give a whole number of bytes, at least 32',
  );
  if (batchBytes % 32 !== 0) {
    throw new TickStoreError(
      'STORE_INVALID_OPTION',
      `tick store option batchBytes = ${batchBytes} is not a multiple of the 32-byte record; use e.g. 65536.`,
    );
  }
  const fsync = options.fsync ?? STORE_DEFAULTS.fsync;
  if (fsync !== 'none' && fsync !== 'interval' && fsync !== 'every-batch') {
    throw new TickStoreError(
      'STORE_INVALID_OPTION',
      `tick store option fsync = ${JSON.stringify(fsync)} is not one of 'none', 'interval', 'every-batch'.`,
    );
  }
  return {
    directory: options.directory,
    batchBytes,
    flushIntervalMs: positiveInteger(
      'flushIntervalMs',
      options.flushIntervalMs ?? STORE_DEFAULTS.flushIntervalMs,
      1,
      'give whole milliseconds, at least 1',
    ),
    fsync,
    fsyncIntervalMs: positiveInteger(
      'fsyncIntervalMs',
      options.fsyncIntervalMs ?? STORE_DEFAULTS.fsyncIntervalMs,
      1,
      'give whole milliseconds, at least 1',
    ),
    maxFileBytes: positiveInteger(
      'maxFileBytes',
      options.maxFileBytes ?? STORE_DEFAULTS.maxFileBytes,
      256 + 32,
      'give at least 288 bytes (the 256-byte header and one record)',
    ),
    retryIntervalMs: positiveInteger(
      'retryIntervalMs',
      options.retryIntervalMs ?? STORE_DEFAULTS.retryIntervalMs,
      1,
      'give whole milliseconds, at least 1',
    ),
    symbols: options.symbols ?? [],
    sources: options.sources ?? [],
  };
}
