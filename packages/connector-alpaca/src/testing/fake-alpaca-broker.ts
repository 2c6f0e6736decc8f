import type { OrderStatus } from '@tickwire/core';
import { canonical } from './fake-alpaca-feed';
import type { FakeAlpacaRecords } from './fake-alpaca-records';
import { type FakeAlpacaEndpoints, FakeAlpacaServer, type FakeAlpacaServerOptions } from './fake-alpaca-server';

/** The fake's view of an order in tickwire's terms (the test kit's `FakeOrderState`). */
export interface AlpacaFakeOrderState {
  readonly clientOrderId: string;
  readonly brokerOrderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly status: OrderStatus;
  readonly quantity: number;
  readonly filledQuantity: number;
  readonly limitPrice?: number;
  readonly replacedByClientOrderId?: string;
}

/** One execution the fake made (the test kit's `FakeExecution`). */
export interface AlpacaFakeExecution {
  readonly clientOrderId: string;
  /**
   * Alpaca's `execution_id`, when a `trade_updates` client received it. A fill made while nobody listened has
   * none: Alpaca's REST API carries no execution ids, so no client could ever learn it.
   */
  readonly executionId?: string;
  readonly quantity: number;
  readonly price: number;
  readonly cumulativeQuantity: number;
  readonly timestampMs: number;
}

/** Options of {@link AlpacaFakeBroker}. */
export interface AlpacaFakeBrokerOptions extends FakeAlpacaServerOptions {
  /** Merged over the connector config it hands out (e.g. `{ streamEncoding: 'msgpack' }`). */
  readonly configOverrides?: Record<string, unknown>;
}

const STATUS: Readonly<Record<string, OrderStatus>> = {
  new: 'new',
  accepted: 'pending-new',
  pending_new: 'pending-new',
  held: 'pending-new',
  partially_filled: 'partially-filled',
  filled: 'filled',
  canceled: 'canceled',
  expired: 'expired',
  replaced: 'replaced',
  rejected: 'rejected',
  pending_cancel: 'pending-cancel',
  pending_replace: 'pending-replace',
};

/** The test key id the broker's config carries (the fake accepts any pair unless told otherwise). */
export const FAKE_ALPACA_KEY_ID = 'PKFAKE0TICKWIRE0001';
/** The test secret the broker's config carries; it opens nothing but the fake. */
export const FAKE_ALPACA_SECRET_KEY = 'fake-alpaca-secret-0001';

/**
 * The fake Alpaca as `@tickwire/testkit` drives it (a `FakeBrokerHandle`): a fresh {@link FakeAlpacaServer} per
 * case, the connector config that points at it with short heartbeat and backoff settings, the fake's ground
 * truth in the kit's terms, and the scripted faults Alpaca's protocol allows. Alpaca's streams carry no sequence
 * numbers, so there is no sequence-gap fault.
 */
export class AlpacaFakeBroker {
  readonly #options: AlpacaFakeBrokerOptions;
  #server: FakeAlpacaServer | undefined;

  constructor(options: AlpacaFakeBrokerOptions = {}) {
    this.#options = options;
  }

  /** The running server (throws before {@link start}). */
  get server(): FakeAlpacaServer {
    if (this.#server === undefined) throw new Error('AlpacaFakeBroker: call start() first');
    return this.#server;
  }

  /** Starts the fake on 127.0.0.1 (a free port), fast-paced for tests: quotes every 25 ms, heartbeats every 200 ms. */
  async start(): Promise<void> {
    this.#server ??= await FakeAlpacaServer.start({ quoteIntervalMs: 25, heartbeatIntervalMs: 200, ...this.#options });
  }

  /** Stops the fake; safe when never started. */
  async stop(): Promise<void> {
    await this.#server?.stop();
  }

  /** The connector config for this fake: its endpoints, test keys, and settings that make faults show in seconds. */
  connectorConfig(): Record<string, unknown> {
    const endpoints: FakeAlpacaEndpoints = this.server.endpoints;
    return {
      mode: 'paper',
      keyId: FAKE_ALPACA_KEY_ID,
      secretKey: FAKE_ALPACA_SECRET_KEY,
      endpoints,
      timeouts: { requestMs: 5_000, streamReplyMs: 3_000 },
      heartbeat: { pingIntervalMs: 200, heartbeatSilenceMs: 2_000, dataSilenceMs: 1_000 },
      reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
      ...this.#options.configOverrides,
    };
  }

  /** What reached the fake. Empty before {@link start}. */
  get received(): FakeAlpacaRecords {
    return this.#server?.records ?? EMPTY_RECORDS;
  }

  /** Every quote written to a client for `symbol` (canonical, e.g. `BTC-USD`), in order. */
  quotesSent(symbol: string) {
    return this.#server?.records.quotesSent(symbol) ?? [];
  }

  /** The fake's view of an order, in tickwire's statuses. */
  order(clientOrderId: string): AlpacaFakeOrderState | undefined {
    const order = this.#server?.orders.findByClientOrderId(clientOrderId);
    if (order === undefined) return undefined;
    const replacement = order.replacedBy === undefined ? undefined : this.#server!.orders.find(order.replacedBy);
    return {
      clientOrderId: order.clientOrderId,
      brokerOrderId: order.id,
      symbol: canonical(order.symbol),
      side: order.side,
      status: STATUS[order.status] ?? 'unknown',
      quantity: order.qty ?? 0,
      filledQuantity: order.filledQty,
      ...(order.limitPrice === undefined ? {} : { limitPrice: order.limitPrice }),
      ...(replacement === undefined ? {} : { replacedByClientOrderId: replacement.clientOrderId }),
    };
  }

  /** Executes part or all of a working order; listening clients get `partial_fill` / `fill`. */
  fill(clientOrderId: string, quantity: number, price: number): AlpacaFakeExecution {
    const server = this.server;
    const listened = server.tradeUpdateListeners > 0;
    const execution = server.fill(clientOrderId, quantity, price);
    return {
      clientOrderId,
      ...(listened ? { executionId: execution.executionId } : {}),
      quantity,
      price,
      cumulativeQuantity: server.orders.findByClientOrderId(clientOrderId)!.filledQty,
      timestampMs: execution.timestamp.ms,
    };
  }

  /** The scripted faults (each acts on the running server). */
  readonly faults = {
    rejectAuth: (): void => this.server.rejectAuth(),
    disconnect: {
      drop: (): void => this.server.drop(),
      restore: (): void => this.server.restore(),
    },
    silenceData: {
      begin: (): void => this.server.silenceData(true),
      end: (): void => this.server.silenceData(false),
    },
    rateLimitStorm: (durationMs: number): void => this.server.rateLimitStorm(durationMs),
    malformedFrame: (): void => this.server.malformedFrame(),
    unknownEnumValue: (target: {
      readonly symbol: string;
      readonly clientOrderId?: string;
    }): 'order-status' | 'market-data' => {
      const order =
        target.clientOrderId === undefined ? undefined : this.server.orders.findByClientOrderId(target.clientOrderId);
      if (order !== undefined && this.server.tradeUpdateListeners > 0) {
        this.server.unknownTradeUpdate(order.clientOrderId, 'order_teleported', 'teleported');
        return 'order-status';
      }
      this.server.unknownDataMessage(target.symbol.replace('-', '/'));
      return 'market-data';
    },
    clockSkew: (offsetMs: number): void => this.server.clockSkew(offsetMs),
  };
}

const EMPTY_RECORDS: FakeAlpacaRecords = Object.freeze({
  authAttempts: [],
  orders: [],
  cancels: [],
  replaces: [],
  subscriptions: [],
  requests: [],
  streamMessages: [],
  openConnections: 0,
  quotesSent: () => [],
  recordQuote: () => {},
}) as unknown as FakeAlpacaRecords;
