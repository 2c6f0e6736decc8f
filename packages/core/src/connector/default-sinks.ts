import type { FeedHealthReporter } from './feed-health-reporter';
import type { Logger } from './logger';
import type { MarketDataSink } from './market-data-events';

/** A market-data sink nobody listens to: `wants()` is always false, so connectors build no event objects. */
export const NULL_MARKET_DATA_SINK: MarketDataSink = Object.freeze({
  wants: () => false,
  quote: () => {},
  trade: () => {},
  bar: () => {},
  book: () => {},
});

/**
 * A health reporter that only logs: stale feeds, gaps and protocol errors as warnings, resyncs as info. The
 * runtime replaces it with one that also informs the risk gate; this one suits tests and embedding without risk.
 */
export function createLoggingHealthReporter(logger: Logger): FeedHealthReporter {
  return {
    reportFeedStale: (symbol, silentForMs) => logger.warn('feed stale', { symbol, silentForMs }),
    reportGap: (symbol, expected, received) =>
      logger.warn('feed sequence gap', { symbol, expected, received, missed: received - expected }),
    reportResynced: (symbol) => logger.info('feed resynced', { symbol }),
    reportProtocolError: (error) => logger.warn('unusable message skipped', { error }),
  };
}
