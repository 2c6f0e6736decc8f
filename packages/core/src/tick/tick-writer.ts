/**
 * The fields of one tick as a connector's parser fills them in. The writer owns one draft and reuses it for
 * every tick, so the ingest path allocates nothing.
 *
 * A missing side (no bid, or no ask) is `NaN` here; see docs/tick-format.md for how the record carries it.
 */
export interface TickDraft {
  /** Whole seconds since the Unix epoch (venue event time where the venue gives one, else receive time). */
  epochSeconds: number;
  /** Nanoseconds within that second, 0..999_999_999. Seconds + nanoseconds keep full precision, which one f64 cannot. */
  nanoseconds: number;
  /** FNV-1a 32 of the canonical symbol (see `symbolIdOf`). */
  symbolId: number;
  bid: number;
  ask: number;
  /** Trade size for a trade tick; for a quote tick, see docs/tick-format.md. */
  volume: number;
  /** `TickFlags` bits the parser knows (trade, snapshot, venue gap...); the writer adds the rest. */
  flags: number;
}

/**
 * Where a connector writes ticks. The host gives each connector one, bound to its source id and to the ring.
 *
 * Usage on the hot path: set the fields of {@link TickWriter.draft}, then call {@link TickWriter.publish}.
 */
export interface TickWriter {
  /** The reusable draft. Every field must be set before each `publish()`; nothing is reset for you. */
  readonly draft: TickDraft;
  /**
   * Encodes the draft into the next ring slot, stamping the per-symbol sequence number, the spread and the
   * price-inexact flag. Returns false when the ring was full and the overflow policy dropped the tick; the drop
   * is counted in the ring's stats, never silent.
   */
  publish(): boolean;
}
