import type { Fill } from '../domain/order-event';
import type { OrderRequest, ReplaceRequest } from '../domain/order-request';
import type { OrderSnapshot } from '../domain/order-snapshot';
import { ORDER_STATUSES, type OrderStatus } from '../domain/order-status';
import { TickwireError } from '../errors/tickwire-error';

/**
 * What the order manager reads from a transmitter's answer. Any object with a string `brokerOrderId` and/or a
 * known `status` counts (a connector may return its `OrderSnapshot` as is); anything else means "accepted, no
 * details".
 */
export interface TransmitAcknowledgement {
  readonly brokerOrderId?: string;
  /** The status in the broker's answer, when it gives one (applied like a broker event). */
  readonly status?: OrderStatus;
}

/**
 * The wire: what the order manager calls to reach the broker. An `ITradingConnector` fits as is (its
 * `submitOrder`/`cancelOrder`/`replaceOrder` have these shapes). A resolved promise means the broker accepted the request (see
 * {@link TransmitAcknowledgement} for what is read from the value); a thrown error is classified by
 * {@link TransmitErrorClassifier}.
 */
export interface OrderTransmitter {
  submitOrder(request: OrderRequest): Promise<unknown>;
  /** `brokerOrderId` is passed when known, which saves the connector a lookup. */
  cancelOrder(request: { readonly clientOrderId: string; readonly brokerOrderId?: string }): Promise<unknown>;
  replaceOrder(request: ReplaceRequest): Promise<unknown>;
}

/** Reads a transmitter's answer as a {@link TransmitAcknowledgement}; `undefined` when it carries nothing usable. */
export function readAcknowledgement(answer: unknown): TransmitAcknowledgement | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const { brokerOrderId, status } = answer as { brokerOrderId?: unknown; status?: unknown };
  const id = typeof brokerOrderId === 'string' && brokerOrderId.length > 0 ? brokerOrderId : undefined;
  const known = typeof status === 'string' && (ORDER_STATUSES as readonly string[]).includes(status);
  if (id === undefined && !known) return undefined;
  return { ...(id === undefined ? {} : { brokerOrderId: id }), ...(known ? { status: status as OrderStatus } : {}) };
}

/**
 * How a failed transmission ended:
 * - `rejected`: the broker refused the request; nothing is live.
 * - `not-sent`: the request never left (not connected, rate limited locally): safe to send again with the same id.
 * - `unknown`: it may or may not have reached the broker (timeout, connection lost mid-request): the order
 *   becomes `unknown` until a broker event or the reconciliation says what happened. Never resend blindly.
 */
export type TransmitErrorClass = 'rejected' | 'not-sent' | 'unknown';

/** Maps a transmitter's error to a {@link TransmitErrorClass}. */
export type TransmitErrorClassifier = (error: unknown) => TransmitErrorClass;

/**
 * The default classifier, from tickwire error codes: broker refusals are `rejected`, requests that cannot have left
 * are `not-sent`, and everything else (timeouts, lost connections, 5xx, foreign errors) is `unknown`, the only safe
 * answer when in doubt.
 */
export function classifyTransmitError(error: unknown): TransmitErrorClass {
  if (!TickwireError.isInstance(error)) return 'unknown';
  switch (error.code) {
    case 'ORDER_REJECTED':
    case 'ORDER_NOT_FOUND':
    case 'ORDER_NOT_CANCELABLE':
    case 'INSUFFICIENT_FUNDS':
    case 'INVALID_ARGUMENT':
    case 'NOT_SUPPORTED':
    case 'RISK_DENIED':
      return 'rejected';
    case 'NOT_CONNECTED':
    case 'RATE_LIMITED':
    case 'AUTH_FAILED':
    case 'CAPACITY_EXCEEDED':
      return 'not-sent';
    default:
      return 'unknown';
  }
}

/**
 * The check that runs immediately before every transmission. `RiskGate` implements it; each method returns 0 to
 * allow or a nonzero reason code to deny, synchronously and without allocating.
 */
export interface PreTransmitGate {
  checkSubmit(request: OrderRequest, nowMs: number): number;
  /** `replacedOpenQuantity` is the unfilled quantity of the order being replaced, which the replacement takes over. */
  checkReplace(replacement: OrderRequest, replacedOpenQuantity: number, nowMs: number): number;
  /** `emergency` is true for the kill switch's cancels. */
  checkCancel(clientOrderId: string, symbol: string, nowMs: number, emergency: boolean): number;
  reasonName(code: number): string;
  /** Called when an allowed request never left, so a retry with the same client order id is not a duplicate. */
  forgetClientOrderId(clientOrderId: string): void;
}

/** The result of {@link OrderManager.submit} and {@link OrderManager.replace}. */
export type SubmitOutcome =
  /** The broker accepted the request (the order's later life arrives as events). */
  | { readonly kind: 'accepted'; readonly clientOrderId: string; readonly brokerOrderId: string | undefined }
  /** The pre-transmit gate refused it; nothing was sent. A retry with the same id is checked again. */
  | { readonly kind: 'denied'; readonly clientOrderId: string; readonly reasonCode: number; readonly reason: string }
  /** The broker refused it. Final: a retry with the same id returns this again. */
  | { readonly kind: 'rejected'; readonly clientOrderId: string; readonly reason: string }
  /** It may or may not have reached the broker; the order is `unknown` until reconciled. A retry returns this. */
  | { readonly kind: 'unknown'; readonly clientOrderId: string; readonly reason: string }
  /**
   * The manager did not send it: the request is invalid, or (with `retryable`) the manager is reconciling or could
   * not send it just now. Not remembered: a retry with the same id is handled afresh.
   */
  | { readonly kind: 'refused'; readonly clientOrderId: string; readonly reason: string; readonly retryable: boolean };

/** The result of {@link OrderManager.cancel}. */
export type CancelOutcome =
  | { readonly kind: 'sent'; readonly clientOrderId: string }
  | { readonly kind: 'denied'; readonly clientOrderId: string; readonly reasonCode: number; readonly reason: string }
  /** Already terminal, or not known to the manager: nothing was sent. */
  | { readonly kind: 'not-open'; readonly clientOrderId: string; readonly status: OrderStatus | undefined }
  | { readonly kind: 'failed'; readonly clientOrderId: string; readonly reason: string; readonly retryable: boolean }
  | { readonly kind: 'unknown'; readonly clientOrderId: string; readonly reason: string };

/** What the broker says after a reconnect: its open orders and the fills since a time. */
export interface BrokerReconciliationState {
  readonly openOrders: readonly OrderSnapshot[];
  readonly fills: readonly Fill[];
  /** Orders the broker reports as closed (filled, canceled, expired, rejected), where it offers them. */
  readonly closedOrders?: readonly OrderSnapshot[];
}

/** The connector side of reconciliation: an `ITradingConnector` fits as is (its `reconcile(sinceMs)`). */
export interface ReconciliationSource {
  reconcile(sinceMs: number): Promise<BrokerReconciliationState>;
}

/**
 * What reconciliation does with a local open order that the broker no longer lists as open, that its fills do not
 * complete, and that it does not report as closed:
 * - `resolve` (default): an order the broker had acknowledged becomes `canceled`; one it never acknowledged
 *   becomes `rejected`. Both are reported as resolutions.
 * - `keep-unknown`: it becomes (or stays) `unknown` and is reported as unresolved, for an operator to settle.
 */
export type MissingOrderPolicy = 'resolve' | 'keep-unknown';
