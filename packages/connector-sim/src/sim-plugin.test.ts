import {
  ConfigError,
  checkConnectorInstance,
  checkPluginCompatibility,
  createConnectorContext,
  createTickDraft,
  TickSource,
  validateConnectorConfig,
} from '@tickwire/core';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import * as simPackage from './index';
import { DEFAULT_SIM_SYMBOLS } from './market/sim-symbol';
import { SimConnector } from './sim-connector';
import { simPlugin } from './sim-plugin';

describe('sim plugin', () => {
  it('is the default export and the named `plugin` export, and passes the host compatibility check', () => {
    expect(simPackage.default).toBe(simPlugin);
    expect(simPackage.plugin).toBe(simPlugin);
    expect(checkPluginCompatibility(simPackage, '@tickwire/connector-sim')).toBe(simPlugin);
  });

  it('declares the package, version, contract, sim source id and capabilities', () => {
    const { manifest } = simPlugin;
    expect(manifest.packageName).toBe('@tickwire/connector-sim');
    expect(manifest.version).toBe(packageJson.version);
    expect(manifest.specificationVersion).toBe('tickwire.connector/v1');
    expect(manifest.tickSourceId).toBe(TickSource.SIM);
    expect(manifest.capabilities).toMatchObject({
      orderTypes: ['market', 'limit', 'stop', 'stop_limit'],
      dataKinds: ['quotes', 'trades'],
      replaceOrders: true,
      reconciliation: true,
      idempotentClientOrderIds: true,
      tradingModes: ['paper'],
    });
  });

  it('runs a small default market from the config {}', () => {
    const config = validateConnectorConfig(simPlugin, {});
    expect(config.feed).toBe('synthetic');
    expect(config.symbols.map((spec) => spec.symbol)).toEqual(['SIM-AAPL', 'SIM-MSFT', 'SIM-BTC', 'SIM-EUR/USD']);
    const ticksPerSecond = config.symbols.reduce((sum, spec) => sum + spec.quoteRate + spec.tradeRate, 0);
    expect(ticksPerSecond).toBeGreaterThan(2_000);
    expect(ticksPerSecond).toBeLessThan(10_000);
    expect(config.latency).toEqual({ ackMs: 2, fillMs: 1, connectMs: 0 });
    expect(config.account).toEqual({ id: 'SIM-ACCOUNT', currency: 'USD', startingCash: 1_000_000 });
  });

  it('resolves symbols given by name or as overrides, and scales every rate', () => {
    const config = validateConnectorConfig(simPlugin, {
      symbols: ['SIM-BTC', { symbol: 'SIM-AAPL', quoteRate: 10 }, { symbol: 'ACME', startPrice: 12.5 }],
      rateMultiplier: 3,
    });
    const [btc, apple, acme] = config.symbols;
    expect(btc).toEqual({ ...DEFAULT_SIM_SYMBOLS[2], quoteRate: 3_000, tradeRate: 600 });
    expect(apple).toMatchObject({ symbol: 'SIM-AAPL', startPrice: 190, quoteRate: 30, tradeRate: 300 });
    expect(acme).toMatchObject({ symbol: 'ACME', assetClass: 'equity', startPrice: 12.5, priceIncrement: 0.01 });
  });

  it('refuses bad config naming the field, the value and the fix', () => {
    const attempt = (raw: unknown) => {
      try {
        validateConnectorConfig(simPlugin, raw, { fieldPathPrefix: 'connectors[0].config' });
      } catch (error) {
        expect(ConfigError.isInstance(error)).toBe(true);
        return (error as Error).message;
      }
      throw new Error('expected the config to be refused');
    };
    expect(attempt({ latency: { ackMs: -1 } })).toMatch(/connectors\[0\]\.config\.latency\.ackMs/);
    expect(attempt({ symbols: [{ symbol: 'X', spreadTicks: 0 }] })).toMatch(/symbols\[0\]\.spreadTicks.*at least 1/s);
    expect(attempt({ symbols: ['SIM-AAPL', 'SIM-AAPL'] })).toMatch(/"SIM-AAPL" is listed twice/);
    expect(attempt({ rateMultipler: 2 })).toMatch(/rateMultipler/);
    expect(attempt({ feed: 'replay' })).toMatch(/config\.feed/);
    expect(attempt({ faults: [{ atMs: 10, fault: 'meteor' }] })).toMatch(/faults\[0\]/);
  });

  it('creates a connector the host accepts, in state disconnected, without doing I/O', () => {
    const context = createConnectorContext({
      connectorId: 'sim',
      tickSourceId: TickSource.SIM,
      tickWriter: { draft: createTickDraft(), publish: () => true },
      orderEvents: { emit: () => {} },
      logLevel: 'silent',
    });
    const connector = simPlugin.create(validateConnectorConfig(simPlugin, {}), context);
    expect(checkConnectorInstance(connector, simPlugin)).toBe(connector);
    expect(connector.state).toBe('disconnected');
    expect(SimConnector.isInstance(connector)).toBe(true);
    expect(SimConnector.isInstance({})).toBe(false);
  });
});
