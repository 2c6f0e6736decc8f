import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  FakeAuthAttempt,
  FakeBrokerFaults,
  FakeBrokerHandle,
  FakeBrokerReceived,
  FakeCancelRecord,
  FakeExecution,
  FakeOrderRequestRecord,
  FakeOrderState,
  FakeQuote,
  FakeSubscriptionRecord,
} from '@tickwire/testkit';
import { WebSocketServer } from 'ws';
import type { CoinbaseConfigInput } from '../coinbase-config';
import { CoinbaseFakeClock } from './coinbase-fake-clock';
import { CoinbaseFakeExchange, type FakeOrderFailure } from './coinbase-fake-exchange';
import {
  type CoinbaseFakeProduct,
  DEFAULT_FAKE_PRODUCTS,
  FakeProductMarket,
  seededRandom,
} from './coinbase-fake-market';
import { isWorking, toKitOrderState, toUserOrderJson } from './coinbase-fake-orders';
import { createFakeRestHandler } from './coinbase-fake-rest';
import { CoinbaseFakeSessions, type FakeEndpoint } from './coinbase-fake-sessions';
import { CoinbaseFakeStreamer } from './coinbase-fake-streamer';
import { verifyCoinbaseJwt } from './coinbase-jwt-verifier';
import { type CoinbaseTestKey, createCoinbaseTestKey } from './coinbase-test-key';

/** Options of {@link CoinbaseFakeBroker}. Every port defaults to 0 (any free port on 127.0.0.1). */
export interface CoinbaseFakeBrokerOptions {
  readonly restPort?: number;
  readonly marketDataPort?: number;
  readonly userDataPort?: number;
  /** The API key it accepts; a fresh throwaway ES256 key by default. */
  readonly key?: CoinbaseTestKey;
  readonly products?: readonly CoinbaseFakeProduct[];
  /** Starting balances by currency. Default 1 000 000 USD, 10 BTC, 100 ETH, 1 000 SOL. */
  readonly balances?: Readonly<Record<string, number>>;
  /** One market step (data on every subscription) this often, ms. Default 20. */
  readonly streamIntervalMs?: number;
  /** A heartbeat this often, ms. Default 100 (Coinbase: 1 000). */
  readonly heartbeatIntervalMs?: number;
  /** A connection that has not subscribed within this long is closed, ms. Default 5 000, as at Coinbase. */
  readonly subscribeTimeoutMs?: number;
  /** Private REST requests a second before it answers 429. Default 30, as at Coinbase. */
  readonly requestsPerSecond?: number;
  /** Seed of the simulated markets. Default 1. */
  readonly seed?: number;
  /** Tolerance on the JWT's `nbf`/`exp`, seconds. Default 5. */
  readonly jwtLeewaySeconds?: number;
}

/**
 * A fake Coinbase Advanced Trade on 127.0.0.1: REST, the market data WebSocket and the user WebSocket, each on its
 * own port, speaking the message shapes of the real venue. It verifies every JWT it receives (signature under the
 * configured public key, `iss`, `sub`, `kid`, `nbf`/`exp`, and for REST the `uri` claim against method, host and
 * path), drops connections that do not subscribe in time, simulates books, tickers and trades, matches orders
 * (partial fills across book levels), and offers the test kit's scripted faults plus a few of its own.
 *
 * @example
 * ```ts
 * const broker = new CoinbaseFakeBroker();
 * await broker.start();
 * const host = createTestHost(coinbasePlugin, broker.connectorConfig());
 * ```
 */
export class CoinbaseFakeBroker implements FakeBrokerHandle {
  /** The key pair whose public half verifies JWTs. */
  readonly key: CoinbaseTestKey;
  readonly clock = new CoinbaseFakeClock();
  readonly exchange: CoinbaseFakeExchange;
  /** Every REST request, with the status it got. */
  readonly requests: Array<{ method: string; path: string; status: number }> = [];
  readonly #options: CoinbaseFakeBrokerOptions;
  readonly #markets = new Map<string, FakeProductMarket>();
  readonly #sessions: CoinbaseFakeSessions;
  readonly #streamer: CoinbaseFakeStreamer;
  readonly #log = {
    authAttempts: [] as FakeAuthAttempt[],
    orders: [] as FakeOrderRequestRecord[],
    cancels: [] as FakeCancelRecord[],
    subscriptions: [] as FakeSubscriptionRecord[],
  };
  readonly #restConnectionsSeen = new WeakSet<object>();
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  #restServer: Server | undefined;
  #socketServers: WebSocketServer[] = [];
  #ports = { rest: 0, market: 0, user: 0 };
  #refuseAuth = false;
  #down = false;
  #stormUntilMs = 0;

  constructor(options: CoinbaseFakeBrokerOptions = {}) {
    this.#options = options;
    this.key = options.key ?? createCoinbaseTestKey();
    const random = seededRandom(options.seed ?? 1);
    for (const product of options.products ?? DEFAULT_FAKE_PRODUCTS) {
      this.#markets.set(product.productId, new FakeProductMarket(product, random));
    }
    this.exchange = new CoinbaseFakeExchange(
      this.#markets,
      this.clock,
      options.balances ?? { USD: 1_000_000, BTC: 10, ETH: 100, SOL: 1_000 },
      (order) => {
        for (const session of this.#sessions.on('user')) {
          if (session.channels.has('user')) {
            this.#sessions.send(session, 'user', [{ type: 'update', orders: [toUserOrderJson(order)] }]);
          }
        }
      },
    );
    this.#sessions = new CoinbaseFakeSessions({
      clock: this.clock,
      products: new Set(this.#markets.keys()),
      subscriptions: this.#log.subscriptions,
      subscribeTimeoutMs: options.subscribeTimeoutMs ?? 5_000,
      verifyJwt: (token, session) => {
        const problem = this.#verify(token, undefined);
        if (problem !== undefined || !session.authLogged) {
          session.authLogged ||= problem === undefined;
          this.#log.authAttempts.push({ accepted: problem === undefined, atMs: Date.now(), connectionId: session.id });
        }
        return problem;
      },
      onSubscribed: (session, channel) => {
        if (channel !== 'user') return;
        const open = this.exchange.orders().filter(isWorking).map(toUserOrderJson);
        this.#sessions.send(session, 'user', [{ type: 'snapshot', orders: open }]);
      },
    });
    this.#streamer = new CoinbaseFakeStreamer(this.#markets, this.exchange, this.#sessions, this.clock);
  }

  readonly received: FakeBrokerReceived = (() => {
    const log = this.#log;
    const broker = this;
    return {
      ...log,
      replaces: [],
      get openConnections() {
        return broker.#sessions.sessions.size;
      },
    };
  })();

  readonly faults: FakeBrokerFaults = {
    rejectAuth: () => {
      this.#refuseAuth = true;
    },
    disconnect: {
      drop: () => {
        this.#down = true;
        for (const session of this.#sessions.sessions) session.socket.terminate();
      },
      restore: () => {
        this.#down = false;
      },
    },
    silenceData: {
      begin: () => {
        this.#streamer.silenced = true;
      },
      end: () => {
        this.#streamer.silenced = false;
      },
    },
    sequenceGap: (symbol, missing) => {
      for (const session of this.#sessions.on('market')) {
        if ([...session.channels.values()].some((products) => products.has(symbol))) {
          session.pendingGaps.set(symbol, missing);
        }
      }
    },
    rateLimitStorm: (durationMs) => {
      this.#stormUntilMs = Date.now() + durationMs;
    },
    malformedFrame: () => {
      for (const session of this.#sessions.on('market'))
        this.#sessions.sendRaw(session, '{"channel":"ticker","timestamp":"20');
    },
    unknownEnumValue: ({ symbol, clientOrderId }) => {
      const order = clientOrderId === undefined ? undefined : this.exchange.orderByClientId(clientOrderId);
      if (order !== undefined && isWorking(order)) {
        const update = { ...toUserOrderJson(order), status: 'SUSPENDED' };
        for (const session of this.#sessions.on('user')) {
          this.#sessions.send(session, 'user', [{ type: 'update', orders: [update] }]);
        }
        return 'order-status';
      }
      for (const session of this.#sessions.on('market')) {
        this.#sessions.send(session, 'auction_imbalance', [{ type: 'update', product_id: symbol }]);
      }
      return 'market-data';
    },
    clockSkew: (offsetMs) => this.clock.skew(offsetMs),
  };

  async start(): Promise<void> {
    if (this.#restServer !== undefined) return;
    const rest = createServer(
      createFakeRestHandler({
        exchange: this.exchange,
        clock: this.clock,
        verifyJwt: (token, uri, connection) => this.#verifyRest(token, uri, connection),
        orders: this.#log.orders,
        cancels: this.#log.cancels,
        requests: this.requests,
        isDown: () => this.#down,
        stormUntilMs: () => this.#stormUntilMs,
        requestsPerSecond: this.#options.requestsPerSecond ?? 30,
      }),
    );
    await new Promise<void>((resolve, reject) => {
      rest.once('error', reject);
      rest.listen(this.#options.restPort ?? 0, '127.0.0.1', () => resolve());
    });
    this.#restServer = rest;
    this.#ports.rest = (rest.address() as AddressInfo).port;
    this.#ports.market = await this.#listen('market', this.#options.marketDataPort ?? 0);
    this.#ports.user = await this.#listen('user', this.#options.userDataPort ?? 0);
    this.#timers.push(setInterval(() => this.#streamer.step(), this.#options.streamIntervalMs ?? 20));
    this.#timers.push(setInterval(() => this.#streamer.heartbeat(), this.#options.heartbeatIntervalMs ?? 100));
  }

  async stop(): Promise<void> {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    for (const session of this.#sessions.sessions) session.socket.terminate();
    const servers = this.#socketServers.splice(0);
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    const rest = this.#restServer;
    this.#restServer = undefined;
    if (rest !== undefined) {
      rest.closeAllConnections();
      await new Promise<void>((resolve) => rest.close(() => resolve()));
    }
  }

  /** The URLs the fake listens on. */
  get urls(): { restBaseUrl: string; marketDataUrl: string; userDataUrl: string } {
    return {
      restBaseUrl: `http://127.0.0.1:${this.#ports.rest}`,
      marketDataUrl: `ws://127.0.0.1:${this.#ports.market}`,
      userDataUrl: `ws://127.0.0.1:${this.#ports.user}`,
    };
  }

  connectorConfig(): CoinbaseConfigInput {
    return {
      apiKeyName: this.key.keyName,
      privateKey: this.key.privateKeyPem,
      ...this.urls,
      // Short thresholds so the fault cases finish in seconds.
      dataSilenceMs: 300,
      heartbeatSilenceMs: 1_500,
      requestTimeoutMs: 3_000,
      subscribeTimeoutMs: 2_000,
      reconnect: { initialDelayMs: 20, maxDelayMs: 250 },
    };
  }

  quotesSent(symbol: string): readonly FakeQuote[] {
    return this.#streamer.quotesSent(symbol);
  }

  order(clientOrderId: string): FakeOrderState | undefined {
    const order = this.exchange.orderByClientId(clientOrderId);
    return order === undefined ? undefined : toKitOrderState(order);
  }

  fill(clientOrderId: string, quantity: number, price: number): FakeExecution {
    const { order, fill } = this.exchange.fill(clientOrderId, quantity, price);
    return {
      clientOrderId,
      executionId: fill.tradeId,
      quantity,
      price,
      cumulativeQuantity: order.filledSize,
      timestampMs: fill.micros / 1000,
    };
  }

  /** The next order create is answered `"success": false` with this failure. */
  failNextOrder(failure: FakeOrderFailure): void {
    this.exchange.failNextOrder(failure);
  }

  async #listen(endpoint: FakeEndpoint, port: number): Promise<number> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port,
      // While "down", upgrades are refused as an unreachable venue would refuse them.
      verifyClient: (_info, accept) => accept(!this.#down, 503, 'venue unavailable'),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    server.on('connection', (socket) => this.#sessions.accept(socket, endpoint));
    this.#socketServers.push(server);
    return (server.address() as AddressInfo).port;
  }

  #verifyRest(token: string | undefined, uri: string, connection: object): string | undefined {
    const problem = token === undefined ? 'no bearer JWT' : this.#verify(token, uri);
    if (problem !== undefined || !this.#restConnectionsSeen.has(connection)) {
      if (problem === undefined) this.#restConnectionsSeen.add(connection);
      this.#log.authAttempts.push({ accepted: problem === undefined, atMs: Date.now() });
    }
    return problem;
  }

  #verify(token: string, uri: string | undefined): string | undefined {
    if (this.#refuseAuth) return 'the API key was revoked';
    const verdict = verifyCoinbaseJwt(token, {
      publicKey: this.key.publicKey,
      keyName: this.key.keyName,
      nowSeconds: this.clock.nowMicros() / 1_000_000,
      ...(uri === undefined ? {} : { uri }),
      leewaySeconds: this.#options.jwtLeewaySeconds ?? 5,
    });
    return verdict.valid ? undefined : verdict.reason;
  }
}
