import {
  type CancelRequest,
  type ConnectorContext,
  isTerminalStatus,
  isTickwireError,
  type OrderAck,
  OrderError,
  type OrderEvent,
  type OrderRequest,
  type OrderSnapshot,
  type ReconciliationReport,
  TickwireError,
} from '@tickwire/core';
import { buildCoinbaseOrderConfiguration } from './coinbase-order-configuration';
import { cancelFailure, createOrderFailure, orderNotFound } from './coinbase-order-errors';
import type { CoinbaseOrderHistory } from './coinbase-order-history';
import { coinbaseFillToFill, historicalOrderToSnapshot } from './coinbase-order-mapping';
import type { CoinbaseRestClient } from './coinbase-rest-client';
import { coinbaseHttpError, describeCoinbaseErrorBody } from './coinbase-rest-errors';
import type {
  CoinbaseBatchCancelResponse,
  CoinbaseCreateOrderResponse,
  CoinbaseHistoricalOrder,
} from './coinbase-rest-messages';
import type { CoinbaseVenueClock } from './coinbase-venue-clock';

// Coinbase cancels at most this many orders in one batch_cancel call.
const BATCH_CANCEL_LIMIT = 100;
// Reconciliation asks for fills from this long before the given time: a fill stamped in the same instant as the
// disconnect, or a clock offset measured a little wrong, must not fall outside the window. Extra fills are harmless
// (the order manager deduplicates them by execution id); a missing one is not.
const RECONCILE_LOOKBACK_MS = 2_000;

/**
 * Order entry over REST: create (every order configuration), batch cancel, open orders and reconciliation. Keeps
 * the client-to-venue order id map that cancels need (Coinbase cancels by `order_id` only) and the set of orders
 * believed working, which reconciliation looks up after a reconnect.
 */
export class CoinbaseOrderEntry {
  readonly #rest: CoinbaseRestClient;
  readonly #history: CoinbaseOrderHistory;
  readonly #context: ConnectorContext;
  readonly #venueClock: CoinbaseVenueClock;
  readonly #orderIdByClientId = new Map<string, string>();
  readonly #clientIdByOrderId = new Map<string, string>();
  readonly #working = new Set<string>();

  constructor(
    rest: CoinbaseRestClient,
    history: CoinbaseOrderHistory,
    context: ConnectorContext,
    venueClock: CoinbaseVenueClock,
  ) {
    this.#rest = rest;
    this.#history = history;
    this.#context = context;
    this.#venueClock = venueClock;
  }

  /** Learns an order's ids and whether it is still working, from an order event. */
  noteOrderEvent(event: OrderEvent): void {
    if (event.brokerOrderId === undefined) return;
    this.#remember(event.clientOrderId, event.brokerOrderId);
    if (isTerminalStatus(event.status)) this.#working.delete(event.brokerOrderId);
    else this.#working.add(event.brokerOrderId);
  }

  /** `POST /orders`. */
  async submit(order: OrderRequest): Promise<OrderAck> {
    const orderConfiguration = buildCoinbaseOrderConfiguration(order);
    const operation = `create order ${order.clientOrderId}`;
    const response = await this.#sendOrderChange(order.clientOrderId, {
      method: 'POST',
      path: '/orders',
      operation,
      // Coinbase answers a repeated client_order_id with the order it already holds, so resending is safe.
      idempotent: true,
      body: {
        client_order_id: order.clientOrderId,
        product_id: order.symbol,
        side: order.side === 'buy' ? 'BUY' : 'SELL',
        order_configuration: orderConfiguration,
      },
    });
    const answer = (response.body ?? {}) as CoinbaseCreateOrderResponse;
    if (response.status === 400 && answer.success === undefined) {
      throw new OrderError({
        code: 'ORDER_REJECTED',
        clientOrderId: order.clientOrderId,
        brokerMessage: describeCoinbaseErrorBody(response.body),
        message: `Coinbase refused order ${order.clientOrderId} as invalid (HTTP 400: ${describeCoinbaseErrorBody(response.body)}). Fix the order's values and send a new one.`,
      });
    }
    if (response.status >= 300) throw this.#httpError(response, operation, order.clientOrderId);
    if (answer.success !== true) throw createOrderFailure(order.clientOrderId, answer);
    const orderId = answer.success_response?.order_id;
    if (typeof orderId !== 'string' || orderId === '') {
      throw new OrderError({
        code: 'ORDER_OUTCOME_UNKNOWN',
        clientOrderId: order.clientOrderId,
        message: `Coinbase accepted order ${order.clientOrderId} but sent no order_id. Reconcile before sending it again.`,
      });
    }
    this.#remember(order.clientOrderId, orderId);
    this.#working.add(orderId);
    return {
      clientOrderId: order.clientOrderId,
      brokerOrderId: orderId,
      status: 'pending-new',
      acceptedAtMs: this.#venueClock.nowMs(),
    };
  }

  /** `POST /orders/batch_cancel` for one order, finding its `order_id` among open orders when it is not known. */
  async cancel(request: CancelRequest): Promise<void> {
    const { clientOrderId } = request;
    const orderId =
      request.brokerOrderId ??
      this.#orderIdByClientId.get(clientOrderId) ??
      (await this.#history.openOrders()).find((order) => order.client_order_id === clientOrderId)?.order_id;
    if (orderId === undefined) throw orderNotFound(clientOrderId, 'among its open orders (cancel)');
    const [result] = await this.#batchCancel([orderId], clientOrderId);
    if (result?.success !== true) throw cancelFailure(clientOrderId, orderId, result?.failure_reason);
  }

  /** Cancels every open order: one listing, then batch cancels of up to 100 orders each. */
  async cancelAll(): Promise<void> {
    const open = await this.#history.openOrders();
    const failures: string[] = [];
    for (let start = 0; start < open.length; start += BATCH_CANCEL_LIMIT) {
      const ids = open.slice(start, start + BATCH_CANCEL_LIMIT).map((order) => order.order_id);
      const results = await this.#batchCancel(ids, 'cancel all');
      for (const result of results) {
        if (result.success !== true)
          failures.push(`${result.order_id ?? '?'} (${result.failure_reason ?? 'no reason'})`);
      }
    }
    if (failures.length > 0) {
      this.#context.logger.warn('Coinbase refused some cancels of cancel-all', { failures });
    }
  }

  /** Every order still working at Coinbase. */
  async openOrders(): Promise<OrderSnapshot[]> {
    const open = await this.#history.openOrders();
    for (const order of open) this.#learn(order);
    return open.flatMap((order) => this.#snapshot(order));
  }

  /**
   * Open orders now; orders that were working when last heard of, or that filled since `sinceMs`, and are final
   * now; and every fill at or after `sinceMs` (host time, converted to Coinbase's clock, with a small lookback).
   */
  async reconcile(sinceMs: number): Promise<ReconciliationReport> {
    const venueSinceMs = this.#venueClock.toVenueMs(sinceMs) - this.#venueClock.uncertaintyMs - RECONCILE_LOOKBACK_MS;
    const [open, fills] = await Promise.all([this.#history.openOrders(), this.#history.fillsSince(venueSinceMs)]);
    for (const order of open) this.#learn(order);
    const openIds = new Set(open.map((order) => order.order_id));
    const candidates = new Set([...this.#working, ...fills.map((fill) => fill.order_id)]);
    for (const id of openIds) candidates.delete(id);
    const closed: OrderSnapshot[] = [];
    for (const orderId of candidates) {
      const order = await this.#history.order(orderId);
      if (order === undefined) continue;
      this.#learn(order);
      const snapshot = this.#snapshot(order)[0];
      if (snapshot !== undefined && isTerminalStatus(snapshot.status)) {
        closed.push(snapshot);
        this.#working.delete(orderId);
      }
    }
    return {
      openOrders: open.flatMap((order) => this.#snapshot(order)),
      closedOrders: closed,
      fills: fills.flatMap((fill) => {
        const converted = coinbaseFillToFill(fill, this.#clientIdByOrderId.get(fill.order_id) ?? fill.order_id);
        return converted === undefined ? [] : [converted];
      }),
      asOfMs: this.#venueClock.nowMs(),
    };
  }

  async #batchCancel(orderIds: string[], what: string) {
    const operation = `cancel ${what}`;
    const response = await this.#sendOrderChange(what, {
      method: 'POST',
      path: '/orders/batch_cancel',
      operation,
      idempotent: true,
      body: { order_ids: orderIds },
    });
    if (response.status >= 300) throw this.#httpError(response, operation, what);
    return (response.body as CoinbaseBatchCancelResponse | undefined)?.results ?? [];
  }

  /** Sends an order-changing request; a failure after it may have reached Coinbase is `ORDER_OUTCOME_UNKNOWN`. */
  async #sendOrderChange(clientOrderId: string, request: Parameters<CoinbaseRestClient['send']>[0]) {
    try {
      return await this.#rest.send(request);
    } catch (error) {
      if (!isTickwireError(error) || error.code === 'ABORTED') throw error;
      if (error.code === 'CONNECTION_FAILED' && error.retryable) throw error;
      throw new OrderError({
        code: 'ORDER_OUTCOME_UNKNOWN',
        clientOrderId,
        message: `${request.operation} may or may not have reached Coinbase (${error.message}). Reconcile before acting on order ${clientOrderId} again.`,
        cause: error,
      });
    }
  }

  #httpError(response: Parameters<typeof coinbaseHttpError>[0], operation: string, clientOrderId: string) {
    const error = coinbaseHttpError(response, operation, this.#context.clock.nowMs());
    if (error.code !== 'BROKER_UNAVAILABLE') return error;
    return new OrderError({
      code: 'ORDER_OUTCOME_UNKNOWN',
      clientOrderId,
      message: `${error.message} Whether ${operation} took effect is unknown: reconcile before acting on it again.`,
      cause: error,
    });
  }

  #learn(order: CoinbaseHistoricalOrder): void {
    if (order.client_order_id !== undefined && order.client_order_id !== '') {
      this.#remember(order.client_order_id, order.order_id);
    }
  }

  #remember(clientOrderId: string, orderId: string): void {
    this.#orderIdByClientId.set(clientOrderId, orderId);
    this.#clientIdByOrderId.set(orderId, clientOrderId);
  }

  #snapshot(order: CoinbaseHistoricalOrder): OrderSnapshot[] {
    const snapshot = historicalOrderToSnapshot(order);
    if (snapshot !== undefined) return [snapshot];
    this.#context.health.reportProtocolError(
      new TickwireError({
        code: 'PROTOCOL_ERROR',
        message: `Coinbase order ${order.order_id} lacks a side, product, type or time in force tickwire can read (order_configuration ${Object.keys(order.order_configuration ?? {}).join(', ') || 'missing'}); left out of the snapshot.`,
      }),
    );
    return [];
  }
}
