import { ConfigError } from '@tickwire/core';
import { z } from 'zod';

const httpUrl = z
  .string()
  .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be an http:// or https:// URL such as http://127.0.0.1:8080');
const wsUrl = z
  .string()
  .regex(/^wss?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be a ws:// or wss:// URL such as ws://127.0.0.1:8080');

/**
 * The connector's configuration, as written under `connectors[].config` in `tickwire.config.json`.
 *
 * Credentials may be left out here and come from the environment (`APCA_API_KEY_ID`, `APCA_API_SECRET_KEY`), the
 * variables Alpaca's own tools read. They never appear in logs or errors.
 */
export const alpacaConfigSchema = z.strictObject({
  /** `paper` (default) or `live`: chooses the trading base URLs. Market data is the same for both. */
  mode: z.enum(['paper', 'live']).default('paper'),
  /** API key id; default: `APCA_API_KEY_ID`. */
  keyId: z.string().min(1).optional(),
  /** API secret key; default: `APCA_API_SECRET_KEY`. */
  secretKey: z.string().min(1).optional(),
  /** Stock data feed: `iex` (free plan), `sip` (all exchanges), `delayed_sip`, or `test` (the `FAKEPACA` symbol). */
  stockFeed: z.enum(['iex', 'sip', 'delayed_sip', 'test']).default('iex'),
  /** Crypto data location of `v1beta3/crypto/{location}`. */
  cryptoLocation: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be a location such as "us"')
    .default('us'),
  /** Listen to `trade_updates` (order events). Turn off only for a data-only connection. */
  tradeUpdates: z.boolean().default(true),
  /** Frame encoding on the streams: `json` (default) or `msgpack` (Alpaca's MessagePack codec). */
  streamEncoding: z.enum(['json', 'msgpack']).default('json'),
  /** Endpoint overrides, e.g. to point the connector at the fake server of `@tickwire/connector-alpaca/testing`. */
  endpoints: z
    .strictObject({
      /** Trading REST base, without `/v2` (default per mode: `https://paper-api.alpaca.markets`...). */
      trading: httpUrl.optional(),
      /** The `trade_updates` stream URL (default per mode: `wss://paper-api.alpaca.markets/stream`...). */
      tradingStream: wsUrl.optional(),
      /** Market-data stream base; `/v2/{feed}` and `/v1beta3/crypto/{location}` are appended. */
      marketDataStream: wsUrl.optional(),
    })
    .optional(),
  /** Time limits, ms. */
  timeouts: z
    .strictObject({
      /** One REST request, including its retries' waits. */
      requestMs: z.int().min(100).default(10_000),
      /** Greeting, authentication and listen/subscription acknowledgements on a stream. */
      streamReplyMs: z.int().min(100).default(10_000),
    })
    .prefault({}),
  /** Liveness: the connector pings each stream; a stream with no pong, ping or heartbeat frame is reconnected. */
  heartbeat: z
    .strictObject({
      pingIntervalMs: z.int().min(10).default(10_000),
      /** No heartbeat for this long: reconnect. */
      heartbeatSilenceMs: z.int().min(50).default(30_000),
      /** No market data for this long while subscribed: report the feed stale (quiet symbols are normal, so no reconnect). */
      dataSilenceMs: z.int().min(50).default(30_000),
    })
    .prefault({}),
  /** Reconnect backoff: full jitter between 0 and min(maxDelayMs, initialDelayMs * 2^attempt). */
  reconnect: z
    .strictObject({
      initialDelayMs: z.int().min(0).default(250),
      maxDelayMs: z.int().min(1).default(30_000),
      /** Consecutive failed attempts before the connector gives up in state `failed`. Default: never. */
      maxAttempts: z.int().min(1).optional(),
    })
    .prefault({}),
  /** Attempts per REST request (429s, 502/503/504 and network errors are retried). */
  restMaxAttempts: z.int().min(1).max(10).default(3),
});

/** The validated configuration (defaults applied). */
export type AlpacaConfig = z.output<typeof alpacaConfigSchema>;

/** What a user writes (every defaulted key optional). */
export type AlpacaConfigInput = z.input<typeof alpacaConfigSchema>;

/** Where the connector connects. */
export interface AlpacaEndpoints {
  /** Trading REST base, without `/v2`. */
  readonly tradingRestUrl: string;
  readonly tradingStreamUrl: string;
  readonly stockStreamUrl: string;
  readonly cryptoStreamUrl: string;
}

/** The API key pair. Empty strings only against a loopback fake server (see {@link resolveAlpacaCredentials}). */
export interface AlpacaCredentials {
  readonly keyId: string;
  readonly secretKey: string;
}

const DEFAULT_TRADING = {
  paper: { rest: 'https://paper-api.alpaca.markets', stream: 'wss://paper-api.alpaca.markets/stream' },
  live: { rest: 'https://api.alpaca.markets', stream: 'wss://api.alpaca.markets/stream' },
} as const;
const DEFAULT_MARKET_DATA_STREAM = 'wss://stream.data.alpaca.markets';

/** The URLs for a config: the mode's defaults, replaced by any `endpoints` override. */
export function resolveAlpacaEndpoints(config: AlpacaConfig): AlpacaEndpoints {
  const trading = DEFAULT_TRADING[config.mode];
  const dataBase = trimSlash(config.endpoints?.marketDataStream ?? DEFAULT_MARKET_DATA_STREAM);
  return {
    tradingRestUrl: trimSlash(config.endpoints?.trading ?? trading.rest),
    tradingStreamUrl: config.endpoints?.tradingStream ?? trading.stream,
    stockStreamUrl: `${dataBase}/v2/${config.stockFeed}`,
    cryptoStreamUrl: `${dataBase}/v1beta3/crypto/${config.cryptoLocation}`,
  };
}

/**
 * The key pair: from the config, else from `APCA_API_KEY_ID` / `APCA_API_SECRET_KEY`. Without credentials the
 * connector may only talk to a server on loopback (the fake of `@tickwire/connector-alpaca/testing`); anywhere
 * else this throws a `CONFIG_INVALID` {@link ConfigError} saying where to put them. Never echoes a secret.
 */
export function resolveAlpacaCredentials(
  config: AlpacaConfig,
  environment: Readonly<Record<string, string | undefined>> = process.env,
): AlpacaCredentials {
  const keyId = config.keyId ?? nonEmpty(environment.APCA_API_KEY_ID);
  const secretKey = config.secretKey ?? nonEmpty(environment.APCA_API_SECRET_KEY);
  if (keyId !== undefined && secretKey !== undefined) return { keyId, secretKey };
  const endpoints = resolveAlpacaEndpoints(config);
  if (Object.values(endpoints).every(isLoopbackUrl)) return { keyId: keyId ?? '', secretKey: secretKey ?? '' };
  const missing = [
    ...(keyId === undefined ? [{ field: 'keyId', variable: 'APCA_API_KEY_ID' }] : []),
    ...(secretKey === undefined ? [{ field: 'secretKey', variable: 'APCA_API_SECRET_KEY' }] : []),
  ];
  throw new ConfigError({
    subject: 'connector "@tickwire/connector-alpaca"',
    issues: missing.map(({ field, variable }) => ({
      fieldPath: field,
      value: undefined,
      problem: `no Alpaca ${field === 'keyId' ? 'API key id' : 'API secret key'} in the config or in ${variable}`,
      fix:
        `set ${variable} in the environment (preferred: it keeps the secret out of files) or "${field}" in the ` +
        `connector config; use the ${config.mode} keys from the Alpaca dashboard (paper and live keys differ)`,
    })),
  });
}

/** True for URLs whose host is on loopback (127.0.0.0/8, ::1, localhost). */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.length === 0 ? undefined : value;
}
