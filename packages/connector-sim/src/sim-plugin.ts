// JSON modules only have a default export (the import-attributes rule); the bundler inlines the file.

import {
  CONNECTOR_SPECIFICATION_VERSION,
  type ConnectorCapabilities,
  type ConnectorPlugin,
  defineConnector,
  TickSource,
} from '@tickwire/core';
import packageJson from '../package.json' with { type: 'json' };
import { type SimConfig, simConfigSchema } from './config/sim-config-schema';
import { SimConnector } from './sim-connector';

/** What the simulated venue supports; the test kit runs every case these allow. */
export const SIM_CAPABILITIES: ConnectorCapabilities = {
  assetClasses: ['equity', 'option', 'future', 'fx', 'crypto'],
  orderTypes: ['market', 'limit', 'stop', 'stop_limit'],
  timeInForce: ['day', 'gtc', 'ioc', 'fok', 'gtd'],
  orderClasses: ['simple'],
  dataKinds: ['quotes', 'trades'],
  tradingModes: ['paper'],
  idempotentClientOrderIds: true,
  replaceOrders: true,
  cancelAllOrders: true,
  reconciliation: true,
  notionalOrders: true,
  fractionalQuantity: true,
  extendedHours: false,
  rateLimitBuckets: [],
};

/**
 * The `@tickwire/connector-sim` plugin: a simulated market and matching engine, the runtime's embedded default.
 * The runtime imports the package and uses this (the default export, also exported as `plugin`).
 *
 * @example
 * ```ts
 * import simPlugin from '@tickwire/connector-sim';
 * const config = simPlugin.manifest.configSchema.parse({ rateMultiplier: 10 });
 * const sim = simPlugin.create(config, context);
 * await sim.connect();
 * await sim.subscribe({ symbols: ['SIM-AAPL'], kinds: ['quotes', 'trades'] });
 * ```
 */
export const simPlugin: ConnectorPlugin<SimConfig> = defineConnector({
  manifest: {
    packageName: packageJson.name,
    version: packageJson.version,
    specificationVersion: CONNECTOR_SPECIFICATION_VERSION,
    tickSourceId: TickSource.SIM,
    displayName: 'Simulated market',
    description:
      'A synthetic market (price processes, quotes and trades up to hundreds of thousands of ticks/s) with a ' +
      'matching engine and scripted faults: the whole order path with no broker and no credentials.',
    capabilities: SIM_CAPABILITIES,
    configSchema: simConfigSchema,
  },
  create: (config, context) => new SimConnector(config, context),
});
