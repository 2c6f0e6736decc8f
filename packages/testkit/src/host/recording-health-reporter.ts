import type { FeedHealthReporter, TickwireError } from '@tickwire/core';

/** One `reportFeedStale` call. */
export interface FeedStaleReport {
  readonly symbol: string;
  readonly silentForMs: number;
  readonly atMs: number;
}

/** One `reportGap` call. */
export interface GapReport {
  readonly symbol: string;
  readonly expected: number;
  readonly received: number;
  readonly atMs: number;
}

/** One `reportResynced` call. */
export interface ResyncReport {
  readonly symbol: string;
  readonly atMs: number;
}

/** One `reportProtocolError` call. */
export interface ProtocolErrorReport {
  readonly error: TickwireError;
  readonly atMs: number;
}

/**
 * A {@link FeedHealthReporter} that keeps every report for assertions, and passes each on to `forwardTo` when given
 * (the logging reporter, or one a test supplies).
 */
export class RecordingHealthReporter implements FeedHealthReporter {
  readonly stale: FeedStaleReport[] = [];
  readonly gaps: GapReport[] = [];
  readonly resynced: ResyncReport[] = [];
  readonly protocolErrors: ProtocolErrorReport[] = [];

  constructor(private readonly forwardTo?: FeedHealthReporter) {}

  reportFeedStale(symbol: string, silentForMs: number): void {
    this.stale.push({ symbol, silentForMs, atMs: Date.now() });
    this.forwardTo?.reportFeedStale(symbol, silentForMs);
  }

  reportGap(symbol: string, expected: number, received: number): void {
    this.gaps.push({ symbol, expected, received, atMs: Date.now() });
    this.forwardTo?.reportGap(symbol, expected, received);
  }

  reportResynced(symbol: string): void {
    this.resynced.push({ symbol, atMs: Date.now() });
    this.forwardTo?.reportResynced(symbol);
  }

  reportProtocolError(error: TickwireError): void {
    this.protocolErrors.push({ error, atMs: Date.now() });
    this.forwardTo?.reportProtocolError(error);
  }
}
