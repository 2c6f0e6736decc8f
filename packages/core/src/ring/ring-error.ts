/**
 * Stable codes of the errors the SPSC ring raises. They never change meaning between releases, so callers may
 * branch on them.
 */
export type RingErrorCode =
  | 'RING_INVALID_CAPACITY'
  | 'RING_INVALID_OPTION'
  | 'RING_FOREIGN_BUFFER'
  | 'RING_LAYOUT_MISMATCH'
  | 'RING_CLAIM_MISUSE'
  | 'RING_RELEASE_MISUSE';

// Symbol.for, not a module-local symbol: two installed copies of @tickwire/core must recognise each other's errors.
const ringErrorMarker = Symbol.for('tickwire.error.ring');

/**
 * Raised when a ring is configured or attached wrongly, or its producer/consumer calls break the claim protocol.
 * Never retryable: the same call fails the same way. Recognise it with {@link RingError.isInstance} rather than
 * `instanceof`, which fails when two copies of the core are installed.
 *
 * A full ring is not an error: the overflow policy handles it and counts the drop in the ring's stats.
 */
export class RingError extends Error {
  /** Stable machine-readable reason. */
  readonly code: RingErrorCode;
  /** Always false: retrying the same call cannot succeed. */
  readonly retryable = false;

  constructor(code: RingErrorCode, message: string) {
    super(message);
    this.name = 'RingError';
    this.code = code;
    // Set here, not as a class field: esbuild (tsx, vitest) drops a `private [symbol] = true` field declaration.
    Object.defineProperty(this, ringErrorMarker, { value: true });
  }

  /** True for any `RingError`, from any copy of `@tickwire/core`. */
  static isInstance(value: unknown): value is RingError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ringErrorMarker] === true;
  }
}
