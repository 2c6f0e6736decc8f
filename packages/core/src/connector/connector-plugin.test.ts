import { describe, expect, expectTypeOf, it } from 'vitest';
import { PluginError } from '../errors/plugin-error';
import { exampleCapabilities, exampleConfigSchema, examplePlugin } from './__fixtures__/example-connector-plugin';
import { createTickWriterStub } from './__fixtures__/tick-writer-stub';
import type { ConnectorContext } from './connector-context';
import { type ConnectorPlugin, defineConnector } from './connector-plugin';
import { createConnectorContext } from './default-connector-context';
import { checkConnectorInstance, checkPluginCompatibility } from './plugin-compatibility';

const PACKAGE = '@acme/tickwire-connector-example';

function pluginError(run: () => unknown): PluginError {
  try {
    run();
  } catch (error) {
    if (PluginError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a PluginError, nothing was thrown');
}

describe('defineConnector', () => {
  it('infers the config type from the schema, so create() gets typed, validated config', () => {
    expectTypeOf(examplePlugin).toEqualTypeOf<
      ConnectorPlugin<{
        keyId: string;
        secretKey: string;
        feed: 'iex' | 'sip';
        endpoint?: { host: string; port: number } | undefined;
        accountNumber?: string | undefined;
      }>
    >();
    expectTypeOf(examplePlugin.create).parameter(1).toEqualTypeOf<ConnectorContext>();
    // A typed plugin fits wherever the host holds plugins of unknown config.
    const held: ConnectorPlugin[] = [examplePlugin];
    expect(held).toHaveLength(1);
    expect(Object.isFrozen(examplePlugin)).toBe(true);
  });

  it('refuses a malformed manifest when the plugin is defined, listing every problem', () => {
    const error = pluginError(() =>
      defineConnector({
        manifest: {
          ...examplePlugin.manifest,
          tickSourceId: 300,
          version: 'one',
          capabilities: { ...exampleCapabilities, orderTypes: ['market', 'iceberg' as 'market'], tradingModes: [] },
        },
        create: examplePlugin.create,
      }),
    );
    expect(error.code).toBe('PLUGIN_SPEC_UNSUPPORTED');
    expect(error.message).toContain(`"${PACKAGE}" has a malformed manifest (4 problems)`);
    expect(error.message).toContain('manifest.tickSourceId');
    expect(error.message).toContain('manifest.version: must be a semver version');
    expect(error.message).toContain('manifest.capabilities.orderTypes[1]');
    expect(error.message).toContain('manifest.capabilities.tradingModes: must list "paper", "live" or both');
  });
});

describe('checkPluginCompatibility', () => {
  it('accepts the plugin itself, a module namespace, and CommonJS interop', () => {
    expect(checkPluginCompatibility(examplePlugin, PACKAGE)).toBe(examplePlugin);
    expect(checkPluginCompatibility({ default: examplePlugin, other: 1 }, PACKAGE)).toBe(examplePlugin);
    expect(checkPluginCompatibility({ default: { default: examplePlugin } }, PACKAGE)).toBe(examplePlugin);
  });

  it('refuses a newer specification, telling the user to upgrade core', () => {
    const future = {
      manifest: { ...examplePlugin.manifest, specificationVersion: 'tickwire.connector/v2', version: '3.0.0' },
      create: () => ({}),
    };
    const error = pluginError(() => checkPluginCompatibility(future, PACKAGE));
    expect(error.code).toBe('PLUGIN_SPEC_UNSUPPORTED');
    expect(error.packageName).toBe(PACKAGE);
    expect(error.packageVersion).toBe('3.0.0');
    expect(error.specificationVersion).toBe('tickwire.connector/v2');
    expect(error.supportedSpecificationVersions).toEqual(['tickwire.connector/v1']);
    expect(error.message).toMatch(
      /"@acme\/tickwire-connector-example" version 3\.0\.0 implements "tickwire\.connector\/v2"/,
    );
    expect(error.message).toMatch(/@tickwire\/core \d+\.\d+\.\d+ supports \("tickwire\.connector\/v1"\)/);
    expect(error.message).toContain('npm install @tickwire/core@latest');
  });

  it('refuses an older or foreign specification, telling the user what to install', () => {
    const old = {
      manifest: { ...examplePlugin.manifest, specificationVersion: 'tickwire.connector/v0' },
      create: () => ({}),
    };
    expect(pluginError(() => checkPluginCompatibility(old, PACKAGE)).message).toContain(
      `npm install ${PACKAGE}@latest`,
    );
    const foreign = { manifest: { ...examplePlugin.manifest, specificationVersion: 2 }, create: () => ({}) };
    expect(pluginError(() => checkPluginCompatibility(foreign, PACKAGE)).message).toContain(
      'declares specificationVersion 2, which is not a tickwire connector specification',
    );
  });

  it('refuses a package that exports no plugin, naming what it does export', () => {
    const error = pluginError(() => checkPluginCompatibility({ connect: () => {}, version: '1' }, 'left-pad'));
    expect(error.message).toContain('Package "left-pad" does not export a tickwire connector plugin');
    expect(error.message).toContain('found exports "connect", "version"');
  });

  it('refuses a plugin whose manifest names another package', () => {
    const error = pluginError(() => checkPluginCompatibility(examplePlugin, '@acme/renamed'));
    expect(error.message).toContain(`manifest says packageName "${PACKAGE}"`);
  });
});

describe('checkConnectorInstance', () => {
  const context = createConnectorContext({
    connectorId: 'example',
    tickSourceId: 200,
    tickWriter: createTickWriterStub(),
    orderEvents: { emit: () => {} },
    logLevel: 'silent',
  });

  it('accepts a complete connector', () => {
    const connector = examplePlugin.create(exampleConfigSchema.parse({ keyId: 'k', secretKey: '12345678' }), context);
    expect(checkConnectorInstance(connector, examplePlugin)).toBe(connector);
  });

  it('names each missing method and a capability the instance does not back', () => {
    const partial = {
      specificationVersion: 'tickwire.connector/v1',
      connect: async () => {},
      cancelAllOrders: async () => {},
    };
    const error = pluginError(() => checkConnectorInstance(partial, examplePlugin));
    expect(error.message).toContain('method reconcile() is missing');
    expect(error.message).toContain('method submitOrder() is missing');
    expect(error.message).toContain('capabilities.cancelAllOrders is false but cancelAllOrders() is present');
    expect(pluginError(() => checkConnectorInstance(undefined, examplePlugin)).message).toContain(
      'create() returned undefined',
    );
  });
});
