import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../errors/config-error';
import { REDACTED } from '../errors/redact';
import { isTickwireError } from '../errors/tickwire-error';
import { examplePlugin } from './__fixtures__/example-connector-plugin';
import { defineConnector } from './connector-plugin';
import { validateConnectorConfig } from './validate-connector-config';

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

describe('validateConnectorConfig', () => {
  it('returns the parsed config with defaults applied', () => {
    expect(validateConnectorConfig(examplePlugin, { keyId: 'PK1', secretKey: 'abcdefgh' })).toEqual({
      keyId: 'PK1',
      secretKey: 'abcdefgh',
      feed: 'iex',
    });
  });

  it('names field path, value and fix for each problem, with the prefix where the config sits', () => {
    const error = configError(() =>
      validateConnectorConfig(
        examplePlugin,
        { keyId: 'PK1', secretKey: 'abcdefgh', feed: 'opra', endpoint: { host: '127.0.0.1', port: 70_000 } },
        { fieldPathPrefix: 'connectors[0].config', connectorId: 'example-paper' },
      ),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.issues.map((issue) => issue.fieldPath)).toEqual([
      'connectors[0].config.feed',
      'connectors[0].config.endpoint.port',
    ]);
    expect(error.fieldPath).toBe('connectors[0].config.feed');
    expect(error.value).toBe('opra');
    expect(error.fix).toBe('use one of "iex", "sip"');
    expect(error.issues[1]?.value).toBe(70_000);
    expect(error.issues[1]?.fix).toBe('use a value at most 65535');
    expect(error.message).toContain(
      'Invalid configuration for connector "@acme/tickwire-connector-example" (example-paper) (2 problems)',
    );
    expect(error.message).toContain(
      'connectors[0].config.feed: Invalid option: expected one of "iex"|"sip"; got "opra"',
    );
  });

  it('says what to add for a missing field and what type to use for a wrong one', () => {
    const error = configError(() => validateConnectorConfig(examplePlugin, { keyId: 7 }));
    expect(error.issues).toEqual([
      expect.objectContaining({ fieldPath: 'keyId', value: `${REDACTED} (number)`, fix: 'make keyId a string' }),
      expect.objectContaining({ fieldPath: 'secretKey', value: undefined, fix: 'add secretKey (string)' }),
    ]);
  });

  it('never shows a secret value, by field name or by the manifest list, even in messages', () => {
    const error = configError(() =>
      validateConnectorConfig(examplePlugin, { keyId: 'PK1', secretKey: 'short', accountNumber: 42 }),
    );
    expect(error.issues.map((issue) => issue.value)).toEqual([`${REDACTED} (string)`, `${REDACTED} (number)`]);
    expect(error.issues[0]?.fix).toBe('use at least 8 characters');
    expect(error.message).not.toContain('short');
    expect(JSON.stringify(error.toJSON())).not.toContain('short');

    const leaky = defineConnector({
      manifest: {
        ...examplePlugin.manifest,
        configSchema: z.object({
          token: z.string(),
          mode: z
            .string()
            .refine((value) => value === 'paper', { error: (issue) => `bad mode ${String(issue.input)}` }),
        }),
      },
      create: () => {
        throw new Error('unused');
      },
    });
    const leakyError = configError(() =>
      validateConnectorConfig(leaky, { token: 'tok-SECRET-123', mode: 'tok-SECRET-123' }),
    );
    expect(leakyError.message).not.toContain('tok-SECRET-123');
    expect(leakyError.message).toContain(`bad mode ${REDACTED}`);
    expect(JSON.stringify(leakyError.toJSON())).not.toContain('tok-SECRET-123');
  });

  it('flags unknown fields one by one, suggesting the known ones', () => {
    const error = configError(() =>
      validateConnectorConfig(examplePlugin, {
        keyId: 'PK1',
        secretKey: 'abcdefgh',
        fead: 'sip',
        endpoint: { host: 'h', port: 1, tls: true },
      }),
    );
    expect(error.issues.map((issue) => `${issue.fieldPath}: ${issue.problem}`).sort()).toEqual([
      'endpoint.tls: unknown field',
      'fead: unknown field',
    ]);
    const fead = error.issues.find((issue) => issue.fieldPath === 'fead');
    expect(fead?.value).toBe('sip');
    expect(fead?.fix).toContain('remove "fead" or correct its spelling');
    expect(fead?.fix).toContain('"feed"');
    expect(error.issues.find((issue) => issue.fieldPath === 'endpoint.tls')?.fix).toContain('"host", "port"');
  });

  it('reports a schema that cannot run synchronously as a plugin problem, not a user mistake', () => {
    const asyncPlugin = defineConnector({
      manifest: { ...examplePlugin.manifest, configSchema: z.string().refine(async () => true) },
      create: () => {
        throw new Error('unused');
      },
    });
    const failure = (() => {
      try {
        return validateConnectorConfig(asyncPlugin, 'x');
      } catch (error) {
        return error;
      }
    })();
    expect(isTickwireError(failure, 'PLUGIN_SPEC_UNSUPPORTED')).toBe(true);
  });
});
