import type { AccountSnapshot, Position } from '../domain/account';
import type { Fill } from '../domain/order-event';
import type { OrderRequest, ReplaceRequest } from '../domain/order-request';
import type { OrderSnapshot } from '../domain/order-snapshot';
import type { OrderStatus } from '../domain/order-status';
import type { DataKind } from './capabilities';
import type { ConnectionState, ConnectionStateListener } from './connection-state';
import type { ConnectorSpecificationVersion } from './specification-version';

/** Market data to start or stop: every kind in `kinds` for every symbol in `symbols`. */
export interface SubscriptionRequest {
  /** Canonical symbols, e.g. `AAPL`, `BTC-USD`. */
  readonly symbols: readonly string[];
  readonly kinds: readonly DataKind[];
}

/** The broker's acceptance of a submit or replace. */
export interface OrderAck {
  readonly clientOrderId: string;
  readonly brokerOrderId: string;
  /** Status at acceptance, usually `pending-new` or `new` (a marketable order may already be `filled`). */
  readonly status: OrderStatus;
  /** When the broker accepted it, epoch milliseconds (venue time where given). */
  readonly acceptedAtMs: number;
}

/** Which order to cancel. The broker order id is passed when the order manager knows it, which saves a lookup. */
export interface CancelRequest {
  readonly clientOrderId: string;
  readonly brokerOrderId?: string;
}

/** What the broker holds now, and what happened since a time: the order manager's view after a reconnect. */
export interface ReconciliationReport {
  /** Every order still working at the broker. */
  readonly openOrders: readonly OrderSnapshot[];
  /**
   * Orders that reached a final state (filled, canceled, expired, rejected, replaced) at or after `sinceMs`.
   * Empty when the capability `reconciliation` is false.
   */
  readonly closedOrders: readonly OrderSnapshot[];
  /** Every execution at or after `sinceMs`, incremental, with the broker's execution ids. */
  readonly fills: readonly Fill[];
  /** Broker time the report reflects, epoch milliseconds. */
  readonly asOfMs: number;
}

/**
 * A broker connector, specification `tickwire.connector/v1`.
 *
 * **Lifecycle.** `connect()` opens the connections, authenticates and resolves once {@link state} is `connected`;
 * it rejects with `AUTH_FAILED` (not retryable), `CONNECTION_FAILED` or `TIMEOUT`, leaving the state `failed`.
 * After an unexpected drop the connector itself moves to `reconnecting`, reconnects with backoff, restores every
 * subscription, and moves back to `connected`; the host then calls {@link reconcile} with the time the connection
 * was lost. `disconnect()` stops reconnecting, closes everything and resolves in state `disconnected`; it never
 * cancels orders (the host applies its open-order policy first). Both are idempotent. Aborting
 * `context.signal` has the same effect as `disconnect()`.
 *
 * **Data.** Ticks go to `context.tickWriter`, full-precision events to `context.marketData`, feed health to
 * `context.health`. **Orders.** Every status change and fill goes to `context.orderEvents`, including changes the
 * connector caused itself.
 *
 * **Errors.** Methods reject with tickwire errors (see `isTickwireError`): `NOT_CONNECTED` while not connected,
 * `NOT_SUPPORTED` for a capability the manifest does not claim, `RATE_LIMITED` with a delay, order errors with the
 * broker's code and words. A network failure after an order request was sent rejects with `ORDER_OUTCOME_UNKNOWN`:
 * the order manager then reconciles instead of guessing.
 */
export interface ITradingConnector {
  /** Always `'tickwire.connector/v1'` for this interface; the host checks it on every instance it creates. */
  readonly specificationVersion: ConnectorSpecificationVersion;
  /** The current connection state. */
  readonly state: ConnectionState;
  /** Adds a state listener; returns the function that removes it. */
  onStateChange(listener: ConnectionStateListener): () => void;

  connect(): Promise<void>;
  disconnect(): Promise<void>;

  /**
   * Starts market data. Resolves once the venue acknowledged (or, where it sends no acknowledgement, once the
   * request was sent). Already-subscribed pairs are left alone. Subscriptions survive reconnects. Rejects with
   * `SUBSCRIPTION_FAILED` naming the symbols the venue refused, or `NOT_SUPPORTED` for a data kind the manifest
   * does not list.
   */
  subscribe(request: SubscriptionRequest): Promise<void>;
  /** Stops market data; pairs that were not subscribed are ignored. */
  unsubscribe(request: SubscriptionRequest): Promise<void>;

  /**
   * Sends an order that the order manager and the risk gate accepted. Resolves when the broker accepted it;
   * later changes arrive through `context.orderEvents`. A rejection the broker gives in its answer rejects the
   * promise with an `OrderError` (`ORDER_REJECTED`, `INSUFFICIENT_FUNDS`, ...) and is not also emitted as an event.
   */
  submitOrder(order: OrderRequest): Promise<OrderAck>;
  /**
   * Asks the broker to cancel. Resolves when the request was accepted; the `canceled` event follows (or a fill, if
   * the order filled first). Rejects with `ORDER_NOT_FOUND` or `ORDER_NOT_CANCELABLE`.
   */
  cancelOrder(request: CancelRequest): Promise<void>;
  /**
   * Replaces a working order with one carrying `newClientOrderId`. Resolves with the new order's acknowledgement;
   * the old order's `replaced` event follows. Rejects with `NOT_SUPPORTED` when `capabilities.replaceOrders` is false.
   */
  replaceOrder(request: ReplaceRequest): Promise<OrderAck>;
  /**
   * Cancels every open order in one venue call (the kill switch uses it). Present only when
   * `capabilities.cancelAllOrders` is true; otherwise the host cancels open orders one by one.
   */
  cancelAllOrders?(): Promise<void>;

  getAccount(): Promise<AccountSnapshot>;
  getPositions(): Promise<readonly Position[]>;
  getOpenOrders(): Promise<readonly OrderSnapshot[]>;
  /**
   * Open orders now, plus orders closed and fills made at or after `sinceMs` (epoch milliseconds): what the order
   * manager missed while disconnected. Fills the connector also emitted as events are fine; they deduplicate.
   */
  reconcile(sinceMs: number): Promise<ReconciliationReport>;
}
