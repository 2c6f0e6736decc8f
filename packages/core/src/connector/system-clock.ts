import type { Clock, EpochTimeTarget, Timers } from './clock';

/** Options for {@link createSystemClock}. */
export interface SystemClockOptions {
  /**
   * How far the monotonic-derived wall time may drift from `Date.now()` before it is re-anchored, in milliseconds.
   * Default 2: `Date.now()` itself only has millisecond resolution, so re-anchoring on smaller drifts would add jitter.
   */
  readonly maxDriftMs?: number;
  /** How often drift is checked, in milliseconds of monotonic time. Default 1000. */
  readonly driftCheckIntervalMs?: number;
}

/**
 * The host's default clock. Wall time for ticks comes from `performance.now()` anchored to `Date.now()`, which gives
 * sub-microsecond resolution; the anchor is moved when the system clock drifts or is set, but never so that time
 * goes backwards.
 */
export function createSystemClock(options: SystemClockOptions = {}): Clock {
  const maxDriftMs = options.maxDriftMs ?? 2;
  const checkIntervalMs = options.driftCheckIntervalMs ?? 1000;
  // Anchor kept as whole seconds + a small remainder so the sum stays precise to well under a microsecond.
  let anchorSeconds = 0;
  let anchorRemainderMs = 0;
  let lastCheckMonotonicMs = Number.NEGATIVE_INFINITY;
  let lastEpochSeconds = 0;
  let lastNanoseconds = 0;

  const anchor = (): void => {
    const offsetMs = Date.now() - performance.now();
    anchorSeconds = Math.floor(offsetMs / 1000);
    anchorRemainderMs = offsetMs - anchorSeconds * 1000;
  };

  return {
    nowMs: () => Date.now(),
    monotonicNs: () => performance.now() * 1e6,
    writeEpochTime(target: EpochTimeTarget): void {
      const monotonicMs = performance.now();
      if (monotonicMs - lastCheckMonotonicMs >= checkIntervalMs) {
        lastCheckMonotonicMs = monotonicMs;
        const driftMs = Date.now() - (anchorSeconds * 1000 + anchorRemainderMs + monotonicMs);
        if (Math.abs(driftMs) > maxDriftMs) anchor();
      }
      const withinMs = anchorRemainderMs + monotonicMs;
      const wholeSeconds = Math.floor(withinMs / 1000);
      let epochSeconds = anchorSeconds + wholeSeconds;
      let nanoseconds = Math.min(999_999_999, Math.round((withinMs - wholeSeconds * 1000) * 1e6));
      if (epochSeconds < lastEpochSeconds || (epochSeconds === lastEpochSeconds && nanoseconds < lastNanoseconds)) {
        // A backwards re-anchor: hold time still rather than reorder ticks.
        epochSeconds = lastEpochSeconds;
        nanoseconds = lastNanoseconds;
      }
      lastEpochSeconds = epochSeconds;
      lastNanoseconds = nanoseconds;
      target.epochSeconds = epochSeconds;
      target.nanoseconds = nanoseconds;
    },
  };
}

/**
 * The global timers, looked up at call time so test fake timers (`vi.useFakeTimers()`) take effect.
 */
export const systemTimers: Timers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
