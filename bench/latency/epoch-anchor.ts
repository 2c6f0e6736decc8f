// The main thread's clock (`performance.now()`, ms) tied to the epoch, so the feed can write a real RFC 3339 `t`
// into each quote (the venue time the connector puts in the tick) and the consumer can read it back out of the
// tick record to the nanosecond. A u64 of epoch nanoseconds does not fit a double exactly, so both directions work
// with differences from a whole anchor second.

/** Main-clock instant `m` (ms) is epoch second `seconds` plus `offsetMs + m` milliseconds. */
export interface EpochAnchor {
  /** Whole epoch seconds: `floor(performance.timeOrigin / 1000)` of the main thread. */
  readonly seconds: number;
  /** Milliseconds from `seconds` to the main clock's zero (0..1000). */
  readonly offsetMs: number;
}

/** The anchor of the calling thread's clock; call it on the main thread. */
export function anchorMainClock(): EpochAnchor {
  const seconds = Math.floor(performance.timeOrigin / 1000);
  return { seconds, offsetMs: performance.timeOrigin - seconds * 1000 };
}

/** Formats main-clock instant `mainMs` as RFC 3339 with nanoseconds; the date part is computed once per second. */
export class Rfc3339Formatter {
  private cachedSecond = -1;
  private cachedPrefix = '';

  constructor(private readonly anchor: EpochAnchor) {}

  format(mainMs: number): string {
    const sinceAnchorMs = this.anchor.offsetMs + mainMs;
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

/** Reads a tick's u64 `timestamp_ns` (as its two little-endian u32 words) back as a main-clock instant, ms. */
export class TickTimestampReader {
  private readonly anchorHigh: number;
  private readonly anchorLow: number;
  private readonly offsetMs: number;

  constructor(anchor: EpochAnchor) {
    const anchorNs = BigInt(anchor.seconds) * 1_000_000_000n;
    this.anchorHigh = Number(anchorNs >> 32n);
    this.anchorLow = Number(anchorNs & 0xffff_ffffn);
    this.offsetMs = anchor.offsetMs;
  }

  mainClockMs(lowWord: number, highWord: number): number {
    const sinceAnchorNs = (highWord - this.anchorHigh) * 4_294_967_296 + (lowWord - this.anchorLow);
    return sinceAnchorNs / 1e6 - this.offsetMs;
  }
}
