import type { Clock, EpochTimeTarget } from '@tickwire/core';

const NANOS_PER_SECOND = 1_000_000_000;

/**
 * A clock whose wall time runs `offsetMs` ahead of `base` (behind, when negative); monotonic time is unchanged.
 * Pass it as the `clock` context override to show that a connector stamps ticks with the venue's time, not the
 * local one, and measures durations with the monotonic clock.
 */
export function createSkewedClock(base: Clock, offsetMs: number): Clock {
  const offsetSeconds = Math.floor(offsetMs / 1000);
  const offsetNanos = Math.round((offsetMs - offsetSeconds * 1000) * 1e6);
  return {
    nowMs: () => base.nowMs() + offsetMs,
    monotonicNs: () => base.monotonicNs(),
    writeEpochTime(target: EpochTimeTarget): void {
      base.writeEpochTime(target);
      let nanoseconds = target.nanoseconds + offsetNanos;
      let epochSeconds = target.epochSeconds + offsetSeconds;
      if (nanoseconds >= NANOS_PER_SECOND) {
        nanoseconds -= NANOS_PER_SECOND;
        epochSeconds++;
      }
      target.epochSeconds = epochSeconds;
      target.nanoseconds = nanoseconds;
    },
  };
}
