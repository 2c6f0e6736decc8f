import {
  type AccountSnapshot,
  ALL_SYMBOLS,
  type CancelRequest,
  CONNECTOR_SPECIFICATION_VERSION,
  type ConnectionState,
  type ConnectionStateListener,
  type ConnectorContext,
  contextSocketOptions,
  type ITradingConnector,
  isTickwireError,
  type OrderAck,
  OrderError,
  type OrderRequest,
  type OrderSnapshot,
  type Position,
  RateLimitedError,
  type RateLimiter,
  type ReconciliationReport,
  ReconnectingWebSocket,
  type ReplaceRequest,
  SilenceWatchdog,
  type SubscriptionRequest,
  SubscriptionSet,
  TickwireError,
} from '@tickwire/core';
import { skeletonCapabilities } from './skeleton-capabilities';
import type { SkeletonConfig } from './skeleton-config';
import { orderErrorFrom, toFill, toOrderAck, toOrderEvent, toOrderSnapshot } from './skeleton-order-mapping';
import {
  isSkeletonQuote,
  SKELETON_REPLY_TYPES,
  type SkeletonOrder,
  type SkeletonRequest,
  type SkeletonServerMessage,
} from './skeleton-protocol';
import { SkeletonQuoteWriter } from './skeleton-quote-writer';
import { type SkeletonReply, SkeletonRequests } from './skeleton-requests';

// Rate-limited order requests are resent (same client order id: the venue deduplicates) at most this often.
const MAX_ORDER_ATTEMPTS = 5;

/**
 * The Skeleton Exchange connector: one reconnecting WebSocket for data and orders, built only from what the host's
 * context provides (no global `WebSocket`, `Date.now`, `setTimeout` or `console`), so the test kit can point it at
 * a fake broker and inject faults.
 */
export class SkeletonConnector implements ITradingConnector {
  readonly specificationVersion = CONNECTOR_SPECIFICATION_VERSION;
  readonly #config: SkeletonConfig;
  readonly #context: ConnectorContext;
  readonly #socket: ReconnectingWebSocket;
  readonly #requests: SkeletonRequests;
  readonly #quotes: SkeletonQuoteWriter;
  readonly #watchdog: SilenceWatchdog;
  readonly #wanted = new SubscriptionSet();
  readonly #orderLimiter: RateLimiter;

  constructor(config: SkeletonConfig, context: ConnectorContext) {
    this.#config = config;
    this.#context = context;
    this.#orderLimiter = context.createRateLimiter(skeletonCapabilities.rateLimitBuckets[0]!);
    this.#quotes = new SkeletonQuoteWriter(context);
    this.#socket = new ReconnectingWebSocket({
      ...contextSocketOptions(context),
      url: config.url,
      backoff: { initialDelayMs: config.reconnect.initialDelayMs, maxDelayMs: config.reconnect.maxDelayMs },
      onOpen: ({ isReconnect }) => this.#prepareConnection(isReconnect),
      onMessage: (data) => this.#onFrame(data),
    });
    this.#requests = new SkeletonRequests((frame) => this.#socket.send(frame), context.timers, config.requestTimeoutMs);
    this.#watchdog = new SilenceWatchdog({
      dataSilenceMs: config.dataSilenceMs,
      heartbeatSilenceMs: config.heartbeatSilenceMs,
      nowMs: () => context.clock.nowMs(),
      timers: context.timers,
      logger: context.logger,
      onSilence: (event) => {
        if (event.kind === 'data') context.health.reportFeedStale(ALL_SYMBOLS, event.silentForMs);
        else this.#socket.reconnect(`no heartbeat for ${event.silentForMs} ms`);
      },
      onResume: (event) => {
        if (event.kind === 'data') context.health.reportResynced(ALL_SYMBOLS);
      },
    });
    this.#socket.onStateChange((change) => {
      if (change.current === 'connected') this.#watchIfSubscribed();
      else {
        this.#watchdog.stop();
        this.#requests.failAll(
          change.error ??
            new TickwireError({ code: 'CONNECTION_FAILED', message: `Skeleton connection ${change.current}.` }),
        );
      }
    });
  }

  get state(): ConnectionState {
    return this.#socket.state;
  }

  onStateChange(listener: ConnectionStateListener): () => void {
    return this.#socket.onStateChange(listener);
  }

  connect(): Promise<void> {
    return this.#socket.connect();
  }

  async disconnect(): Promise<void> {
    this.#watchdog.stop();
    await this.#socket.close(1000, 'client disconnect');
  }

  async subscribe(request: SubscriptionRequest): Promise<void> {
    this.#assertQuotesOnly(request);
    this.#assertConnectedOrReconnecting();
    const added = this.#wanted.add(request.symbols, request.kinds).get('quotes') ?? [];
    if (added.length > 0 && this.state === 'connected') {
      const reply = await this.#requests.request({ op: 'subscribe', symbols: added });
      if (reply.type !== 'subscribed') {
        this.#wanted.remove(added, ['quotes']);
        throw new TickwireError({
          code: 'SUBSCRIPTION_FAILED',
          message: `Skeleton Exchange refused quotes for ${added.join(', ')}: ${describeReply(reply)}. Check the symbols.`,
        });
      }
    }
    this.#watchIfSubscribed();
  }

  async unsubscribe(request: SubscriptionRequest): Promise<void> {
    const removed = this.#wanted.remove(request.symbols, request.kinds).get('quotes') ?? [];
    if (this.#wanted.size === 0) this.#watchdog.stop();
    if (removed.length > 0 && this.state === 'connected') {
      await this.#requests.request({ op: 'unsubscribe', symbols: removed });
    }
  }

  async submitOrder(order: OrderRequest): Promise<OrderAck> {
    this.#assertConnected(`submit order ${order.clientOrderId}`);
    const { type, timeInForce, quantity, limitPrice } = order;
    if (type !== 'limit' && type !== 'market') throw notSupported(`order type "${type}"`, 'limit, market');
    if (timeInForce !== 'day' && timeInForce !== 'gtc')
      throw notSupported(`time in force "${timeInForce}"`, 'day, gtc');
    if (quantity === undefined || (type === 'limit' && limitPrice === undefined)) {
      throw new OrderError({
        code: 'ORDER_REJECTED',
        clientOrderId: order.clientOrderId,
        message: `Order ${order.clientOrderId} needs a quantity${type === 'limit' ? ' and a limitPrice' : ''} on Skeleton Exchange (notional orders are not supported).`,
      });
    }
    const venueOrder = await this.#orderRequest(
      {
        op: 'new_order',
        cid: order.clientOrderId,
        sym: order.symbol,
        side: order.side,
        kind: type,
        qty: quantity,
        tif: timeInForce,
        ...(limitPrice === undefined ? {} : { px: limitPrice }),
      },
      order.clientOrderId,
      'submit',
    );
    return toOrderAck(venueOrder);
  }

  async cancelOrder(request: CancelRequest): Promise<void> {
    this.#assertConnected(`cancel order ${request.clientOrderId}`);
    await this.#orderRequest({ op: 'cancel', cid: request.clientOrderId }, request.clientOrderId, 'cancel');
  }

  async replaceOrder(request: ReplaceRequest): Promise<OrderAck> {
    this.#assertConnected(`replace order ${request.clientOrderId}`);
    if (request.stopPrice !== undefined || request.trailPrice !== undefined || request.timeInForce !== undefined) {
      throw notSupported('replacing a stop price, trail or time in force', 'quantity and limitPrice');
    }
    const venueOrder = await this.#orderRequest(
      {
        op: 'replace',
        cid: request.clientOrderId,
        new_cid: request.newClientOrderId,
        ...(request.quantity === undefined ? {} : { qty: request.quantity }),
        ...(request.limitPrice === undefined ? {} : { px: request.limitPrice }),
      },
      request.clientOrderId,
      'replace',
    );
    return toOrderAck(venueOrder);
  }

  async getAccount(): Promise<AccountSnapshot> {
    const reply = await this.#query({ op: 'account' }, 'account');
    return { accountId: reply.account.account_id, currency: reply.account.currency, cash: reply.account.cash };
  }

  async getPositions(): Promise<readonly Position[]> {
    const reply = await this.#query({ op: 'account' }, 'account');
    return reply.positions.map((each) => ({ symbol: each.sym, quantity: each.qty, averagePrice: each.avg_px }));
  }

  async getOpenOrders(): Promise<readonly OrderSnapshot[]> {
    return (await this.#query({ op: 'orders' }, 'orders')).orders.map(toOrderSnapshot);
  }

  async reconcile(sinceMs: number): Promise<ReconciliationReport> {
    const [open, history] = await Promise.all([
      this.#query({ op: 'orders' }, 'orders'),
      this.#query({ op: 'history', since: sinceMs }, 'history'),
    ]);
    return {
      openOrders: open.orders.map(toOrderSnapshot),
      closedOrders: history.orders.map(toOrderSnapshot),
      fills: history.executions.map(toFill),
      asOfMs: history.ts,
    };
  }

  /** Runs on every new socket before the state becomes `connected`: authenticate, then restore subscriptions. */
  async #prepareConnection(isReconnect: boolean): Promise<void> {
    const auth = await this.#requests.request({ op: 'auth', key: this.#config.apiKey, secret: this.#config.apiSecret });
    if (auth.type !== 'auth_ok') {
      throw new TickwireError({
        code: 'AUTH_FAILED',
        message: `Skeleton Exchange refused the credentials: ${describeReply(auth)}. Check apiKey and apiSecret in the connector config.`,
      });
    }
    if (isReconnect) this.#quotes.markReconnected();
    const symbols = this.#wanted.byChannel().get('quotes') ?? [];
    if (symbols.length > 0) {
      const reply = await this.#requests.request({ op: 'subscribe', symbols });
      if (reply.type !== 'subscribed')
        this.#context.logger.warn('resubscribe refused', { reply: describeReply(reply) });
    }
  }

  #onFrame(data: Buffer): void {
    let message: SkeletonServerMessage;
    try {
      message = JSON.parse(data.toString('utf8')) as SkeletonServerMessage;
    } catch {
      this.#protocolError(`a frame that is not JSON: ${JSON.stringify(data.toString('utf8', 0, 80))}`);
      return;
    }
    if (typeof message !== 'object' || message === null || typeof message.type !== 'string') {
      this.#protocolError(`a frame without a type: ${JSON.stringify(data.toString('utf8', 0, 80))}`);
      return;
    }
    switch (message.type) {
      case 'quote':
        if (isSkeletonQuote(message)) {
          this.#watchdog.noteData();
          this.#quotes.write(message);
        } else {
          this.#protocolError('a quote with missing or non-numeric fields');
        }
        return;
      case 'hb':
        this.#watchdog.noteHeartbeat();
        return;
      case 'exec':
        if (typeof message.order?.cid === 'string' && typeof message.order.status === 'string') {
          this.#context.orderEvents.emit(toOrderEvent(message.order, message.exec, message.ts));
        } else {
          this.#protocolError('an execution report without an order');
        }
        return;
      default:
        if (SKELETON_REPLY_TYPES.has(message.type) && Number.isInteger((message as { id?: unknown }).id)) {
          if (!this.#requests.settle(message)) this.#context.logger.debug('late reply ignored', { type: message.type });
          return;
        }
        this.#protocolError(`an unknown message type ${JSON.stringify((message as { type: string }).type)}`);
    }
  }

  /** Sends an order-entry request, backing off and resending on the venue's rate-limit answer. */
  async #orderRequest(request: SkeletonRequest, clientOrderId: string, operation: string): Promise<SkeletonOrder> {
    for (let attempt = 1; ; attempt++) {
      await this.#orderLimiter.take(1, this.#context.signal);
      let reply: SkeletonReply;
      try {
        reply = await this.#requests.request(request);
      } catch (error) {
        if (isTickwireError(error, 'NOT_CONNECTED')) throw error;
        throw new OrderError({
          code: 'ORDER_OUTCOME_UNKNOWN',
          clientOrderId,
          message: `${operation} ${clientOrderId} was sent but no answer came (${(error as Error).message}). Reconcile before acting on this order again.`,
          cause: error,
        });
      }
      if (reply.type === 'order') return reply.order;
      if (reply.type !== 'error') throw this.#unexpected(reply, operation);
      const error = orderErrorFrom(reply, clientOrderId, operation);
      if (!RateLimitedError.isInstance(error) || attempt >= MAX_ORDER_ATTEMPTS) throw error;
      this.#orderLimiter.penalize(this.#context.clock.nowMs() + error.retryAfterMs);
    }
  }

  async #query<TType extends SkeletonReply['type']>(
    request: SkeletonRequest,
    type: TType,
  ): Promise<Extract<SkeletonReply, { type: TType }>> {
    this.#assertConnected(request.op);
    const reply = await this.#requests.request(request);
    if (reply.type === type) return reply as Extract<SkeletonReply, { type: TType }>;
    throw this.#unexpected(reply, request.op);
  }

  #unexpected(reply: SkeletonReply, operation: string): TickwireError {
    return new TickwireError({
      code: reply.type === 'error' ? 'BROKER_UNAVAILABLE' : 'PROTOCOL_ERROR',
      message: `Skeleton Exchange answered "${operation}" with ${describeReply(reply)}. Retry later; report it if it persists.`,
    });
  }

  #protocolError(what: string): void {
    this.#context.health.reportProtocolError(
      new TickwireError({ code: 'PROTOCOL_ERROR', message: `Skeleton Exchange sent ${what}; skipped it.` }),
    );
  }

  #watchIfSubscribed(): void {
    if (this.state === 'connected' && this.#wanted.size > 0 && !this.#watchdog.running) this.#watchdog.start();
  }

  #assertQuotesOnly(request: SubscriptionRequest): void {
    const unsupported = request.kinds.filter((kind) => !skeletonCapabilities.dataKinds.includes(kind));
    if (unsupported.length > 0) throw notSupported(`data kind ${unsupported.join(', ')}`, 'quotes');
  }

  #assertConnectedOrReconnecting(): void {
    if (this.state === 'disconnected' || this.state === 'failed') this.#assertConnected('subscribe');
  }

  #assertConnected(operation: string): void {
    if (this.state === 'connected') return;
    throw new TickwireError({
      code: 'NOT_CONNECTED',
      message: `Cannot ${operation}: the Skeleton connection is ${this.state}. Call connect() first, or wait for the reconnect.`,
    });
  }
}

function notSupported(what: string, supported: string): TickwireError {
  return new TickwireError({
    code: 'NOT_SUPPORTED',
    message: `Skeleton Exchange does not support ${what}; it supports ${supported}. Check the connector's capabilities first.`,
  });
}

function describeReply(reply: SkeletonReply): string {
  return reply.type === 'error' ? `error ${reply.code} "${reply.message}"` : `an unexpected "${reply.type}" reply`;
}
