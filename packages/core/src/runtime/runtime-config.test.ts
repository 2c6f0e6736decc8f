import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error';
import { PluginError } from '../errors/plugin-error';
import { createRuntime } from './runtime';

const simEntry = {
  package: '@tickwire/connector-sim',
  instruments: { 'SIM-AAPL': { priceIncrement: 0.01 } },
};

async function refusal(config: unknown): Promise<unknown> {
  try {
    await createRuntime(config, { configSource: 'test.json' });
  } catch (error) {
    return error;
  }
  throw new Error('createRuntime accepted a bad config');
}

describe('runtime configuration', () => {
  it('refuses an unknown key, naming the field, the value and the fix', async () => {
    const error = await refusal({ connectors: [simEntry], rign: { capacity: 1024 } });
    expect(ConfigError.isInstance(error)).toBe(true);
    const configError = error as ConfigError;
    expect(configError.issues[0]).toMatchObject({ value: ['rign'] });
    expect(configError.message).toContain('rign');
    expect(configError.message).toContain('check the spelling');
  });

  it('refuses a ring capacity that is not a power of two', async () => {
    const error = (await refusal({ connectors: [simEntry], ring: { capacity: 3000 } })) as ConfigError;
    expect(error.fieldPath).toBe('ring.capacity');
    expect(error.value).toBe(3000);
    expect(error.message).toContain('power of two');
  });

  it('refuses a config with no connector', async () => {
    const error = (await refusal({ connectors: [] })) as ConfigError;
    expect(error.fieldPath).toBe('connectors');
  });

  it('prefixes risk-limit problems with their place in the file', async () => {
    const error = (await refusal({
      connectors: [simEntry],
      risk: { symbolDefaults: { maxOrderQuantity: -1 }, accountDefaults: {}, rates: {} },
    })) as ConfigError;
    expect(ConfigError.isInstance(error)).toBe(true);
    expect(error.issues.every((issue) => issue.fieldPath.startsWith('risk.'))).toBe(true);
  });

  it('says which package to install when a connector is missing', async () => {
    const error = await refusal({ connectors: [{ package: '@tickwire/connector-nonexistent' }] });
    expect(PluginError.isInstance(error)).toBe(true);
    expect((error as PluginError).code).toBe('PLUGIN_NOT_INSTALLED');
    expect((error as Error).message).toContain('npm install @tickwire/connector-nonexistent');
  });

  it("validates each connector's own config with its plugin's schema", async () => {
    const error = (await refusal({
      connectors: [{ ...simEntry, config: { seed: 'not-a-number' } }],
    })) as ConfigError;
    expect(ConfigError.isInstance(error)).toBe(true);
    expect(error.fieldPath).toBe('connectors[0].config.seed');
  });

  it('refuses two connectors of one source streaming the same symbol', async () => {
    const error = (await refusal({
      connectors: [
        { ...simEntry, id: 'one' },
        { ...simEntry, id: 'two' },
      ],
    })) as ConfigError;
    expect(error.fieldPath).toBe('connectors[1].instruments.SIM-AAPL');
  });

  it('refuses a plugin whose specification version core does not support', async () => {
    const error = await (async () => {
      try {
        await createRuntime(
          { connectors: [{ package: '@acme/old-connector' }] },
          {
            importModule: async () => ({
              default: {
                manifest: {
                  packageName: '@acme/old-connector',
                  version: '0.3.0',
                  specificationVersion: 'tickwire.connector/v0',
                },
                create: () => ({}),
              },
            }),
          },
        );
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(PluginError.isInstance(error)).toBe(true);
    expect((error as PluginError).code).toBe('PLUGIN_SPEC_UNSUPPORTED');
    expect((error as Error).message).toContain('@acme/old-connector');
    expect((error as Error).message).toContain('tickwire.connector/v1');
  });
});
