import type { TickwireError } from '../errors/tickwire-error';

/** Passed as the symbol when a report concerns every symbol on the connection. */
export const ALL_SYMBOLS = '*';

/**
 * Where a connector tells the host about the quality of its feed. The risk gate refuses orders on a symbol whose
 * feed is stale or gapped until the connector reports it resynced, so a connector must report both directions.
 */
export interface FeedHealthReporter {
  /**
   * No data for `symbol` (or {@link ALL_SYMBOLS}) for `silentForMs`, while the connection looked alive: the
   * watchdog fired, or heartbeats continue without data.
   */
  reportFeedStale(symbol: string, silentForMs: number): void;
  /**
   * The venue's sequence jumped from `expected` to `received` for `symbol` (or {@link ALL_SYMBOLS} for a
   * per-connection sequence): messages were lost. The connector also sets the venue-gap flag on the next tick.
   */
  reportGap(symbol: string, expected: number, received: number): void;
  /** Data for `symbol` is trustworthy again: fresh data arrived after silence, or a snapshot replaced a gapped book. */
  reportResynced(symbol: string): void;
  /**
   * A message could not be used (malformed frame, unknown enum value, out-of-range number). The connector skips it
   * and carries on; the host counts and logs these.
   */
  reportProtocolError(error: TickwireError): void;
}
