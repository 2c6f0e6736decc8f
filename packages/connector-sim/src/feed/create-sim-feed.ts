import type { MarketDataSink, TickWriter } from '@tickwire/core';
import type { SimFeedKind } from '../config/sim-config-schema';
import type { FeedGapListener } from '../market/market-listener';
import type { SimSymbolSpec } from '../market/sim-symbol';
import { SyntheticMarket } from '../market/synthetic-market';
import type { SimFeed } from './sim-feed';

/** What every feed kind is built from. */
export interface SimFeedOptions {
  readonly kind: SimFeedKind;
  readonly symbols: readonly SimSymbolSpec[];
  readonly seed: number;
  readonly writer: TickWriter;
  /** Venue time the feed starts at, epoch ms. */
  readonly startAtMs: number;
  readonly maxCatchUpMs: number;
  readonly marketData: MarketDataSink;
  readonly onGap: FeedGapListener;
}

/** Builds the feed a config asks for. New feed kinds (tick-file replay) are added here. */
export function createSimFeed(options: SimFeedOptions): SimFeed {
  switch (options.kind) {
    case 'synthetic':
      return new SyntheticMarket({
        symbols: options.symbols,
        seed: options.seed,
        writer: options.writer,
        startAtMs: options.startAtMs,
        maxCatchUpMs: options.maxCatchUpMs,
        marketData: options.marketData,
        onGap: options.onGap,
      });
  }
}
