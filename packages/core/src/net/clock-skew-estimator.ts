/** One round trip: when we asked, what the server's clock said, when the answer arrived (all epoch ms). */
export interface ClockSkewSample {
  /** Local time the request was sent. */
  readonly sentAtMs: number;
  /** The server's time in its answer (IB `reqCurrentTime`, Coinbase heartbeat `current_time`, HTTP `Date`). */
  readonly serverTimeMs: number;
  /** Local time the answer arrived. */
  readonly receivedAtMs: number;
}

/** The current estimate. `offsetMs` is server minus local: `serverTime ≈ localTime + offsetMs`. */
export interface ClockSkewEstimate {
  readonly offsetMs: number;
  /** Half the best round trip plus half the server's time resolution: the true offset is within ± this. */
  readonly uncertaintyMs: number;
  /** Round trip of the sample the estimate rests on, ms. */
  readonly roundTripMs: number;
  /** Samples in the window. */
  readonly sampleCount: number;
}

/** Options for {@link ClockSkewEstimator}. */
export interface ClockSkewEstimatorOptions {
  /** How many recent samples to keep. Default 16. */
  readonly windowSize?: number;
  /**
   * The resolution of the server's timestamps, ms: 1 000 for IB's whole seconds, 1 for millisecond clocks.
   * Default 1. A truncated timestamp is on average half a unit early, which the estimate corrects.
   */
  readonly serverTimeResolutionMs?: number;
}

/**
 * Estimates the offset between the local clock and a venue's clock from round-trip samples, NTP style: each
 * sample's offset assumes the server stamped its time halfway through the round trip, and the error of that
 * assumption is at most half the round trip. Queueing only ever adds delay, so the sample with the smallest round
 * trip in a sliding window is the most trustworthy; the estimate uses it (a min-RTT filter), which shrugs off the
 * slow outliers that skew a mean.
 *
 * @example
 * ```ts
 * const skew = new ClockSkewEstimator({ serverTimeResolutionMs: 1000 });
 * const sentAtMs = clock.nowMs();
 * const serverSeconds = await requestCurrentTime();
 * skew.addSample({ sentAtMs, serverTimeMs: serverSeconds * 1000, receivedAtMs: clock.nowMs() });
 * skew.estimate(); // { offsetMs: -412.5, uncertaintyMs: 503, ... }
 * ```
 */
export class ClockSkewEstimator {
  readonly #windowSize: number;
  readonly #resolutionMs: number;
  readonly #samples: ClockSkewSample[] = [];

  constructor(options: ClockSkewEstimatorOptions = {}) {
    this.#windowSize = Math.max(1, Math.floor(options.windowSize ?? 16));
    this.#resolutionMs = Math.max(0, options.serverTimeResolutionMs ?? 1);
  }

  /**
   * Adds a sample; returns false (and ignores it) when it is impossible: non-finite, or received before sent.
   */
  addSample(sample: ClockSkewSample): boolean {
    const { sentAtMs, serverTimeMs, receivedAtMs } = sample;
    if (![sentAtMs, serverTimeMs, receivedAtMs].every(Number.isFinite) || receivedAtMs < sentAtMs) return false;
    this.#samples.push(sample);
    if (this.#samples.length > this.#windowSize) this.#samples.shift();
    return true;
  }

  /** The estimate from the samples in the window, or undefined before the first sample. */
  estimate(): ClockSkewEstimate | undefined {
    let best: ClockSkewSample | undefined;
    for (const sample of this.#samples) {
      if (best === undefined || sample.receivedAtMs - sample.sentAtMs < best.receivedAtMs - best.sentAtMs)
        best = sample;
    }
    if (best === undefined) return undefined;
    const roundTripMs = best.receivedAtMs - best.sentAtMs;
    const midpointMs = best.sentAtMs + roundTripMs / 2;
    return {
      offsetMs: best.serverTimeMs + this.#resolutionMs / 2 - midpointMs,
      uncertaintyMs: roundTripMs / 2 + this.#resolutionMs / 2,
      roundTripMs,
      sampleCount: this.#samples.length,
    };
  }

  /** The server's clock reading at local time `localMs` (unchanged before the first sample). */
  toServerTimeMs(localMs: number): number {
    return localMs + (this.estimate()?.offsetMs ?? 0);
  }

  /** The local clock reading at server time `serverMs` (unchanged before the first sample). */
  toLocalTimeMs(serverMs: number): number {
    return serverMs - (this.estimate()?.offsetMs ?? 0);
  }

  /** Forgets every sample (after a reconnect to a different server, say). */
  reset(): void {
    this.#samples.length = 0;
  }
}
