export {
  type ConnectorCapabilities,
  DATA_KINDS,
  type DataKind,
  type RateLimitBucketSpec,
  type TradingMode,
} from './capabilities';
export type { Clock, EpochTimeTarget, TimerHandle, Timers } from './clock';
export {
  CONNECTION_STATE_TRANSITIONS,
  type ConnectionState,
  type ConnectionStateChange,
  type ConnectionStateListener,
} from './connection-state';
export { ConnectionStateTracker, type ConnectionStateTrackerOptions } from './connection-state-tracker';
export type { ConnectorContext } from './connector-context';
export { type ConnectorPlugin, defineConnector } from './connector-plugin';
export { TICKWIRE_CORE_VERSION } from './core-version';
export { type CreateLoggerOptions, createLogger, type LogRecord, writeJsonLineToStderr } from './create-logger';
export { type ConnectorContextOptions, createConnectorContext } from './default-connector-context';
export { createLoggingHealthReporter, NULL_MARKET_DATA_SINK } from './default-sinks';
export { ALL_SYMBOLS, type FeedHealthReporter } from './feed-health-reporter';
export { LOG_LEVELS, type LogFields, type Logger, type LogLevel } from './logger';
export type { ConnectorManifest } from './manifest';
export { assertValidManifest, isZodSchema, manifestProblems } from './manifest-schema';
export type {
  BarEvent,
  BookLevelUpdate,
  BookUpdateEvent,
  MarketDataSink,
  QuoteEvent,
  TradeEvent,
} from './market-data-events';
export type { OrderEventSink } from './order-event-sink';
export { checkConnectorInstance, checkPluginCompatibility } from './plugin-compatibility';
export {
  CONNECTOR_SPECIFICATION_VERSION,
  type ConnectorSpecificationVersion,
  SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS,
  specificationMajor,
} from './specification-version';
export { createSystemClock, type SystemClockOptions, systemTimers } from './system-clock';
export type {
  CancelRequest,
  ITradingConnector,
  OrderAck,
  ReconciliationReport,
  SubscriptionRequest,
} from './trading-connector';
export { type ValidateConnectorConfigOptions, validateConnectorConfig } from './validate-connector-config';
