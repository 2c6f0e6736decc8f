import { performance } from 'node:perf_hooks';

/**
 * The fake venue's clock: the local clock in microseconds, plus an offset the clock-skew fault sets. Coinbase
 * stamps messages with sub-millisecond RFC 3339 times, and so does the fake.
 */
export class CoinbaseFakeClock {
  #skewMs = 0;

  /** Runs the venue clock `offsetMs` ahead of the local one (behind when negative). */
  skew(offsetMs: number): void {
    this.#skewMs = offsetMs;
  }

  /** Venue time, epoch milliseconds with a microsecond fraction. */
  nowMs(): number {
    return this.nowMicros() / 1000;
  }

  /** Venue time, whole epoch seconds. */
  nowSeconds(): number {
    return Math.floor(this.nowMicros() / 1_000_000);
  }

  /** Venue time, whole epoch microseconds. */
  nowMicros(): number {
    return Math.floor((performance.timeOrigin + performance.now() + this.#skewMs) * 1000);
  }
}

/** `2024-05-01T12:00:00.123456Z` for epoch microseconds; the value the connector reads back is `micros / 1000` ms. */
export function formatMicros(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  const fraction = String(micros - seconds * 1_000_000).padStart(6, '0');
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}

/** The epoch milliseconds (with fraction) that a {@link formatMicros} text stands for. */
export function microsToMs(micros: number): number {
  return micros / 1000;
}
