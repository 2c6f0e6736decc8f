/**
 * A connection outage: {@link DisconnectFault.drop} cuts every client connection without a closing handshake (as a
 * network failure would) and refuses new ones until {@link DisconnectFault.restore}. The broker keeps running in
 * between: orders can still fill, and the connector must learn of those fills through `reconcile(sinceMs)`.
 */
export interface DisconnectFault {
  drop(): void | Promise<void>;
  restore(): void | Promise<void>;
}

/**
 * Market data stops while the connection stays up and heartbeats (or pings, or the venue's keepalive) go on: the
 * stale-feed case a watchdog must catch. {@link SilenceFault.end} resumes the data.
 */
export interface SilenceFault {
  begin(): void | Promise<void>;
  end(): void | Promise<void>;
}

/** What {@link FakeBrokerFaults.unknownEnumValue} may aim at: a symbol being streamed, and an open order if any. */
export interface UnknownEnumTarget {
  readonly symbol: string;
  /** An order working at the broker, for fakes that put the unknown value in an order update. */
  readonly clientOrderId?: string;
}

/**
 * Where the fake put the unknown enum value, which tells the kit what the connector must do about it:
 * - `order-status`: an order update with a status the protocol does not define; the connector reports the order as
 *   `unknown` with the broker's status string kept (`OrderEvent.brokerStatus`).
 * - `market-data`: a data message with an unknown type, side, condition or channel; the connector skips it and calls
 *   `health.reportProtocolError`.
 */
export type UnknownEnumPlacement = 'order-status' | 'market-data';

/**
 * The scripted faults a fake broker offers. Every one is optional: the kit skips the cases whose fault the fake
 * lacks (and says so in the case name), so a fake grows fault by fault. Each fault affects the fake's behaviour from
 * the call on; a test case gets a fresh fake, so nothing needs undoing.
 */
export interface FakeBrokerFaults {
  /** Refuse every authentication from now on, with the venue's own refusal (HTTP 401, an error frame, ...). */
  rejectAuth?(): void | Promise<void>;
  disconnect?: DisconnectFault;
  silenceData?: SilenceFault;
  /**
   * The venue's sequence for `symbol` skips `missing` numbers before the next data message, as if that many
   * messages were lost upstream. The quote after the gap is logged with `gapBefore: true`.
   */
  sequenceGap?(symbol: string, missing: number): void | Promise<void>;
  /**
   * For the next `durationMs`, refuse every order-entry request with the venue's rate-limit answer (HTTP 429 with
   * `Retry-After`, or the venue's "too many requests" message), recorded with outcome `rate-limited`.
   */
  rateLimitStorm?(durationMs: number): void | Promise<void>;
  /** Send one frame the protocol cannot parse (truncated JSON, a bad length prefix, ...) on every connection. */
  malformedFrame?(): void | Promise<void>;
  /** Send one otherwise valid message carrying an enum value the protocol does not define. */
  unknownEnumValue?(target: UnknownEnumTarget): UnknownEnumPlacement | Promise<UnknownEnumPlacement>;
  /**
   * The venue's clock runs `offsetMs` ahead of the local one (negative: behind) from now on, in every timestamp it
   * sends; quotes are logged with the skewed `venueTimeMs`.
   */
  clockSkew?(offsetMs: number): void | Promise<void>;
}

/** The names of the optional fault controls, as the kit lists them in skipped case names. */
export type FakeBrokerFaultName = keyof FakeBrokerFaults;
