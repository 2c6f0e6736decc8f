/**
 * Stable codes of the errors the tick store and the tick file reader raise. They never change meaning between
 * releases, so callers may branch on them.
 */
export type TickStoreErrorCode =
  /** Another live process (or another store in this one) already writes to the directory. */
  | 'STORE_LOCKED'
  /** A store option is missing or out of range. */
  | 'STORE_INVALID_OPTION'
  /** A file is not a tick file, or its header is damaged or from an unknown format version. */
  | 'STORE_FILE_CORRUPT'
  /** A file or directory operation failed (permission, full disk, missing path). */
  | 'STORE_IO_FAILED'
  /** The store or reader was used after it was closed, or its worker died. */
  | 'STORE_CLOSED';

// Symbol.for, not a module-local symbol: two installed copies of @tickwire/core must recognise each other's errors.
const tickStoreErrorMarker = Symbol.for('tickwire.error.tick-store');

const retryableCodes: ReadonlySet<TickStoreErrorCode> = new Set(['STORE_LOCKED', 'STORE_IO_FAILED']);

/**
 * Raised by the tick store and the tick file reader. Recognise it with {@link TickStoreError.isInstance} rather than
 * `instanceof`, which fails when two copies of the core are installed.
 *
 * Write failures while the store runs are not thrown: they arrive as {@link TickStoreEvent}s and are counted in
 * the store's stats, because the runtime must keep running.
 */
export class TickStoreError extends Error {
  /** Stable machine-readable reason. */
  readonly code: TickStoreErrorCode;
  /** True when the same call may succeed later (the lock holder exits, disk space is freed). */
  readonly retryable: boolean;
  /** The file or directory concerned, when there is one. */
  readonly path: string | undefined;
  /** Cross-copy marker read by {@link TickStoreError.isInstance}. */
  readonly [tickStoreErrorMarker] = true;

  constructor(code: TickStoreErrorCode, message: string, path?: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'TickStoreError';
    this.code = code;
    this.retryable = retryableCodes.has(code);
    this.path = path;
  }

  /** True for any `TickStoreError`, from any copy of `@tickwire/core`. */
  static isInstance(value: unknown): value is TickStoreError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[tickStoreErrorMarker] === true
    );
  }
}

/** The `code` of a Node.js system error (`EACCES`, `ENOSPC`...), or `UNKNOWN`. */
export function systemErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

/** The numeric `errno` of a Node.js system error (negative on POSIX), or 0 when there is none. */
export function systemErrno(error: unknown): number {
  const errno = (error as { errno?: unknown } | null)?.errno;
  return typeof errno === 'number' ? errno : 0;
}

/** The message of any thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
