/** Where a clock writes a wall-clock time split into seconds and nanoseconds (a `TickDraft` fits). */
export interface EpochTimeTarget {
  epochSeconds: number;
  nanoseconds: number;
}

/**
 * Time, as the host gives it to connectors and shared mechanisms. Replace it in tests to control time.
 */
export interface Clock {
  /** Wall-clock time, epoch milliseconds (like `Date.now()`; may step when the system clock is set). */
  nowMs(): number;
  /**
   * Monotonic time in nanoseconds from an arbitrary origin, as a plain number (no BigInt, so no allocation). Exact
   * to the nanosecond for about 104 days of uptime, then to a few nanoseconds. Use it for durations and latency.
   */
  monotonicNs(): number;
  /**
   * Writes the current wall-clock time into `target` as whole epoch seconds plus nanoseconds, without allocating:
   * the receive timestamp of a tick whose venue sends none. Never goes backwards between calls.
   */
  writeEpochTime(target: EpochTimeTarget): void;
}

/** An opaque handle from {@link Timers.setTimeout}. */
export type TimerHandle = unknown;

/** Timers, injected so tests drive them (fake timers) and the host can cancel them all at shutdown. */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}
