import {
  type AccountSnapshot,
  type CancelRequest,
  type ConnectionState,
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
} from '@tickwire/core';
import type { SimConfig } from './config/sim-config-schema';
import { SimFaults } from './faults/sim-faults';
import { SUBSCRIBE_QUOTES, SUBSCRIBE_TRADES } from './market/synthetic-market';
import type { SimOrder } from './matching/sim-order';
import {
  connectFailedError,
  dataKindNotSupportedError,
  duplicateClientOrderIdError,
  notConnectedError,
  orderNotCancelableError,
  orderNotFoundError,
  orderRejectedError,
  outcomeUnknownError,
  subscriptionFailedError,
} from './sim-errors';
import { SimVenue } from './venue/sim-venue';

const simConnectorMarker = Symbol.for('tickwire.connector-sim.SimConnector');

/** Counters of a sim connector's traffic, for tests and the runtime's summary. */
export interface SimConnectorStats {
  readonly quotes: number;
  readonly trades: number;
  readonly ticksPublished: number;
  readonly ticksRefusedByRing: number;
  readonly ticksWithheld: number;
  readonly orderEventsDelivered: number;
  readonly orderEventsLost: number;
  readonly fills: number;
}

/**
 * The simulated broker: a synthetic market and a matching engine behind the `tickwire.connector/v1` contract, so
 * the whole data and order path runs with no broker and no credentials. Scripted faults are at
 * {@link SimConnector.faults}.
 *
 * Requests take `latency.ackMs` to reach the venue, where they take effect; order events take `latency.fillMs`
 * to come back. If the link drops while a request is on its way, the request is lost and the call rejects with
 * `ORDER_OUTCOME_UNKNOWN`.
 */
export class SimConnector implements ITradingConnector {
  readonly specificationVersion = 'tickwire.connector/v1' as const;
  /** Scripted faults: disconnects, silence, sequence gaps, rejects, slow acks, connect failures, clock skew. */
  readonly faults: SimFaults;
  /** The venue: feed, matching engine and link. Reach in for assertions; drive it through the contract. */
  readonly venue: SimVenue;
  /** The validated configuration. */
  readonly config: SimConfig;
  private readonly context: ConnectorContext;
  private readonly tracker: ConnectionStateTracker;
  private connecting: Promise<void> | undefined;
  // Read by isInstance(), from this copy of the package or any other.
  protected readonly [simConnectorMarker] = true;

  /**
   * @param config - the configuration, already parsed by `simConfigSchema`.
   * @param context - what the host hands every connector.
   */
  constructor(config: SimConfig, context: ConnectorContext) {
    this.config = config;
    this.context = context;
    this.tracker = new ConnectionStateTracker({
      nowMs: () => context.clock.nowMs(),
      onListenerError: (error) => context.logger.error('connection state listener threw', { error: String(error) }),
    });
    this.venue = new SimVenue({ config, context, onLinkChange: (up, reason) => this.onLinkChange(up, reason) });
    this.faults = new SimFaults(this.venue, context.timers, context.logger);
    context.signal.addEventListener('abort', () => void this.disconnect(), { once: true });
  }

  /** True for a sim connector from any installed copy of this package. */
  static isInstance(value: unknown): value is SimConnector {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[simConnectorMarker] === true
    );
  }

  /** {@inheritDoc ITradingConnector.state} */
  get state(): ConnectionState {
    return this.tracker.state;
  }

  /** What flowed so far. */
  get stats(): SimConnectorStats {
    const feed = this.venue.feed.stats;
    return {
      quotes: feed.quotes,
      trades: feed.trades,
      ticksPublished: feed.published,
      ticksRefusedByRing: feed.ringFull,
      ticksWithheld: feed.muted + feed.gapDropped,
      orderEventsDelivered: this.venue.delivery.delivered,
      orderEventsLost: this.venue.delivery.lost,
      fills: this.venue.engine.fills.size,
    };
  }

  /** {@inheritDoc ITradingConnector.onStateChange} */
  onStateChange(listener: ConnectionStateListener): () => void {
    return this.tracker.onChange(listener);
  }

  /** {@inheritDoc ITradingConnector.connect} */
  connect(): Promise<void> {
    if (this.state === 'connected' || this.state === 'reconnecting') return Promise.resolve();
    this.connecting ??= this.openConnection().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /** {@inheritDoc ITradingConnector.disconnect} */
  async disconnect(): Promise<void> {
    this.faults.cancelTimers();
    this.venue.stop();
    if (this.state !== 'disconnected') this.tracker.transition('disconnected', 'disconnect() called');
  }

  /** {@inheritDoc ITradingConnector.subscribe} */
  async subscribe(request: SubscriptionRequest): Promise<void> {
    this.requireLink('subscribe');
    const { indexes, kinds } = this.resolveSubscription(request, true);
    this.venue.subscribe(indexes, kinds);
  }

  /** {@inheritDoc ITradingConnector.unsubscribe} */
  async unsubscribe(request: SubscriptionRequest): Promise<void> {
    const { indexes, kinds } = this.resolveSubscription(request, false);
    this.venue.unsubscribe(indexes, kinds);
  }

  /** {@inheritDoc ITradingConnector.submitOrder} */
  async submitOrder(order: OrderRequest): Promise<OrderAck> {
    this.requireLink('submitOrder');
    const rejection = this.faults.takeOrderRejection();
    const nowMs = await this.reachVenue(order.clientOrderId, 'submitOrder', 'the submit');
    if (rejection?.when === 'on-submit') throw orderRejectedError(order.clientOrderId, rejection.reason);
    const outcome = this.venue.engine.submit(
      order,
      nowMs,
      rejection?.when === 'after-ack' ? rejection.reason : undefined,
    );
    switch (outcome.outcome) {
      case 'rejected':
        throw orderRejectedError(order.clientOrderId, outcome.reason);
      case 'duplicate':
        if (!sameTerms(order, outcome.order)) {
          throw duplicateClientOrderIdError(order.clientOrderId, outcome.order.toSnapshot());
        }
        return acknowledgement(outcome.order, outcome.order.createdAtMs);
      case 'accepted':
        return acknowledgement(outcome.order, nowMs);
    }
  }

  /** {@inheritDoc ITradingConnector.cancelOrder} */
  async cancelOrder(request: CancelRequest): Promise<void> {
    this.requireLink('cancelOrder');
    const nowMs = await this.reachVenue(request.clientOrderId, 'cancelOrder', 'the cancel');
    const outcome = this.venue.engine.cancel(request.clientOrderId, nowMs);
    if (outcome.outcome === 'unknown') throw orderNotFoundError(request.clientOrderId, 'cancel');
    if (outcome.outcome === 'closed') throw orderNotCancelableError(outcome.order.toSnapshot(), 'cancel');
  }

  /** {@inheritDoc ITradingConnector.replaceOrder} */
  async replaceOrder(request: ReplaceRequest): Promise<OrderAck> {
    this.requireLink('replaceOrder');
    const nowMs = await this.reachVenue(request.clientOrderId, 'replaceOrder', 'the replace');
    const outcome = this.venue.engine.replace(request, nowMs);
    switch (outcome.outcome) {
      case 'replaced':
        return acknowledgement(outcome.order, nowMs);
      case 'unknown':
        throw orderNotFoundError(request.clientOrderId, 'replace');
      case 'closed':
        throw orderNotCancelableError(outcome.order.toSnapshot(), 'replace');
      case 'duplicate':
        throw duplicateClientOrderIdError(request.newClientOrderId, outcome.order.toSnapshot());
      case 'rejected':
        throw orderRejectedError(request.newClientOrderId, outcome.reason);
    }
  }

  /** {@inheritDoc ITradingConnector.cancelAllOrders} */
  async cancelAllOrders(): Promise<void> {
    this.requireLink('cancelAllOrders');
    const nowMs = await this.reachVenue('*', 'cancelAllOrders', 'cancel-all');
    for (const order of this.venue.engine.openOrders()) this.venue.engine.cancel(order.clientOrderId, nowMs);
  }

  /** {@inheritDoc ITradingConnector.getAccount} */
  async getAccount(): Promise<AccountSnapshot> {
    this.requireLink('getAccount');
    return this.venue.engine.portfolio.account();
  }

  /** {@inheritDoc ITradingConnector.getPositions} */
  async getPositions(): Promise<readonly Position[]> {
    this.requireLink('getPositions');
    return this.venue.engine.portfolio.positions();
  }

  /** {@inheritDoc ITradingConnector.getOpenOrders} */
  async getOpenOrders(): Promise<readonly OrderSnapshot[]> {
    this.requireLink('getOpenOrders');
    return this.venue.engine.openOrders().map((order) => order.toSnapshot());
  }

  /**
   * {@inheritDoc ITradingConnector.reconcile}
   *
   * The venue kept matching while the link was down, so this is where fills made during a disconnect come back.
   */
  async reconcile(sinceMs: number): Promise<ReconciliationReport> {
    this.requireLink('reconcile');
    const engine = this.venue.engine;
    return {
      openOrders: engine.openOrders().map((order) => order.toSnapshot()),
      closedOrders: engine
        .ordersUpdatedSince(sinceMs)
        .filter((order) => !order.isOpen)
        .map((order) => order.toSnapshot()),
      fills: engine.fills.since(sinceMs),
      asOfMs: this.venue.nowMs(),
    };
  }

  private async openConnection(): Promise<void> {
    if (this.context.signal.aborted) {
      throw new TickwireError({ code: 'ABORTED', message: 'sim connector: connect() after the host shut down.' });
    }
    this.tracker.transition('connecting');
    await this.delay(this.config.latency.connectMs);
    if (this.state !== 'connecting') throw notConnectedError('connect', this.state);
    const failure = this.faults.takeConnectFailure();
    if (failure !== undefined) {
      const error = connectFailedError(failure);
      this.tracker.transition('failed', failure === 'auth' ? 'auth refused' : 'venue unreachable', error);
      throw error;
    }
    this.venue.start();
    this.tracker.transition('connected');
    this.faults.run(this.config.faults);
  }

  private onLinkChange(up: boolean, reason: string): void {
    if (up) {
      if (this.state === 'reconnecting') this.tracker.transition('connected', reason);
      return;
    }
    if (this.state === 'connected') {
      const error = new TickwireError({
        code: 'CONNECTION_FAILED',
        message: `sim connector lost the link (${reason}); it reconnects by itself. Reconcile once it is back.`,
      });
      this.tracker.transition('reconnecting', reason, error);
    }
  }

  private requireLink(operation: string): void {
    if (!this.venue.linkUp) throw notConnectedError(operation, this.state);
  }

  /**
   * Waits the acknowledgement latency (plus any scripted delay), then returns the venue time the request takes
   * effect at. A link that dropped meanwhile lost the request: the caller learns its outcome is unknown.
   */
  private async reachVenue(clientOrderId: string, operation: string, what: string): Promise<number> {
    await this.delay(this.config.latency.ackMs + this.faults.takeAckDelayMs());
    if (!this.venue.isRunning) throw notConnectedError(operation, this.state);
    if (!this.venue.linkUp) throw outcomeUnknownError(clientOrderId, what);
    return this.venue.nowMs();
  }

  private delay(ms: number): Promise<void> {
    if (!(ms > 0)) return Promise.resolve();
    return new Promise((resolve) => this.context.timers.setTimeout(resolve, ms));
  }

  private resolveSubscription(request: SubscriptionRequest, strict: boolean): { indexes: number[]; kinds: number } {
    const unsupported = request.kinds.filter((kind) => kind !== 'quotes' && kind !== 'trades');
    if (strict && unsupported.length > 0) {
      throw dataKindNotSupportedError(unsupported);
    }
    const kinds =
      (request.kinds.includes('quotes') ? SUBSCRIBE_QUOTES : 0) |
      (request.kinds.includes('trades') ? SUBSCRIBE_TRADES : 0);
    const instruments = this.venue.instruments;
    const unknown = request.symbols.filter((symbol) => instruments.indexOf(symbol) < 0);
    if (strict && unknown.length > 0) throw subscriptionFailedError(unknown, instruments.symbols());
    const indexes = request.symbols.map((symbol) => instruments.indexOf(symbol)).filter((index) => index >= 0);
    return { indexes, kinds };
  }
}

/** The acknowledgement of an order the venue holds. An order taken only to be rejected is acknowledged pending. */
function acknowledgement(order: SimOrder, acceptedAtMs: number): OrderAck {
  return {
    clientOrderId: order.clientOrderId,
    brokerOrderId: order.brokerOrderId,
    status: order.status === 'rejected' ? 'pending-new' : order.status,
    acceptedAtMs,
  };
}

/** Whether a resubmitted request repeats the order the venue holds under its client order id. */
function sameTerms(request: OrderRequest, order: SimOrder): boolean {
  const sameNumber = (requested: number | undefined, held: number) =>
    requested === undefined ? Number.isNaN(held) : Math.abs(requested - held) < 1e-9;
  return (
    request.symbol === order.symbol &&
    request.side === order.side &&
    request.type === order.type &&
    (request.quantity === undefined || Math.abs(request.quantity - order.quantity) < 1e-9) &&
    sameNumber(request.limitPrice, order.limitPrice) &&
    sameNumber(request.stopPrice, order.stopPrice)
  );
}
