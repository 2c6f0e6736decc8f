// The benchmark's monotonic clock (monotonicMs, ms) tied to the epoch, so the feed can write a real RFC 3339 `t`
// into each quote (the venue time the connector puts in the tick) and the consumer can read it back out of the
// tick record to the nanosecond. A u64 of epoch nanoseconds does not fit a double exactly, so both directions work
// with differences from a whole anchor second.
import { monotonicMs } from './thread-clock';

/** Monotonic instant `m` (ms) is epoch second `seconds` plus `offsetMs + m` milliseconds. */
export interface EpochAnchor {
  /** Whole epoch seconds at the moment the anchor was taken. */
  readonly seconds: number;
  /** Milliseconds from `seconds` to the monotonic clock's zero (negative: its zero lies in the past). */
  readonly offsetMs: number;
}

/** Ties the monotonic clock to the wall clock now; the threads then share the anchor. */
export function anchorMonotonicClock(): EpochAnchor {
  const monotonic = monotonicMs();
  const epochMs = performance.timeOrigin + performance.now();
  const seconds = Math.floor(epochMs / 1000);
  return { seconds, offsetMs: epochMs - seconds * 1000 - monotonic };
}

/** Formats monotonic instant `monotonic` (ms) as RFC 3339 with nanoseconds; the date part is computed once per second. */
export class Rfc3339Formatter {
  private cachedSecond = -1;
  private cachedPrefix = '';

  constructor(private readonly anchor: EpochAnchor) {}

  format(monotonic: number): string {
    const sinceAnchorMs = this.anchor.offsetMs + monotonic;
    const wholeSeconds = Math.floor(sinceAnchorMs / 1000);
    const nanoseconds = Math.min(999_999_999, Math.floor((sinceAnchorMs - wholeSeconds * 1000) * 1e6));
    const second = this.anchor.seconds + wholeSeconds;
    if (second !== this.cachedSecond) {
      this.cachedSecond = second;
      this.cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19);
    }
    return `${this.cachedPrefix}.${String(nanoseconds).padStart(9, '0')}Z`;
  }
}

/**
 * The anchor in the form a consumer needs to read a tick's u64 `timestamp_ns` (two little-endian u32 words) back as
 * a monotonic instant without losing nanoseconds: `((highWord - high) * 2^32 + (lowWord - low)) / 1e6 - offsetMs`.
 * The arithmetic is left to the caller so it inlines on the hot path.
 */
export class TickTimestampAnchor {
  readonly high: number;
  readonly low: number;
  readonly offsetMs: number;

  constructor(anchor: EpochAnchor) {
    const anchorNs = BigInt(anchor.seconds) * 1_000_000_000n;
    this.high = Number(anchorNs >> 32n);
    this.low = Number(anchorNs & 0xffff_ffffn);
    this.offsetMs = anchor.offsetMs;
  }
}
