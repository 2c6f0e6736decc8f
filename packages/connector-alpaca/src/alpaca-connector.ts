import {
  type AccountSnapshot,
  type CancelRequest,
  ClockSkewEstimator,
  type ConnectionState,
  type ConnectionStateListener,
  type ConnectorContext,
  DATA_KINDS,
  type DataKind,
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
import {
  type AlpacaConfig,
  type AlpacaEndpoints,
  resolveAlpacaCredentials,
  resolveAlpacaEndpoints,
} from './alpaca-config';
import { AlpacaConnectionState } from './alpaca-connection-state';
import { ALPACA_REST_BUCKET } from './alpaca-manifest';
import { type AlpacaChannel, AlpacaMarketDataStream } from './alpaca-market-data';
import { AlpacaOrderEventMapper } from './alpaca-order-events';
import { AlpacaOrderTracker } from './alpaca-order-tracker';
import { AlpacaRestClient } from './alpaca-rest-client';
import { isCryptoSymbol, toAlpacaSymbol } from './alpaca-symbols';
import { AlpacaTradeUpdatesStream } from './alpaca-trade-updates';
import { AlpacaTrading } from './alpaca-trading';

const CHANNELS_OF: Readonly<Record<DataKind, readonly AlpacaChannel[]>> = {
  quotes: ['quotes'],
  trades: ['trades'],
  // Minute bars, plus Alpaca's revisions of them (late trades), as `revised` bar events.
  bars: ['bars', 'updatedBars'],
  book: ['orderbooks'],
};

/**
 * The Alpaca connector (`tickwire.connector/v1`): trading REST v2 for orders and account, the `trade_updates` stream
 * for order events, and market data over the stock (v2) and crypto (v1beta3) streams, each opened when first
 * needed. One connection state for all of them (see {@link AlpacaConnectionState}).
 */
export class AlpacaConnector implements ITradingConnector {
  readonly specificationVersion = 'tickwire.connector/v1' as const;
  /** Where it connects (from the config's mode and endpoint overrides). */
  readonly endpoints: AlpacaEndpoints;
  readonly #config: AlpacaConfig;
  readonly #context: ConnectorContext;
  readonly #connection: AlpacaConnectionState;
  readonly #trading: AlpacaTrading;
  readonly #tradeUpdates: AlpacaTradeUpdatesStream | undefined;
  readonly #credentials: { readonly keyId: string; readonly secretKey: string };
  #stocks: AlpacaMarketDataStream | undefined;
  #crypto: AlpacaMarketDataStream | undefined;
  #connecting: Promise<void> | undefined;

  /** Creates the connector; no I/O. Throws a `CONFIG_INVALID` error when no credentials are found for a real endpoint. */
  constructor(config: AlpacaConfig, context: ConnectorContext) {
    this.#config = config;
    this.#context = context;
    this.endpoints = resolveAlpacaEndpoints(config);
    this.#credentials = resolveAlpacaCredentials(config);
    const skew = new ClockSkewEstimator({ serverTimeResolutionMs: 1_000 });
    const tracker = new AlpacaOrderTracker();
    const rest = new AlpacaRestClient({
      baseUrl: this.endpoints.tradingRestUrl,
      credentials: this.#credentials,
      fetch: context.fetch,
      limiter: context.createRateLimiter(ALPACA_REST_BUCKET),
      timers: context.timers,
      nowMs: () => context.clock.nowMs(),
      random: context.random,
      signal: context.signal,
      requestTimeoutMs: config.timeouts.requestMs,
      maxAttempts: config.restMaxAttempts,
      logger: context.logger,
      onServerTime: (sample) => skew.addSample(sample),
    });
    this.#trading = new AlpacaTrading(rest, tracker, context, skew);
    const events = new AlpacaOrderEventMapper({
      context,
      tracker,
      resolveReplacement: (replacedId, replacementId) => this.#trading.resolveReplacement(replacedId, replacementId),
    });
    this.#tradeUpdates = config.tradeUpdates
      ? new AlpacaTradeUpdatesStream({
          url: this.endpoints.tradingStreamUrl,
          credentials: this.#credentials,
          encoding: config.streamEncoding,
          config,
          context,
          onTradeUpdate: (update) => events.onTradeUpdate(update),
        })
      : undefined;
    this.#connection = new AlpacaConnectionState({
      nowMs: () => context.clock.nowMs(),
      logger: context.logger,
      onLost: () => {
        // Ticks still in flight on a stream that has not noticed yet must not pass for continuous data.
        this.#stocks?.markConnectionLost();
        this.#crypto?.markConnectionLost();
      },
      onFailed: () => {
        this.#connection.clearMembers();
        void this.#closeStreams();
      },
    });
    context.signal.addEventListener('abort', () => void this.disconnect(), { once: true });
  }

  /** The connection state of all streams together (see `AlpacaConnectionState`). */
  get state(): ConnectionState {
    return this.#connection.state;
  }

  /** Adds a state listener; returns the function that removes it. */
  onStateChange(listener: ConnectionStateListener): () => void {
    return this.#connection.tracker.onChange(listener);
  }

  /**
   * Checks the keys with `GET /v2/account`, opens `trade_updates` (and any market-data stream with subscriptions
   * from before a `disconnect()`), and resolves in state `connected`. Rejects with `AUTH_FAILED` (not retried),
   * `CONNECTION_FAILED` or `TIMEOUT`, leaving the state `failed`.
   */
  connect(): Promise<void> {
    if (this.state === 'connected') return Promise.resolve();
    if (this.#connecting !== undefined) return this.#connecting;
    if (this.#context.signal.aborted) {
      return Promise.reject(
        new TickwireError({ code: 'ABORTED', message: 'connect() after the host began shutting down; nothing to do.' }),
      );
    }
    this.#connection.tracker.transition('connecting');
    this.#connecting = this.#open().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #open(): Promise<void> {
    try {
      const account = await this.#trading.account();
      this.#context.logger.info('Alpaca account reached', { mode: this.#config.mode, accountId: account.accountId });
      if (this.#tradeUpdates !== undefined) {
        await this.#tradeUpdates.connect();
        this.#connection.addMember(this.#tradeUpdates.socket);
      }
      for (const stream of [this.#stocks, this.#crypto]) {
        if (stream === undefined || !stream.hasSubscriptions) continue;
        await stream.reopen();
        this.#connection.addMember(stream.socket);
      }
      if (this.state === 'connecting') this.#connection.tracker.transition('connected');
    } catch (error) {
      const failure = toTickwireError(error, {
        code: 'CONNECTION_FAILED',
        message: `Could not connect to Alpaca: ${(error as Error)?.message ?? String(error)}.`,
      });
      await this.#closeStreams();
      if (this.state === 'connecting') this.#connection.tracker.transition('failed', failure.message, failure);
      throw failure;
    }
  }

  /** Closes every stream and resolves in state `disconnected`; never cancels orders. Idempotent. */
  async disconnect(): Promise<void> {
    if (this.state === 'disconnected') return;
    this.#connection.clearMembers();
    await this.#closeStreams();
    // Re-read: closing the streams awaited, and a failure may have moved the state meanwhile.
    if ((this.state as ConnectionState) !== 'disconnected') {
      this.#connection.tracker.transition('disconnected', 'disconnect()');
    }
  }

  /** Subscribes stocks on the stock feed and crypto pairs on the crypto stream (opening each when first needed). */
  async subscribe(request: SubscriptionRequest): Promise<void> {
    await this.#forEachStream(request, (stream, symbols, channels) => stream.subscribe(symbols, channels));
  }

  async unsubscribe(request: SubscriptionRequest): Promise<void> {
    await this.#forEachStream(request, (stream, symbols, channels) => stream.unsubscribe(symbols, channels), true);
  }

  /** `POST /v2/orders`, idempotent by client order id (see `AlpacaTrading.submit`). */
  async submitOrder(order: OrderRequest): Promise<OrderAck> {
    this.#requireConnected('submitOrder');
    return this.#trading.submit(order);
  }

  async cancelOrder(request: CancelRequest): Promise<void> {
    this.#requireConnected('cancelOrder');
    await this.#trading.cancel(request);
  }

  async replaceOrder(request: ReplaceRequest): Promise<OrderAck> {
    this.#requireConnected('replaceOrder');
    return this.#trading.replace(request);
  }

  /** One `DELETE /v2/orders`; reads its 207 multi-status answer. */
  async cancelAllOrders(): Promise<void> {
    this.#requireConnected('cancelAllOrders');
    await this.#trading.cancelAll();
  }

  async getAccount(): Promise<AccountSnapshot> {
    this.#requireConnected('getAccount');
    return this.#trading.account();
  }

  async getPositions(): Promise<readonly Position[]> {
    this.#requireConnected('getPositions');
    return this.#trading.positions();
  }

  async getOpenOrders(): Promise<readonly OrderSnapshot[]> {
    this.#requireConnected('getOpenOrders');
    return this.#trading.openOrders();
  }

  /** Open orders, orders closed since `sinceMs` and their executions (see `reconcileWithAlpaca`). */
  async reconcile(sinceMs: number): Promise<ReconciliationReport> {
    this.#requireConnected('reconcile');
    return this.#trading.reconcile(sinceMs);
  }

  async #forEachStream(
    request: SubscriptionRequest,
    action: (stream: AlpacaMarketDataStream, symbols: string[], channels: AlpacaChannel[]) => Promise<void>,
    unsubscribing = false,
  ): Promise<void> {
    if (this.state !== 'connected' && this.state !== 'reconnecting') {
      throw new TickwireError({
        code: 'NOT_CONNECTED',
        message: `Cannot ${unsubscribing ? 'unsubscribe' : 'subscribe'} while the Alpaca connector is ${this.state}; call connect() first.`,
      });
    }
    for (const kind of request.kinds) {
      if (!DATA_KINDS.includes(kind)) {
        throw new TickwireError({
          code: 'NOT_SUPPORTED',
          message: `Data kind "${String(kind)}" is not one tickwire knows; use ${DATA_KINDS.join(', ')}.`,
        });
      }
    }
    const stocks = request.symbols.filter((symbol) => !isCryptoSymbol(symbol));
    const crypto = request.symbols.filter(isCryptoSymbol);
    const stockKinds = request.kinds.filter((kind) => kind !== 'book');
    if (!unsubscribing && stocks.length > 0 && stockKinds.length < request.kinds.length) {
      throw new TickwireError({
        code: 'NOT_SUPPORTED',
        message: `Alpaca streams order books for crypto only; ${stocks.join(', ')} ${stocks.length === 1 ? 'is a stock' : 'are stocks'}. Subscribe stocks to quotes, trades or bars.`,
      });
    }
    const groups: [AlpacaMarketDataStream, string[], AlpacaChannel[]][] = [];
    if (stocks.length > 0 && stockKinds.length > 0)
      groups.push([this.#stockStream(), stocks, stockKinds.flatMap((kind) => [...CHANNELS_OF[kind]])]);
    if (crypto.length > 0) {
      groups.push([
        this.#cryptoStream(),
        crypto.map(toAlpacaSymbol),
        request.kinds.flatMap((kind) => [...CHANNELS_OF[kind]]),
      ]);
    }
    for (const [stream, symbols, channels] of groups) {
      await action(stream, symbols, channels);
      if (stream.socket.state === 'connected' && this.state === 'connected') this.#connection.addMember(stream.socket);
    }
  }

  #stockStream(): AlpacaMarketDataStream {
    this.#stocks ??= new AlpacaMarketDataStream({
      url: this.endpoints.stockStreamUrl,
      name: `stocks (${this.#config.stockFeed})`,
      crypto: false,
      credentials: this.#credentials,
      encoding: this.#config.streamEncoding,
      config: this.#config,
      context: this.#context,
    });
    return this.#stocks;
  }

  #cryptoStream(): AlpacaMarketDataStream {
    this.#crypto ??= new AlpacaMarketDataStream({
      url: this.endpoints.cryptoStreamUrl,
      name: `crypto (${this.#config.cryptoLocation})`,
      crypto: true,
      credentials: this.#credentials,
      encoding: this.#config.streamEncoding,
      config: this.#config,
      context: this.#context,
    });
    return this.#crypto;
  }

  async #closeStreams(): Promise<void> {
    await Promise.all([this.#tradeUpdates?.close(), this.#stocks?.close(), this.#crypto?.close()]);
  }

  #requireConnected(operation: string): void {
    if (this.state === 'connected') return;
    throw new TickwireError({
      code: 'NOT_CONNECTED',
      message: `Cannot ${operation} while the Alpaca connector is ${this.state}; wait for connect() (or the reconnect) to finish.`,
    });
  }
}
