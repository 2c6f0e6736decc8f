import { OrderError, type OrderErrorCode } from '@tickwire/core';
import { type CoinbaseRestResponse, describeCoinbaseErrorBody } from './coinbase-rest-errors';
import type { CoinbaseCreateOrderResponse } from './coinbase-rest-messages';

// Coinbase's create-order failure reasons that mean "not enough money or coins".
const FUNDS_REASONS = new Set(['INSUFFICIENT_FUND', 'INSUFFICIENT_FUNDS', 'PREVIEW_INSUFFICIENT_FUND']);

/**
 * The `OrderError` for a create answered with `"success": false`: `INSUFFICIENT_FUNDS` for Coinbase's
 * insufficient-fund reasons, `ORDER_REJECTED` for every other reason, with the venue's code and words kept.
 */
export function createOrderFailure(clientOrderId: string, answer: CoinbaseCreateOrderResponse): OrderError {
  const failure = answer.error_response ?? {};
  const reason =
    failure.error ?? failure.preview_failure_reason ?? failure.new_order_failure_reason ?? answer.failure_reason;
  const words = [failure.message, failure.error_details].filter((part) => typeof part === 'string' && part !== '');
  const code: OrderErrorCode =
    FUNDS_REASONS.has(reason ?? '') || FUNDS_REASONS.has(failure.preview_failure_reason ?? '')
      ? 'INSUFFICIENT_FUNDS'
      : 'ORDER_REJECTED';
  const next =
    code === 'INSUFFICIENT_FUNDS'
      ? 'Reduce the size or fund the account before sending it again.'
      : 'Fix what Coinbase names and send a new order.';
  return new OrderError({
    code,
    clientOrderId,
    ...(reason === undefined ? {} : { brokerCode: reason }),
    ...(words.length === 0 ? {} : { brokerMessage: words.join(': ') }),
    message: `Coinbase rejected order ${clientOrderId}: ${reason ?? 'no reason given'}${words.length === 0 ? '' : ` (${words.join(': ')})`}. ${next}`,
  });
}

/** The `OrderError` for one failed entry of a batch cancel. */
export function cancelFailure(clientOrderId: string, orderId: string, failureReason: string | undefined): OrderError {
  const reason = failureReason ?? 'UNKNOWN_CANCEL_FAILURE_REASON';
  const code: OrderErrorCode =
    reason === 'UNKNOWN_CANCEL_ORDER' || reason === 'INVALID_CANCEL_REQUEST'
      ? 'ORDER_NOT_FOUND'
      : 'ORDER_NOT_CANCELABLE';
  return new OrderError({
    code,
    clientOrderId,
    brokerOrderId: orderId,
    brokerCode: reason,
    message:
      code === 'ORDER_NOT_FOUND'
        ? `Coinbase does not know order ${clientOrderId} (order_id ${orderId}): ${reason}. Check the id; it may have been placed elsewhere.`
        : `Coinbase would not cancel order ${clientOrderId} (order_id ${orderId}): ${reason}. It is probably already filled, canceled or expired; its final state arrives as an order event.`,
  });
}

/** The `OrderError` for an order Coinbase does not know (HTTP 404, or no such client order id among open orders). */
export function orderNotFound(clientOrderId: string, what: string, response?: CoinbaseRestResponse): OrderError {
  return new OrderError({
    code: 'ORDER_NOT_FOUND',
    clientOrderId,
    ...(response === undefined ? {} : { brokerMessage: describeCoinbaseErrorBody(response.body) }),
    message: `Coinbase has no order ${clientOrderId} ${what}. Check the client order id; an order placed elsewhere cannot be changed through this connector.`,
  });
}
