/**
 * `@tickwire/connector-sim`: a simulated market and matching engine behind the tickwire connector contract, the
 * runtime's embedded default. The default export (also `plugin`) is the connector plugin.
 *
 * @packageDocumentation
 */
import { simPlugin } from './sim-plugin';

export default simPlugin;

export {
  SIM_FEED_KINDS,
  type SimConfig,
  type SimConfigInput,
  type SimFeedKind,
  simConfigSchema,
} from './config/sim-config-schema';
export { GENERIC_SIM_SYMBOL, type SimSymbolInput, simSymbolSchema } from './config/sim-symbol-schema';
export { type FaultStep, faultStepSchema } from './faults/fault-step-schema';
export {
  type RejectionTiming,
  type ScriptedRejection,
  type SimFaultStatus,
  SimFaults,
  type SimFaultTarget,
} from './faults/sim-faults';
export type { SimFeed } from './feed/sim-feed';
export { GeometricBrownianMotion, type GeometricBrownianMotionParameters } from './market/geometric-brownian-motion';
export { IncrementGrid } from './market/increment-grid';
export { InstrumentTable } from './market/instrument-table';
export type { FeedGapListener, MarketListener, SyntheticMarketStats } from './market/market-listener';
export { type MeanRevertingParameters, MeanRevertingProcess } from './market/mean-reverting-process';
export { type PriceProcess, type PriceProcessKind, SECONDS_PER_YEAR } from './market/price-process';
export { SeededRandom } from './market/seeded-random';
export { DEFAULT_SIM_SYMBOLS, instrumentOf, type SimSymbolSpec } from './market/sim-symbol';
export {
  SUBSCRIBE_QUOTES,
  SUBSCRIBE_TRADES,
  SyntheticMarket,
  type SyntheticMarketOptions,
} from './market/synthetic-market';
export { TopOfBook } from './market/top-of-book';
export { FillJournal } from './matching/fill-journal';
export {
  type CancelOutcome,
  MatchingEngine,
  type MatchingEngineOptions,
  type ReplaceOutcome,
  type SubmitOutcome,
} from './matching/matching-engine';
export { OrderValidator, SIM_ORDER_TYPES, SIM_TIMES_IN_FORCE } from './matching/order-validation';
export { Portfolio, type PortfolioOptions } from './matching/portfolio';
export { SimOrder } from './matching/sim-order';
export { SimConnector, type SimConnectorStats } from './sim-connector';
export { SIM_CAPABILITIES, simPlugin as plugin, simPlugin } from './sim-plugin';

export { OrderEventDelivery } from './venue/order-event-delivery';
export { SimVenue, type SimVenueOptions } from './venue/sim-venue';
