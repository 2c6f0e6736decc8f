import { z } from 'zod';
import { describeSigningKeyProblem } from './coinbase-signing-key';

const millis = (minimum: number, fallback: number) => z.int().min(minimum).default(fallback);

/**
 * The connector's configuration. Credentials come inline (`apiKeyName` + `privateKey`) or from the JSON key file
 * Coinbase lets you download (`keyFile`, read at `connect()`, holding `name` and `privateKey`). Every URL defaults
 * to Coinbase's production endpoint; tests and the local example point them at the fake on 127.0.0.1.
 */
export const coinbaseConfigSchema = z
  .strictObject({
    /** The API key name, e.g. `organizations/{org_id}/apiKeys/{key_id}`: the JWT's `sub` and `kid`. */
    apiKeyName: z.string().min(1).optional(),
    /** The API key's private key: a PEM block (EC P-256 or Ed25519) or a base64 Ed25519 secret. Never logged. */
    privateKey: z
      .string()
      .min(1)
      .optional()
      .superRefine((value, context) => {
        const problem = value === undefined ? undefined : describeSigningKeyProblem(value);
        if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
      }),
    /** Path of a Coinbase key file (`{"name": ..., "privateKey": ...}`), relative to the working directory. */
    keyFile: z.string().min(1).optional(),
    /** REST origin; the API lives under `/api/v3/brokerage`. */
    restBaseUrl: z.url({ protocol: /^https?$/ }).default('https://api.coinbase.com'),
    /** Market data WebSocket. */
    marketDataUrl: z.url({ protocol: /^wss?$/ }).default('wss://advanced-trade-ws.coinbase.com'),
    /** User order data WebSocket. */
    userDataUrl: z.url({ protocol: /^wss?$/ }).default('wss://advanced-trade-ws-user.coinbase.com'),
    /** The currency whose balance `getAccount()` reports as cash, and the quote currency of `getPositions()`. */
    accountCurrency: z.string().min(1).default('USD'),
    /** No market data for this long while subscribed (heartbeats still arriving) counts as a stale feed, ms. */
    dataSilenceMs: millis(50, 30_000),
    /** No heartbeat for this long means the connection is dead and is re-made, ms (Coinbase sends one a second). */
    heartbeatSilenceMs: millis(50, 5_000),
    /** How long a REST request may take, ms. */
    requestTimeoutMs: millis(100, 10_000),
    /** How long `subscribe()` waits for the venue's `subscriptions` acknowledgement, ms. */
    subscribeTimeoutMs: millis(100, 5_000),
    /** Reconnect backoff: first delay and cap, ms (full jitter in between). */
    reconnect: z
      .strictObject({
        initialDelayMs: z.int().min(0).default(250),
        maxDelayMs: z.int().min(1).default(30_000),
      })
      .default({ initialDelayMs: 250, maxDelayMs: 30_000 }),
  })
  .superRefine((config, context) => {
    const inline = config.apiKeyName !== undefined || config.privateKey !== undefined;
    if (config.keyFile !== undefined && inline) {
      context.addIssue({
        code: 'custom',
        path: ['keyFile'],
        message: 'give either keyFile or apiKeyName + privateKey, not both',
      });
    } else if (config.keyFile === undefined && (config.apiKeyName === undefined || config.privateKey === undefined)) {
      context.addIssue({
        code: 'custom',
        path: [config.apiKeyName === undefined ? 'apiKeyName' : 'privateKey'],
        message: 'Coinbase needs credentials: set apiKeyName and privateKey, or keyFile (the downloaded key JSON)',
      });
    }
  });

/** The parsed configuration `create()` receives. */
export type CoinbaseConfig = z.output<typeof coinbaseConfigSchema>;
/** What a user writes. */
export type CoinbaseConfigInput = z.input<typeof coinbaseConfigSchema>;
