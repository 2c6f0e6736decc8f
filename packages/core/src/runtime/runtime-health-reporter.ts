import type { FeedHealthReporter } from '../connector/feed-health-reporter';
import { ALL_SYMBOLS } from '../connector/feed-health-reporter';
import type { Logger } from '../connector/logger';
import type { TickwireError } from '../errors/tickwire-error';
import type { FeedHealth } from '../feed/feed-health';
import { symbolIdOf } from '../tick/symbol-id';

/** Counts of what a connector reported about its feed. */
export interface HealthReportCounts {
  stale: number;
  gaps: number;
  resyncs: number;
  protocolErrors: number;
}

/**
 * The health reporter the runtime hands a connector: venue gaps and resyncs go to the runtime's feed health, which
 * the risk gate reads (an order for a gapped symbol is denied); staleness is measured by feed health itself from
 * tick times, so reports of it are logged; protocol errors are counted and logged, the first ones in full.
 */
export function createRuntimeHealthReporter(
  feedHealth: FeedHealth,
  logger: Logger,
  counts: HealthReportCounts,
  connectorSymbolIds: readonly number[],
): FeedHealthReporter {
  // A per-connection gap ('*') taints every symbol of this connector.
  const symbolsOf = (symbol: string): readonly number[] =>
    symbol === ALL_SYMBOLS ? connectorSymbolIds : [symbolIdOf(symbol)];
  return {
    reportFeedStale(symbol, silentForMs) {
      counts.stale++;
      logger.warn('feed stale', { symbol, silentForMs });
    },
    reportGap(symbol, expected, received) {
      counts.gaps++;
      const now = Date.now();
      for (const symbolId of symbolsOf(symbol)) feedHealth.reportGap(symbolId, now, (received - expected) >>> 0);
      logger.warn('venue sequence gap', { symbol, expected, received });
    },
    reportResynced(symbol) {
      counts.resyncs++;
      const now = Date.now();
      for (const symbolId of symbolsOf(symbol)) feedHealth.markResynced(symbolId, now);
      logger.info('feed resynced', { symbol });
    },
    reportProtocolError(error: TickwireError) {
      counts.protocolErrors++;
      if (counts.protocolErrors <= 20)
        logger.warn('unusable message skipped', { code: error.code, error: error.message });
    },
  };
}
