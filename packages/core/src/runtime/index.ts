export { ConnectorHost, type ConnectorHostOptions } from './connector-host';
export { DEFAULT_RISK_LIMITS } from './default-risk-limits';
export { CONNECTOR_KEYWORD, findInstalledConnectorPackages } from './installed-plugins';
export { OrderRouter, RouterReason } from './order-router';
export { parseRuntimeConfig } from './parse-runtime-config';
export { loadConnectorPlugin, type ModuleImporter, type PluginLoaderOptions } from './plugin-loader';
export { createRuntime, type Runtime, type RuntimeOptions } from './runtime';
export {
  type ConnectorEntry,
  type RuntimeConfig,
  type RuntimeConfigInput,
  runtimeConfigSchema,
} from './runtime-config-schema';
export type { ConnectorSummary, RuntimeSummary } from './runtime-summary';
export { MAX_CONSUMER_FAILURES, type TickConsumer, TickHub } from './tick-hub';
