import {
  type AccountSnapshot,
  type CancelRequest,
  CONNECTOR_SPECIFICATION_VERSION,
  type ConnectionState,
  type ConnectionStateChange,
  type ConnectionStateListener,
  ConnectionStateTracker,
  type ConnectorContext,
  type ITradingConnector,
  type OrderAck,
  type OrderRequest,
  type OrderSnapshot,
  type Position,
  type ReconciliationReport,
  type ReplaceRequest,
  type SubscriptionRequest,
  TickwireError,
  toTickwireError,
} from '@tickwire/core';
import { CoinbaseAccounts } from './coinbase-accounts';
import {
  COINBASE_PUBLIC_REST_BUCKET,
  COINBASE_REST_BUCKET,
  COINBASE_WS_MESSAGE_BUCKET,
  coinbaseCapabilities,
} from './coinbase-capabilities';
import type { CoinbaseConfig } from './coinbase-config';
import { loadCoinbaseSigningKey } from './coinbase-credentials';
import { signCoinbaseJwt } from './coinbase-jwt';
import { CoinbaseMarketStream } from './coinbase-market-stream';
import { CoinbaseOrderEntry } from './coinbase-order-entry';
import { CoinbaseOrderHistory } from './coinbase-order-history';
import { CoinbaseRestClient } from './coinbase-rest-client';
import { coinbaseHttpError } from './coinbase-rest-errors';
import type { CoinbaseServerTimeResponse } from './coinbase-rest-messages';
import type { CoinbaseSigningKey } from './coinbase-signing-key';
import { CoinbaseUserStream } from './coinbase-user-stream';
import { CoinbaseVenueClock } from './coinbase-venue-clock';
import { COINBASE_CHANNEL_OF_KIND, type CoinbaseMarketChannel } from './coinbase-ws-messages';

/**
 * The Coinbase Advanced Trade connector: REST for orders and accounts, the market data WebSocket for ticks and L2
 * books, the user WebSocket for order events. The two sockets and the REST session make one connection: it is
 * `connected` when both sockets are, `reconnecting` while either is, and `failed` when either gives up.
 *
 * `connect()` loads the key, measures the venue's clock (JWTs are stamped on it), checks the credentials with one
 * REST call, then opens both sockets. Everything the connector uses comes from the host's context.
 */
export class CoinbaseConnector implements ITradingConnector {
  readonly specificationVersion = CONNECTOR_SPECIFICATION_VERSION;
  readonly #config: CoinbaseConfig;
  readonly #context: ConnectorContext;
  readonly #tracker: ConnectionStateTracker;
  readonly #venueClock: CoinbaseVenueClock;
  readonly #rest: CoinbaseRestClient;
  readonly #orders: CoinbaseOrderEntry;
  readonly #accounts: CoinbaseAccounts;
  readonly #market: CoinbaseMarketStream;
  readonly #user: CoinbaseUserStream;
  #key: CoinbaseSigningKey | undefined;
  #connecting: Promise<void> | undefined;
  #stopping = false;

  constructor(config: CoinbaseConfig, context: ConnectorContext) {
    this.#config = config;
    this.#context = context;
    this.#tracker = new ConnectionStateTracker({
      nowMs: () => context.clock.nowMs(),
      onListenerError: (error) => context.logger.error('connection state listener threw', { error }),
    });
    this.#venueClock = new CoinbaseVenueClock(context.clock);
    this.#rest = new CoinbaseRestClient({
      baseUrl: config.restBaseUrl,
      context,
      requestTimeoutMs: config.requestTimeoutMs,
      privateLimiter: context.createRateLimiter(COINBASE_REST_BUCKET),
      publicLimiter: context.createRateLimiter(COINBASE_PUBLIC_REST_BUCKET),
      venueClock: this.#venueClock,
      signingKey: () => this.#signingKey(),
    });
    const history = new CoinbaseOrderHistory(this.#rest, context);
    this.#orders = new CoinbaseOrderEntry(this.#rest, history, context, this.#venueClock);
    this.#accounts = new CoinbaseAccounts(this.#rest, context, config.accountCurrency);
    const messageLimiter = context.createRateLimiter(COINBASE_WS_MESSAGE_BUCKET);
    const signJwt = () => signCoinbaseJwt(this.#signingKey(), this.#venueClock.nowMs() / 1000);
    const streamOptions = {
      context,
      heartbeatSilenceMs: config.heartbeatSilenceMs,
      subscribeTimeoutMs: config.subscribeTimeoutMs,
      backoff: config.reconnect,
      messageLimiter,
      signJwt,
    };
    this.#market = new CoinbaseMarketStream({
      ...streamOptions,
      url: config.marketDataUrl,
      dataSilenceMs: config.dataSilenceMs,
    });
    this.#user = new CoinbaseUserStream({
      ...streamOptions,
      url: config.userDataUrl,
      onOrderEvent: (event) => this.#orders.noteOrderEvent(event),
    });
    for (const socket of [this.#market.socket, this.#user.socket]) {
      socket.onStateChange((change) => this.#onSocketChange(change));
    }
    context.signal.addEventListener('abort', () => void this.disconnect(), { once: true });
  }

  get state(): ConnectionState {
    return this.#tracker.state;
  }

  onStateChange(listener: ConnectionStateListener): () => void {
    return this.#tracker.onChange(listener);
  }

  connect(): Promise<void> {
    if (this.state === 'connected') return Promise.resolve();
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async disconnect(): Promise<void> {
    this.#stopping = true;
    try {
      await Promise.all([this.#market.close(), this.#user.close()]);
      if (this.state !== 'disconnected') this.#tracker.transition('disconnected', 'closed by client');
    } finally {
      this.#stopping = false;
    }
  }

  async subscribe(request: SubscriptionRequest): Promise<void> {
    const channels = this.#channelsOf(request);
    if (this.state === 'disconnected' || this.state === 'failed') this.#assertConnected('subscribe');
    await this.#market.subscribe(request.symbols, channels);
  }

  async unsubscribe(request: SubscriptionRequest): Promise<void> {
    await this.#market.unsubscribe(request.symbols, this.#channelsOf(request));
  }

  async submitOrder(order: OrderRequest): Promise<OrderAck> {
    this.#assertConnected(`submit order ${order.clientOrderId}`);
    return this.#orders.submit(order);
  }

  async cancelOrder(request: CancelRequest): Promise<void> {
    this.#assertConnected(`cancel order ${request.clientOrderId}`);
    await this.#orders.cancel(request);
  }

  async replaceOrder(request: ReplaceRequest): Promise<OrderAck> {
    throw new TickwireError({
      code: 'NOT_SUPPORTED',
      message: `The Coinbase connector does not replace orders (order ${request.clientOrderId}): cancel it and submit a new one. Nothing was sent.`,
    });
  }

  async cancelAllOrders(): Promise<void> {
    this.#assertConnected('cancel all orders');
    await this.#orders.cancelAll();
  }

  async getAccount(): Promise<AccountSnapshot> {
    this.#assertConnected('read the account');
    return this.#accounts.account();
  }

  async getPositions(): Promise<readonly Position[]> {
    this.#assertConnected('read positions');
    return this.#accounts.positions();
  }

  async getOpenOrders(): Promise<readonly OrderSnapshot[]> {
    this.#assertConnected('list open orders');
    return this.#orders.openOrders();
  }

  async reconcile(sinceMs: number): Promise<ReconciliationReport> {
    this.#assertConnected('reconcile');
    return this.#orders.reconcile(sinceMs);
  }

  /** The L2 book of a product subscribed with the `book` data kind, for callers that want depth. */
  book(symbol: string) {
    return this.#market.books.book(symbol);
  }

  async #connect(): Promise<void> {
    this.#tracker.transition('connecting');
    try {
      this.#key ??= await loadCoinbaseSigningKey(this.#config);
      await this.#measureVenueClock();
      await this.#checkCredentials();
      await Promise.all([this.#market.socket.connect(), this.#user.socket.connect()]);
    } catch (error) {
      const failure = toTickwireError(error, {
        code: 'CONNECTION_FAILED',
        message: `Connecting to Coinbase failed: ${String((error as Error)?.message ?? error)}.`,
      });
      if (!this.#stopping) {
        await Promise.all([this.#market.close(), this.#user.close()]);
        if (this.state === 'connecting') this.#tracker.transition('failed', failure.message, failure);
      }
      throw failure;
    }
    this.#tracker.transition('connected');
    this.#onSocketChange();
  }

  /** One round trip to `GET /time`; without an answer JWTs use the local clock. */
  async #measureVenueClock(): Promise<void> {
    const sentAtMs = this.#context.clock.nowMs();
    const response = await this.#rest.send({
      method: 'GET',
      path: '/time',
      operation: 'read server time',
      isPublic: true,
    });
    const receivedAtMs = this.#context.clock.nowMs();
    const serverMs = Number((response.body as CoinbaseServerTimeResponse | undefined)?.epochMillis);
    if (response.status < 300 && Number.isFinite(serverMs)) {
      this.#venueClock.addSample(sentAtMs, serverMs, receivedAtMs);
      this.#context.logger.debug('Coinbase clock offset', { offsetMs: this.#venueClock.offsetMs });
    } else {
      this.#context.logger.warn('Coinbase server time unavailable; JWTs use the local clock', {
        status: response.status,
      });
    }
  }

  /** `GET /accounts?limit=1`: a refused key fails here, before any socket opens. */
  async #checkCredentials(): Promise<void> {
    const operation = 'check credentials (list accounts)';
    const response = await this.#rest.send({ method: 'GET', path: '/accounts', query: { limit: 1 }, operation });
    if (response.status >= 300) throw coinbaseHttpError(response, operation, this.#context.clock.nowMs());
  }

  /** Folds the two sockets' states into the connector's, once the first `connect()` has finished. */
  #onSocketChange(change?: ConnectionStateChange): void {
    const current = this.state;
    if (this.#connecting !== undefined && current === 'connecting') return;
    if (current !== 'connected' && current !== 'reconnecting') return;
    const market = this.#market.socket.state;
    const user = this.#user.socket.state;
    if (market === 'failed' || user === 'failed' || market === 'disconnected' || user === 'disconnected') {
      // Sockets close themselves when the host aborts the context signal: that is a stop, not a failure.
      if (this.#stopping || this.#context.signal.aborted) return;
      const error = change?.error;
      this.#tracker.transition('failed', change?.reason ?? 'a Coinbase socket gave up', error);
      void Promise.all([this.#market.close(), this.#user.close()]);
      return;
    }
    if (market === 'connected' && user === 'connected') {
      if (current === 'reconnecting') this.#tracker.transition('connected');
      return;
    }
    if (current === 'connected') {
      // Either socket may drop first; data read after that point may already be past a gap.
      this.#market.markConnectionGap();
      this.#tracker.transition('reconnecting', change?.reason, change?.error);
    }
  }

  #channelsOf(request: SubscriptionRequest): CoinbaseMarketChannel[] {
    const unsupported = request.kinds.filter((kind) => COINBASE_CHANNEL_OF_KIND[kind] === undefined);
    if (unsupported.length > 0) {
      throw new TickwireError({
        code: 'NOT_SUPPORTED',
        message: `The Coinbase connector does not stream ${unsupported.join(', ')}; it streams ${coinbaseCapabilities.dataKinds.join(', ')}.`,
      });
    }
    return request.kinds.map((kind) => COINBASE_CHANNEL_OF_KIND[kind] as CoinbaseMarketChannel);
  }

  #signingKey(): CoinbaseSigningKey {
    if (this.#key !== undefined) return this.#key;
    throw new TickwireError({
      code: 'NOT_CONNECTED',
      message: 'The Coinbase key is loaded by connect(); call connect() before anything that talks to Coinbase.',
    });
  }

  #assertConnected(operation: string): void {
    if (this.state === 'connected') return;
    throw new TickwireError({
      code: 'NOT_CONNECTED',
      message: `Cannot ${operation}: the Coinbase connection is ${this.state}. Call connect() first, or wait for the reconnect.`,
    });
  }
}
