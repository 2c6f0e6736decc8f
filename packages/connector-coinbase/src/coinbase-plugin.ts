import { defineConnector, TickSource } from '@tickwire/core';
import { coinbaseCapabilities } from './coinbase-capabilities';
import { type CoinbaseConfig, coinbaseConfigSchema } from './coinbase-config';
import { CoinbaseConnector } from './coinbase-connector';

/** The package version, kept in step with package.json (the manifest reports it to `tickwire connectors`). */
export const COINBASE_CONNECTOR_VERSION = '0.1.0';

/** The plugin: the package's default export, which the host loads by package name. */
export const coinbasePlugin = defineConnector<CoinbaseConfig>({
  manifest: {
    packageName: '@tickwire/connector-coinbase',
    version: COINBASE_CONNECTOR_VERSION,
    specificationVersion: 'tickwire.connector/v1',
    tickSourceId: TickSource.COINBASE,
    displayName: 'Coinbase',
    description:
      'Coinbase Advanced Trade: JWT-signed REST orders, ticker/trades/level2 market data with sequence-gap recovery, user order events.',
    capabilities: coinbaseCapabilities,
    configSchema: coinbaseConfigSchema,
    secretConfigKeys: ['privateKey', 'apiKeyName'],
  },
  create: (config, context) => new CoinbaseConnector(config, context),
});
