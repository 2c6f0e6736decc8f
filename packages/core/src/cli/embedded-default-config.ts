import type { RuntimeConfigInput } from '../runtime/runtime-config-schema';

/**
 * What `tickwire run` runs with no `--config`: the simulated market with its default symbols (kept in step with
 * `@tickwire/connector-sim`'s defaults), the example strategy, tick files under `./tick-data`, and the ZeroMQ
 * bridge on loopback. No credentials, no network beyond 127.0.0.1.
 */
export const EMBEDDED_DEFAULT_CONFIG: RuntimeConfigInput = {
  connectors: [
    {
      id: 'sim',
      package: '@tickwire/connector-sim',
      config: {},
      instruments: {
        'SIM-AAPL': { assetClass: 'equity', priceIncrement: 0.01, quantityIncrement: 1 },
        'SIM-MSFT': { assetClass: 'equity', priceIncrement: 0.01, quantityIncrement: 1 },
        'SIM-BTC': { assetClass: 'crypto', priceIncrement: 0.01, quantityIncrement: 0.0001 },
        'SIM-EUR/USD': { assetClass: 'fx', priceIncrement: 0.00001, quantityIncrement: 1000 },
      },
    },
  ],
  store: { dir: 'tick-data' },
  bridge: {},
  strategies: [{ module: 'builtin:example' }],
  auditLog: 'tick-data/audit.jsonl',
};
