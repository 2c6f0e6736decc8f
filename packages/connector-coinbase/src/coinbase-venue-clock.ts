import { type Clock, ClockSkewEstimator } from '@tickwire/core';

/**
 * Coinbase's clock as seen from here: the local clock corrected by the offset measured against the server's time
 * endpoint. JWTs are stamped with it (Coinbase refuses a token whose `nbf`/`exp` window misses its own clock), and
 * `reconcile(sinceMs)` converts the host's time into the venue's before asking for fills.
 */
export class CoinbaseVenueClock {
  readonly #clock: Clock;
  readonly #skew = new ClockSkewEstimator({ windowSize: 8 });

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** The venue's current time, epoch milliseconds. */
  nowMs(): number {
    return this.#skew.toServerTimeMs(this.#clock.nowMs());
  }

  /** The venue's time at local time `localMs`. */
  toVenueMs(localMs: number): number {
    return this.#skew.toServerTimeMs(localMs);
  }

  /** The local time at venue time `venueMs`. */
  toLocalMs(venueMs: number): number {
    return this.#skew.toLocalTimeMs(venueMs);
  }

  /** Server minus local, ms; 0 before the first sample. */
  get offsetMs(): number {
    return this.#skew.estimate()?.offsetMs ?? 0;
  }

  /** How far off {@link offsetMs} may be, ms (half the best round trip); 0 before the first sample. */
  get uncertaintyMs(): number {
    return this.#skew.estimate()?.uncertaintyMs ?? 0;
  }

  /** Adds one round trip to the server's time endpoint. */
  addSample(sentAtMs: number, serverTimeMs: number, receivedAtMs: number): void {
    this.#skew.addSample({ sentAtMs, serverTimeMs, receivedAtMs });
  }
}
