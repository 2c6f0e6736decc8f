import { readFileSync } from 'node:fs';
import { ConfigError, validateConnectorConfig } from '@tickwire/core';
import { describe, expect, it } from 'vitest';
import { alpacaConfigSchema, isLoopbackUrl, resolveAlpacaCredentials, resolveAlpacaEndpoints } from './alpaca-config';
import plugin from './index';

const parse = (input: unknown) => alpacaConfigSchema.parse(input);

describe('Alpaca config', () => {
  it('defaults to paper with the IEX feed and JSON frames', () => {
    const config = parse({});
    expect(config).toMatchObject({
      mode: 'paper',
      stockFeed: 'iex',
      cryptoLocation: 'us',
      tradeUpdates: true,
      streamEncoding: 'json',
    });
    expect(config.heartbeat).toEqual({ pingIntervalMs: 10_000, heartbeatSilenceMs: 30_000, dataSilenceMs: 30_000 });
    expect(config.reconnect).toEqual({ initialDelayMs: 250, maxDelayMs: 30_000 });
    expect(config.timeouts).toEqual({ requestMs: 10_000, streamReplyMs: 10_000 });
  });

  it('chooses the trading URLs by mode; market data is the same for both', () => {
    expect(resolveAlpacaEndpoints(parse({ mode: 'paper' }))).toEqual({
      tradingRestUrl: 'https://paper-api.alpaca.markets',
      tradingStreamUrl: 'wss://paper-api.alpaca.markets/stream',
      stockStreamUrl: 'wss://stream.data.alpaca.markets/v2/iex',
      cryptoStreamUrl: 'wss://stream.data.alpaca.markets/v1beta3/crypto/us',
    });
    expect(resolveAlpacaEndpoints(parse({ mode: 'live', stockFeed: 'sip' }))).toEqual({
      tradingRestUrl: 'https://api.alpaca.markets',
      tradingStreamUrl: 'wss://api.alpaca.markets/stream',
      stockStreamUrl: 'wss://stream.data.alpaca.markets/v2/sip',
      cryptoStreamUrl: 'wss://stream.data.alpaca.markets/v1beta3/crypto/us',
    });
    for (const stockFeed of ['delayed_sip', 'test'] as const) {
      expect(resolveAlpacaEndpoints(parse({ stockFeed })).stockStreamUrl).toBe(
        `wss://stream.data.alpaca.markets/v2/${stockFeed}`,
      );
    }
  });

  it('takes endpoint overrides (a trailing slash is dropped)', () => {
    const endpoints = resolveAlpacaEndpoints(
      parse({
        endpoints: {
          trading: 'http://127.0.0.1:8080/',
          tradingStream: 'ws://127.0.0.1:8080/stream',
          marketDataStream: 'ws://127.0.0.1:8080/',
        },
      }),
    );
    expect(endpoints).toEqual({
      tradingRestUrl: 'http://127.0.0.1:8080',
      tradingStreamUrl: 'ws://127.0.0.1:8080/stream',
      stockStreamUrl: 'ws://127.0.0.1:8080/v2/iex',
      cryptoStreamUrl: 'ws://127.0.0.1:8080/v1beta3/crypto/us',
    });
  });

  it('reads credentials from the config first, then APCA_API_KEY_ID / APCA_API_SECRET_KEY', () => {
    const environment = { APCA_API_KEY_ID: 'PKENV', APCA_API_SECRET_KEY: 'env-secret' };
    expect(resolveAlpacaCredentials(parse({}), environment)).toEqual({ keyId: 'PKENV', secretKey: 'env-secret' });
    expect(resolveAlpacaCredentials(parse({ keyId: 'PKCFG', secretKey: 'cfg-secret' }), environment)).toEqual({
      keyId: 'PKCFG',
      secretKey: 'cfg-secret',
    });
  });

  it('refuses to reach Alpaca without credentials, naming the variables and never a secret', () => {
    let error: unknown;
    try {
      resolveAlpacaCredentials(parse({ mode: 'live' }), { APCA_API_KEY_ID: 'PKONLYKEY' });
    } catch (caught) {
      error = caught;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    const configError = error as ConfigError;
    expect(configError.issues.map((issue) => issue.fieldPath)).toEqual(['secretKey']);
    expect(configError.message).toContain('APCA_API_SECRET_KEY');
    expect(configError.message).toContain('live keys');
    expect(configError.message).not.toContain('PKONLYKEY');
  });

  it('lets a loopback fake run without any credentials', () => {
    const local = parse({
      endpoints: {
        trading: 'http://127.0.0.1:1',
        tradingStream: 'ws://localhost:1/stream',
        marketDataStream: 'ws://127.0.0.2:1',
      },
    });
    expect(resolveAlpacaCredentials(local, {})).toEqual({ keyId: '', secretKey: '' });
    const halfLocal = parse({ endpoints: { trading: 'http://127.0.0.1:1' } });
    expect(() => resolveAlpacaCredentials(halfLocal, {})).toThrow(/APCA_API_KEY_ID/);
    expect(isLoopbackUrl('ws://[::1]:80')).toBe(true);
    expect(isLoopbackUrl('https://127.evil.example')).toBe(false);
  });

  it('refuses bad values with field paths, and redacts secrets in the error', () => {
    let error: unknown;
    try {
      validateConnectorConfig(plugin, {
        stockFeed: 'opra',
        secretKey: 'hunter2-secret',
        bogus: 1,
        endpoints: { trading: 'ftp://x' },
      });
    } catch (caught) {
      error = caught;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    const message = (error as ConfigError).message;
    expect(message).toContain('stockFeed');
    expect(message).toContain('"iex"');
    expect(message).toContain('bogus: unknown field');
    expect(message).toContain('endpoints.trading');
    expect(message).not.toContain('hunter2-secret');
  });

  it('declares the secret fields and the package version in its manifest', () => {
    const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
      name: string;
    };
    expect(plugin.manifest.version).toBe(packageJson.version);
    expect(plugin.manifest.packageName).toBe(packageJson.name);
    expect(plugin.manifest.secretConfigKeys).toEqual(['keyId', 'secretKey']);
    expect(plugin.manifest.capabilities.rateLimitBuckets).toEqual([
      expect.objectContaining({ name: 'rest', capacity: 200, refillPerSecond: 200 / 60 }),
    ]);
  });
});
