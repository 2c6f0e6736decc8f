import {
  type AccountSnapshot,
  type CancelRequest,
  type ClockSkewEstimator,
  type ConnectorContext,
  isTickwireError,
  type OrderAck,
  OrderError,
  type OrderRequest,
  type OrderSnapshot,
  type Position,
  type ReconciliationReport,
  type ReplaceRequest,
  TickwireError,
} from '@tickwire/core';
import type { AlpacaOrderTracker } from './alpaca-order-tracker';
import { toAlpacaOrderBody, toAlpacaReplaceBody } from './alpaca-orders';
import { reconcileWithAlpaca } from './alpaca-reconcile';
import type { AlpacaRestClient } from './alpaca-rest-client';
import {
  flattenOrderLegs,
  statusOfAlpacaOrder,
  toAccountSnapshot,
  toOrderSnapshot,
  toPosition,
} from './alpaca-rest-mapping';
import { alpacaNumber, alpacaTimeMs } from './alpaca-values';
import type { AlpacaOrder, AlpacaOrderBody } from './alpaca-wire-types';

// A margin on top of the clock uncertainty for "since" filters: a reconciliation may report a little more, never less.
const SINCE_MARGIN_MS = 1_000;

/**
 * The connector's trading calls over REST: submit (idempotent by client order id), cancel, replace, cancel all
 * (the 207 multi-status answer), account, positions, open orders and reconciliation. Keeps the order tracker up to
 * date with every order object Alpaca returns.
 */
export class AlpacaTrading {
  readonly #rest: AlpacaRestClient;
  readonly #tracker: AlpacaOrderTracker;
  readonly #context: ConnectorContext;
  readonly #skew: ClockSkewEstimator;
  readonly #pendingReplaces = new Map<string, Promise<AlpacaOrder>>();

  constructor(
    rest: AlpacaRestClient,
    tracker: AlpacaOrderTracker,
    context: ConnectorContext,
    skew: ClockSkewEstimator,
  ) {
    this.#rest = rest;
    this.#tracker = tracker;
    this.#context = context;
    this.#skew = skew;
  }

  /**
   * Submits an order. Alpaca refuses a second order under a client order id it holds, so a resend is safe: when it
   * says the id exists and the order it holds has the same terms, that order's acknowledgement is returned (the
   * resend was a retry); different terms reject with `DUPLICATE_CLIENT_ORDER_ID`.
   */
  async submit(order: OrderRequest): Promise<OrderAck> {
    const body = toAlpacaOrderBody(order);
    try {
      return this.#ack(await this.#rest.createOrder(body));
    } catch (error) {
      if (!isTickwireError(error, 'DUPLICATE_CLIENT_ORDER_ID')) throw error;
      const existing = await this.#rest.getOrderByClientOrderId(order.clientOrderId);
      const differences = differencesFrom(existing, body);
      if (differences.length === 0) return this.#ack(existing);
      throw new OrderError({
        code: 'DUPLICATE_CLIENT_ORDER_ID',
        clientOrderId: order.clientOrderId,
        brokerOrderId: existing.id,
        message:
          `Alpaca already holds order ${order.clientOrderId} (id ${existing.id}) with other terms ` +
          `(${differences.join('; ')}). Use a new client order id for a new order.`,
      });
    }
  }

  /** Cancels one order; rejects with `ORDER_NOT_FOUND` or `ORDER_NOT_CANCELABLE`. */
  async cancel(request: CancelRequest): Promise<void> {
    const brokerOrderId = request.brokerOrderId ?? (await this.#brokerOrderIdOf(request.clientOrderId));
    await this.#rest.cancelOrder(brokerOrderId, request.clientOrderId);
  }

  /** Replaces a working order; resolves with the replacement's acknowledgement. */
  async replace(request: ReplaceRequest): Promise<OrderAck> {
    const body = toAlpacaReplaceBody(request);
    const brokerOrderId = await this.#brokerOrderIdOf(request.clientOrderId);
    const replacing = this.#rest.replaceOrder(brokerOrderId, body, request.clientOrderId);
    this.#pendingReplaces.set(brokerOrderId, replacing);
    try {
      return this.#ack(await replacing);
    } finally {
      this.#pendingReplaces.delete(brokerOrderId);
    }
  }

  /**
   * The client order id of the order that replaced `replacedId`: from the replace call still in flight, or from
   * Alpaca.
   */
  async resolveReplacement(replacedId: string, replacementId: string): Promise<string | undefined> {
    const pending = this.#pendingReplaces.get(replacedId);
    if (pending !== undefined) {
      const replacement = await pending;
      if (replacement.id === replacementId) return replacement.client_order_id;
    }
    const replacement = await this.#rest.getOrder(replacementId);
    this.#tracker.remember(replacement);
    return replacement.client_order_id;
  }

  /**
   * Cancels every open order with `DELETE /v2/orders`. Alpaca answers 207 with one status per order; an order
   * that was already gone (404) or no longer cancelable (422) is fine, any other status rejects with
   * `BROKER_UNAVAILABLE` naming the orders left working.
   */
  async cancelAll(): Promise<void> {
    const entries = await this.#rest.cancelAllOrders();
    const failed = entries.filter((entry) => !(entry.status < 300 || entry.status === 404 || entry.status === 422));
    for (const entry of entries) {
      this.#context.logger.debug('Alpaca cancel-all result', { brokerOrderId: entry.id, status: entry.status });
    }
    if (failed.length === 0) return;
    const listed = failed.map(
      (entry) =>
        `${this.#tracker.clientOrderIdOf(entry.id) ?? entry.id} (HTTP ${entry.status}${entry.body?.message === undefined ? '' : `, "${entry.body.message}"`})`,
    );
    throw new TickwireError({
      code: 'BROKER_UNAVAILABLE',
      message: `Alpaca could not cancel ${failed.length} of ${entries.length} open orders: ${listed.join(', ')}. They may still be working; cancel them one by one or retry.`,
      details: { failed: failed.map((entry) => ({ brokerOrderId: entry.id, status: entry.status })) },
    });
  }

  async account(): Promise<AccountSnapshot> {
    return toAccountSnapshot(await this.#rest.getAccount());
  }

  async positions(): Promise<Position[]> {
    return (await this.#rest.getPositions()).map(toPosition);
  }

  async openOrders(): Promise<OrderSnapshot[]> {
    const orders = flattenOrderLegs(await this.#rest.listOrders({ status: 'open', limit: 500, nested: true }));
    for (const order of orders) this.#tracker.remember(order);
    const nowMs = this.#context.clock.nowMs();
    return orders.map((order) => toOrderSnapshot(order, nowMs));
  }

  /** See {@link reconcileWithAlpaca}; `sinceMs` is on the connector's clock and moved to Alpaca's. */
  async reconcile(sinceMs: number): Promise<ReconciliationReport> {
    const estimate = this.#skew.estimate();
    const offsetMs = estimate?.offsetMs ?? 0;
    const uncertaintyMs = estimate?.uncertaintyMs ?? 0;
    return reconcileWithAlpaca({
      rest: this.#rest,
      tracker: this.#tracker,
      sinceVenueMs: sinceMs + offsetMs - uncertaintyMs - SINCE_MARGIN_MS,
      nowVenueMs: this.#context.clock.nowMs() + offsetMs,
      logger: this.#context.logger,
      onUnknownStatus: (order) =>
        this.#context.health.reportProtocolError(
          new TickwireError({
            code: 'PROTOCOL_ERROR',
            message: `Alpaca reported order ${order.client_order_id} with status "${order.status}", which this connector does not know; reported as unknown.`,
          }),
        ),
    });
  }

  async #brokerOrderIdOf(clientOrderId: string): Promise<string> {
    const known = this.#tracker.brokerOrderIdOf(clientOrderId);
    if (known !== undefined) return known;
    const order = await this.#rest.getOrderByClientOrderId(clientOrderId);
    this.#tracker.remember(order);
    return order.id;
  }

  #ack(order: AlpacaOrder): OrderAck {
    this.#tracker.remember(order);
    const { status } = statusOfAlpacaOrder(order);
    return {
      clientOrderId: order.client_order_id,
      brokerOrderId: order.id,
      status,
      acceptedAtMs: alpacaTimeMs(order.submitted_at) ?? alpacaTimeMs(order.created_at) ?? this.#context.clock.nowMs(),
    };
  }
}

/** How the order Alpaca holds differs from a body: empty when a resend would have created the same order. */
function differencesFrom(existing: AlpacaOrder, body: AlpacaOrderBody): string[] {
  const differences: string[] = [];
  const compareText = (name: string, held: unknown, sent: unknown) => {
    if (sent !== undefined && held !== sent) differences.push(`${name} ${String(held)} vs ${String(sent)}`);
  };
  const compareNumber = (name: string, held: string | null | undefined, sent: string | undefined) => {
    if (sent !== undefined && alpacaNumber(held) !== Number(sent)) differences.push(`${name} ${held} vs ${sent}`);
  };
  compareText('symbol', existing.symbol, body.symbol);
  compareText('side', existing.side, body.side);
  compareText('type', existing.type ?? existing.order_type, body.type);
  compareNumber('qty', existing.qty, body.qty);
  compareNumber('notional', existing.notional, body.notional);
  compareNumber('limit price', existing.limit_price, body.limit_price);
  compareNumber('stop price', existing.stop_price, body.stop_price);
  return differences;
}
